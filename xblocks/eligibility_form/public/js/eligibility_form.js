/* Application form and staff review queue. Every query is scoped to this block's element. */
function EligibilityFormInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  var S = args.strings || {};
  var state = args.state;
  var saveTimer = null;

  function $(selector) { return element.querySelector(selector); }
  function $all(selector) { return Array.prototype.slice.call(element.querySelectorAll(selector)); }
  function url(name, query) { return runtime.handlerUrl(element, name) + (query ? "?" + query : ""); }
  function say(selector, text) { var node = $(selector); if (node) { node.textContent = text || ""; } }
  function format(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  }

  function request(method, name, data, query) {
    return window.CarbonHttp.requestJson(url(name, query), {method: method, data: data, failed: S.failed});
  }

  // --- the learner's form ----------------------------------------------------------------------
  var form = $(".ef-form");

  function answers() {
    var data = {};
    $all(".ef-form [name]").forEach(function (input) {
      data[input.name] = input.type === "checkbox" ? input.checked : input.value.trim();
    });
    return data;
  }

  function fieldError(input, message) {
    var id = input.id + "-error";
    var node = element.querySelector("#" + CSS.escape(id));
    if (!node && message) {
      node = document.createElement("p");
      node.id = id;
      node.className = "ef-field-error";
      input.closest(".ef-field, .ef-check").appendChild(node);
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + id).trim());
    }
    if (node) { node.textContent = message || ""; }
    input.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function showErrors(errors) {
    $all(".ef-form [name]").forEach(function (input) { fieldError(input, (errors || {})[input.name]); });
  }

  function toggles() {
    var major = form.querySelector("[name=major]"), certificate = form.querySelector("[name=other_certificate]");
    $(".ef-major-other").hidden = major.value !== "other";
    $(".ef-certificate").hidden = !certificate.checked;
  }

  function showEligibility(eligibility) {
    say(".ef-summary", eligibility.summary.join(" "));
    eligibility.conditions.forEach(function (condition) {
      var item = element.querySelector(".ef-conditions [data-condition='" + condition.number + "']");
      item.classList.toggle("ef-met", condition.met);
      item.classList.toggle("ef-qualifying", condition.number === eligibility.qualifying);
      item.querySelector(".ef-condition-state").textContent = condition.met ? "✔ " + S.met : "✘ " + S.not_met;
      var list = item.querySelector(".ef-missing");
      list.textContent = "";
      condition.missing.forEach(function (text) {
        var li = document.createElement("li"); li.textContent = text; list.appendChild(li);
      });
    });
  }

  function humanSize(bytes) { return bytes > 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.ceil(bytes / 1024) + " KB"; }

  function materialItem(material) {
    var li = document.createElement("li");
    li.className = "ef-material";
    li.dataset.kind = material.kind;
    var inputId = "ef-file-" + material.kind + "-" + Math.random().toString(36).slice(2, 8);
    // The native file input is visually hidden (its button would speak the browser's language, e.g.
    // "Choose File"); it stays focusable and is named by the material and the visible, translated button.
    var name = document.createElement("span");
    name.className = "ef-material-name"; name.id = inputId + "-name";
    name.textContent = material.label + (material.required ? " *" : "");
    var picker = document.createElement("span");
    picker.className = "ef-file";
    var input = document.createElement("input");
    input.type = "file"; input.id = inputId; input.className = "ef-file-input";
    input.accept = material.accepts; input.disabled = !state.editable;
    var button = document.createElement("label");
    button.htmlFor = inputId; button.id = inputId + "-button"; button.className = "ef-file-button";
    button.textContent = material.file ? S.replace_file : S.choose_file;
    var chosen = document.createElement("span");
    chosen.className = "ef-file-name"; chosen.id = inputId + "-chosen";
    chosen.textContent = material.file ? material.file.name : S.no_file;
    input.setAttribute("aria-labelledby", name.id + " " + button.id);
    input.setAttribute("aria-describedby", chosen.id);
    picker.append(input, button, chosen);
    var progress = document.createElement("progress");
    progress.max = 100; progress.value = 0; progress.hidden = true;
    progress.setAttribute("aria-label", name.textContent);
    var info = document.createElement("span");
    info.className = "ef-material-info";
    var error = document.createElement("p");
    error.className = "ef-field-error"; error.setAttribute("role", "alert");
    li.append(name, picker, progress, info, error);
    if (material.file) {
      var link = document.createElement("a");
      link.href = material.file.url; link.target = "_blank"; link.rel = "noopener";
      link.textContent = format(S.view_size, {size: humanSize(material.file.size)});
      info.append(S.uploaded + " ", link);
      if (state.editable) {
        var remove = document.createElement("button");
        remove.type = "button"; remove.textContent = S.delete; remove.className = "ef-delete";
        remove.addEventListener("click", function () {
          request("POST", "delete_material", {kind: material.kind}).then(render, function (e) { error.textContent = e.message; });
        });
        info.append(" ", remove);
      }
    }
    input.addEventListener("change", function () {
      if (input.files[0]) { chosen.textContent = input.files[0].name; upload(material.kind, input.files[0], progress, error); }
    });
    return li;
  }

  function upload(kind, file, progress, error) {
    var body = new FormData();
    body.append("kind", kind);
    body.append("file", file);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url("upload_material"));
    xhr.setRequestHeader("X-CSRFToken", window.CarbonHttp.csrfToken());
    xhr.withCredentials = true;
    progress.hidden = false; progress.value = 0; error.textContent = "";
    say(".ef-upload-message", S.uploading);
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { progress.value = Math.round(100 * event.loaded / event.total); }
    });
    xhr.addEventListener("load", function () {
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (ignore) { data = {}; }
      progress.hidden = true;
      if (xhr.status === 200) {
        render(data);
        var again = element.querySelector(".ef-materials li[data-kind='" + kind + "'] input[type=file]");
        if (again) { again.focus(); }  // the list was drawn anew: keep the keyboard where it was
        say(".ef-upload-message", S.uploaded);
      } else {
        var message = data.error ? data.error.message : (data.success || S.failed);
        error.textContent = message; say(".ef-upload-message", message);
      }
    });
    xhr.addEventListener("error", function () { progress.hidden = true; error.textContent = S.failed; });
    xhr.send(body);
  }

  // Where the application stands, what staff said and what to do next, at the top of the form.
  var shownNotice = "";
  function showNotice(notice) {
    // Redrawn only when it changes: it sits in a live region, and the draft autosaves as the learner types.
    var key = JSON.stringify([notice, notice && notice.status === "returned" ? state.decision : null]);
    if (key === shownNotice) { return; }
    shownNotice = key;
    var box = $(".ef-notice");
    box.hidden = !notice;
    box.className = "ef-notice" + (notice ? " ef-notice--" + notice.status : "");
    if (!notice) { return; }
    say(".ef-notice-title", notice.title);
    $(".ef-notice-reason").hidden = !notice.reason;
    say(".ef-notice-reason span", notice.reason);
    say(".ef-notice-next span", notice.next);
    var notes = $(".ef-decision");
    notes.textContent = "";
    var decision = notice.status === "returned" ? state.decision : null;
    Object.keys((decision && decision.notes) || {}).forEach(function (key) {
      var label = (decision.note_labels || {})[key] || key;
      var note = document.createElement("li");
      note.textContent = format(S.labelled, {label: label, text: decision.notes[key]});
      notes.appendChild(note);
    });
    notes.hidden = !notes.children.length;
  }

  function focusFirstProblem() {
    var first = element.querySelector(".ef-form [aria-invalid=true]");
    if (first) { first.focus(); }
    return !!first;
  }

  function render(newState) {
    state = newState;
    say(".ef-status-label", state.status_label);
    showNotice(state.notice);
    $all(".ef-form [name]").forEach(function (input) {
      var value = state.answers[input.name];
      if (input.type === "checkbox") { input.checked = value === true; }
      else if (document.activeElement !== input) { input.value = value === undefined || value === null ? "" : value; }
      input.disabled = !state.editable;
    });
    toggles();
    showErrors(state.errors);
    showEligibility(state.eligibility);
    var list = $(".ef-materials");
    list.textContent = "";
    state.materials.forEach(function (material) { list.appendChild(materialItem(material)); });
    $(".ef-submit").disabled = !state.editable;
    $(".ef-save").disabled = !state.editable;
    // Only when there is an application to withdraw, and it may be withdrawn (not once approved).
    $(".ef-withdraw").hidden = state.status === "none" || state.status === "approved";
  }

  // A 400 "invalid_value" from save_application means "saved, with problems": the draft was stored as
  // typed and the body carries the state plus a message per field that needs correcting.
  function savedWithProblems(e) {
    var error = e.body && e.body.error;
    return error && error.code === "invalid_value" && error.state ? error : null;
  }

  function save(announce) {
    clearTimeout(saveTimer);
    if (announce) { say(".ef-save-message", S.saving); }
    return request("POST", "save_application", answers()).then(function (data) {
      render(data); if (announce) { say(".ef-save-message", S.saved); }
    }, function (e) {
      var problems = savedWithProblems(e);
      if (!problems) { if (announce) { say(".ef-save-message", e.message); } return; }
      render(problems.state);
      showErrors(Object.assign({}, problems.state.errors, problems.errors));
      if (announce) { say(".ef-save-message", S.saved_with_problems); focusFirstProblem(); }
    });
  }

  if (form && state) {
    form.addEventListener("input", function () { toggles(); clearTimeout(saveTimer); saveTimer = setTimeout(save, 900); });
    form.addEventListener("change", function () { toggles(); clearTimeout(saveTimer); saveTimer = setTimeout(save, 300); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    $(".ef-save").addEventListener("click", function () { save(true); });
    $(".ef-pdf").href = url("review_form_pdf");
    $(".ef-submit").addEventListener("click", function () {
      save(false).then(function () {
        return request("POST", "submit_application", {});
      }).then(function (data) {
        render(data); say(".ef-save-message", ""); say(".ef-message", S.submitted);
      }, function (e) {
        // The result stays next to this button; the focus goes to the first thing to fix.
        var error = (e.body && e.body.error) || {};
        if (error.errors) { showErrors(error.errors); }
        if (error.code === "materials_missing" && error.missing && error.missing.length) {
          say(".ef-message", e.message);
          var input = element.querySelector(".ef-materials li[data-kind='" + error.missing[0] + "'] input[type=file]");
          if (input) { input.focus(); }
        } else if (error.code === "not_eligible") {
          say(".ef-message", e.message);
          $(".ef-summary").focus();
        } else if (error.errors) {
          say(".ef-message", S.submit_problems + " " + e.message);
          focusFirstProblem();
        } else { say(".ef-message", e.message); }
      });
    });
    $(".ef-withdraw").addEventListener("click", function () {
      if (!window.confirm(S.confirm_withdraw)) { return; }
      request("POST", "withdraw_application", {}).then(function (data) {
        render(data); say(".ef-message", S.withdrawn);
      }, function (e) { say(".ef-message", e.message); });
    });
    render(state);
  }

  // --- course staff ---------------------------------------------------------------------------
  var staff = $(".eligibility-staff");
  var current = null;
  var queueRows = {};  // id -> the queue's row, to name the applicants a batch decision concerns
  var pending = null;  // a confirmed decision waiting out its undo period: {timer, payload}

  function filters() {
    var params = new URLSearchParams();
    $all(".ef-filters [name]").forEach(function (input) { if (input.value) { params.set(input.name, input.value); } });
    return params;
  }

  function loadQueue() {
    request("GET", "staff_applications", null, filters().toString()).then(function (data) {
      var summary = $(".ef-overview");
      if (summary && data.summary_html) { summary.innerHTML = data.summary_html; }  // rendered and escaped on the server
      var body = $(".ef-queue tbody");
      body.textContent = "";
      if (!data.applications.length) {
        var empty = document.createElement("tr"), cell = document.createElement("td");
        cell.colSpan = 8; cell.textContent = S.no_results; empty.appendChild(cell); body.appendChild(empty);
      }
      queueRows = {};
      data.applications.forEach(function (row) {
        queueRows[row.id] = row;
        var tr = document.createElement("tr");
        var check = document.createElement("input");
        check.type = "checkbox"; check.value = row.id; check.className = "ef-select";
        check.setAttribute("aria-label", (row.name || row.username) + " " + S.approve);
        var open = document.createElement("button");
        open.type = "button"; open.textContent = S.view; open.setAttribute("aria-label", S.view + " " + (row.name || row.username));
        open.addEventListener("click", function () { loadDetail(row.id, false); });
        [check, row.name, row.username, row.status_label, row.qualifying_condition || "", row.id_number,
          (row.submitted_at || "").slice(0, 16).replace("T", " "), open].forEach(function (value) {
          var td = document.createElement("td");
          if (value instanceof Node) { td.appendChild(value); } else { td.textContent = value; }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }, function (e) { say(".ef-staff-message", e.message); });
  }

  function loadDetail(id, reveal) {
    // Full ID number, mobile and birth date only through a POST the server records; the GET is always masked.
    var shown = reveal ? request("POST", "staff_reveal_identifiers", {id: id}) : Promise.resolve(null);
    shown.then(function (revealed) {
      return request("GET", "staff_application_detail", null, "id=" + id).then(function (data) {
        if (revealed) { Object.keys(revealed.answers).forEach(function (f) { if (revealed.answers[f]) { data.answers[f] = revealed.answers[f]; } }); }
        return data;
      });
    }).then(function (data) {
      current = data;
      var detail = $(".ef-detail");
      detail.hidden = false;
      say(".ef-detail-title", (data.answers.name || data.username) + " — " + data.status_label);
      var dl = $(".ef-detail-answers");
      dl.textContent = "";
      Object.keys(data.field_labels).forEach(function (field) {
        if (data.answers[field] === undefined || data.answers[field] === "") { return; }
        var dt = document.createElement("dt"); dt.textContent = data.field_labels[field];
        var dd = document.createElement("dd");
        var value = data.labels[field] || data.answers[field];
        dd.textContent = value === true ? "✔" : value === false ? "✘" : value;
        if (field === "id_number" && !reveal) {
          var show = document.createElement("button");
          show.type = "button"; show.textContent = S.show_id;
          show.addEventListener("click", function () { loadDetail(id, true); });
          dd.append(" ", show);
        }
        dl.append(dt, dd);
      });
      say(".ef-detail-eligibility", data.eligibility.summary.join(" "));
      var list = $(".ef-detail-materials");
      list.textContent = "";
      data.materials.forEach(function (material) {
        var li = document.createElement("li");
        li.append(format(S.label_prefix, {label: material.label}));
        if (material.file) {
          var link = document.createElement("a");
          link.href = material.file.url; link.target = "_blank"; link.rel = "noopener"; link.textContent = S.view;
          li.appendChild(link);
          if (material.file.file_type !== "pdf") {
            var img = document.createElement("img");
            img.src = material.file.url; img.alt = material.label; img.className = "ef-preview";
            li.appendChild(img);
          }
        } else { li.append("—"); }
        list.appendChild(li);
      });
      var history = $(".ef-history");
      history.textContent = "";
      data.history.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = entry.at.slice(0, 16).replace("T", " ") + " " + (entry.action_label || entry.action) + " " + entry.actor;
        history.appendChild(li);
      });
      $all(".ef-decide").forEach(function (button) { button.disabled = data.status !== "submitted"; });
      detail.focus();
    }, function (e) { say(".ef-staff-message", e.message); });
  }

  /* Exports and the documents ZIP are recorded in the staff member's name, so the server takes them only by POST
   * (a GET skips the CSRF check: another site could trigger it). A multipart form with the CSRF token, posted into
   * a hidden frame: the browser saves the attachment as it streams in (a ZIP of every document can be large), and
   * a refusal (a JSON body, which the frame shows instead) is read back and said. */
  function postDownload(name, params) {
    var frame = $(".ef-download-frame");
    if (!frame) {
      frame = document.createElement("iframe");
      frame.className = "ef-download-frame";
      frame.name = "ef-download-" + Math.random().toString(36).slice(2);
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      frame.addEventListener("load", function () {
        var text = "";
        try { text = frame.contentDocument && frame.contentDocument.body ? frame.contentDocument.body.textContent : ""; }
        catch (e) { text = ""; }
        if (!text) { return; }
        try { var body = JSON.parse(text); say(".ef-staff-message", (body.error && body.error.message) || S.failed); }
        catch (e) { say(".ef-staff-message", S.failed); }
      });
      element.appendChild(frame);
    }
    var post = document.createElement("form");
    post.method = "POST";
    post.enctype = "multipart/form-data";
    post.action = url(name);
    post.target = frame.name;
    post.hidden = true;
    params.set("csrfmiddlewaretoken", window.CarbonHttp.csrfToken());
    params.forEach(function (value, key) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = key; input.value = value;
      post.appendChild(input);
    });
    element.appendChild(post);
    post.submit();
    post.remove();
    say(".ef-staff-message", "");
  }

  function decide(payload) {
    request("POST", "staff_review", payload).then(function () {
      say(".ef-staff-message", S.decided); say(".ef-confirm-text", S.decided); loadQueue();
      if (current && payload.id) { loadDetail(current.id, false); }
    }, function (e) { say(".ef-staff-message", e.message); say(".ef-confirm-text", e.message); });
  }

  function who(row) { return row.name ? row.name + "（" + row.username + "）" : row.username; }

  /* Guard rails: a decision is first named (who, what, the reason) next to the button pressed and confirmed;
   * then it waits a few seconds with an Undo button before it is sent (the learner is e-mailed once it is). */
  function confirmDecision(anchor, payload, question, yesLabel) {
    var panel = $(".ef-confirm");
    if (pending) { clearTimeout(pending.timer); pending = null; }
    anchor.after(panel);
    panel.hidden = false;
    say(".ef-confirm-text", question);
    var yes = $(".ef-confirm-yes"), no = $(".ef-confirm-no");
    yes.textContent = yesLabel; yes.hidden = false;
    no.textContent = S.cancel; no.hidden = false;
    no.onclick = function () { say(".ef-confirm-text", S.cancelled); yes.hidden = true; no.hidden = true; anchor.focus(); };
    yes.onclick = function () {
      var seconds = args.undo_seconds || 0;
      yes.hidden = true;
      if (!seconds) { no.hidden = true; decide(payload); return; }
      say(".ef-confirm-text", format(S.pending, {seconds: seconds}));
      no.textContent = S.undo; no.focus();
      pending = {payload: payload, timer: setTimeout(function () {
        pending = null; no.hidden = true; decide(payload);
      }, seconds * 1000)};
      no.onclick = function () {
        if (pending) { clearTimeout(pending.timer); pending = null; }
        say(".ef-confirm-text", S.undone); no.hidden = true; anchor.focus();
      };
    };
    yes.focus();
  }

  if (staff) {
    $(".ef-filters").addEventListener("submit", function (event) { event.preventDefault(); loadQueue(); });
    $all(".ef-export").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var params = filters();
        params.set("format", link.dataset.format);
        if ($(".ef-reveal-ids").checked) { params.set("reveal_ids", "1"); }
        postDownload("export_applications", params);
      });
    });
    $(".ef-zip").addEventListener("click", function (event) {
      event.preventDefault();
      postDownload("download_materials_zip", filters());
    });
    $(".ef-ready-reasons").addEventListener("change", function (event) {
      var reason = $(".ef-reason");
      if (event.target.value) { reason.value = (reason.value ? reason.value + "\n" : "") + event.target.value; }
      event.target.value = "";
    });
    $all(".ef-decide").forEach(function (button) {
      button.addEventListener("click", function () {
        var reason = $(".ef-reason").value.trim();
        if (button.dataset.decision !== "approve" && !reason) { say(".ef-staff-message", S.reason_needed); return; }
        var decision = button.dataset.decision;
        confirmDecision($(".ef-review"), {id: current.id, decision: decision, reason: reason},
          format(S["confirm_" + decision], {who: who(current), reason: reason}), S["yes_" + decision]);
      });
    });
    $(".ef-batch-approve").addEventListener("click", function () {
      var ids = $all(".ef-select:checked").map(function (box) { return parseInt(box.value, 10); });
      if (!ids.length) { return; }
      var names = ids.map(function (id) { return queueRows[id] ? who(queueRows[id]) : String(id); }).join("、");
      confirmDecision($(".ef-batch-approve"), {ids: ids, decision: "approve", reason: ""},
        format(S.confirm_batch, {count: ids.length, who: names}), S.yes_approve);
    });
    loadQueue();
  }
}
