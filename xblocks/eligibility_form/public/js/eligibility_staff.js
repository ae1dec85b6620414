/* Course staff's review of applications: the filtered queue, one application's detail (identifiers masked
 * unless revealed through a recorded POST), decisions (eligibility_decisions.js) and downloads
 * (eligibility_downloads.js). */
(function (root) {
  "use strict";
  var EligibilityForm = root.EligibilityForm = root.EligibilityForm || {};

  EligibilityForm.staff = function (ctx) {
    var S = ctx.S, $ = ctx.$, $all = ctx.$all, say = ctx.say;
    var make = root.CarbonDom.make, fmt = root.CarbonDom.fmt, rules = EligibilityForm.rules;
    var current = null;
    var queueRows = {};  // id -> the queue's row, to name the applicants a batch decision concerns
    var decisions = EligibilityForm.decisions(ctx, function (payload) {
      loadQueue();
      if (current && payload.id) { loadDetail(current.id, false); }
    });

    function filters() {
      var params = new URLSearchParams();
      $all(".ef-filters [name]").forEach(function (input) { if (input.value) { params.set(input.name, input.value); } });
      return params;
    }
    function queueRow(row) {
      var check = make("input", {type: "checkbox", value: String(row.id), className: "ef-select",
        "aria-label": (row.name || row.username) + " " + S.approve});
      var open = make("button", {type: "button", text: S.view, "aria-label": S.view + " " + (row.name || row.username)});
      open.addEventListener("click", function () { loadDetail(row.id, false); });
      return make("tr", {}, [check, row.name, row.username, row.status_label, row.qualifying_condition_label || "", row.id_number,
        (row.submitted_at || "").slice(0, 16).replace("T", " "), open].map(function (value) {
        return value instanceof Node ? make("td", {}, [value]) : make("td", {text: value});
      }));
    }
    function loadQueue() {
      ctx.request("GET", "staff_applications", null, filters().toString()).then(function (data) {
        var summary = $(".ef-overview");
        if (summary && data.summary_html) { summary.innerHTML = data.summary_html; }  // rendered and escaped on the server
        var body = $(".ef-queue tbody");
        body.textContent = "";
        if (!data.applications.length) { body.appendChild(make("tr", {}, [make("td", {colspan: "8", text: S.no_results})])); }
        queueRows = {};
        data.applications.forEach(function (row) { queueRows[row.id] = row; body.appendChild(queueRow(row)); });
      }, function (e) { say(".ef-staff-message", e.message); });
    }

    function showAnswers(data, id, reveal) {
      var dl = $(".ef-detail-answers");
      dl.textContent = "";
      Object.keys(data.field_labels).forEach(function (field) {
        if (data.answers[field] === undefined || data.answers[field] === "") { return; }
        var value = data.labels[field] || data.answers[field];
        var dd = make("dd", {text: value === true ? "✔" : value === false ? "✘" : value});
        if (field === "id_number" && !reveal) {
          var show = make("button", {type: "button", text: S.show_id});
          show.addEventListener("click", function () { loadDetail(id, true); });
          dd.append(" ", show);
        }
        dl.append(make("dt", {text: data.field_labels[field]}), dd);
      });
    }
    function showMaterials(data) {
      var list = $(".ef-detail-materials");
      list.textContent = "";
      data.materials.forEach(function (material) {
        var li = make("li", {}, [fmt(S.label_prefix, {label: material.label})]);
        if (material.file) {
          li.appendChild(make("a", {href: material.file.url, target: "_blank", rel: "noopener", text: S.view}));
          if (material.file.file_type !== "pdf") {
            li.appendChild(make("img", {src: material.file.url, alt: material.label, className: "ef-preview"}));
          }
        } else { li.append("—"); }
        list.appendChild(li);
      });
    }
    function loadDetail(id, reveal) {
      // Full ID number, mobile and birth date only through a POST the server records; the GET is always masked.
      var shown = reveal ? ctx.request("POST", "staff_reveal_identifiers", {id: id}) : Promise.resolve(null);
      shown.then(function (revealed) {
        return ctx.request("GET", "staff_application_detail", null, "id=" + id).then(function (data) {
          data.answers = rules.withRevealed(data.answers, revealed);
          return data;
        });
      }).then(function (data) {
        current = data;
        var detail = $(".ef-detail");
        detail.hidden = false;
        say(".ef-detail-title", (data.answers.name || data.username) + " — " + data.status_label);
        showAnswers(data, id, reveal);
        say(".ef-detail-eligibility", data.eligibility.summary.join(" "));
        showMaterials(data);
        var history = $(".ef-history");
        history.textContent = "";
        data.history.forEach(function (entry) {
          history.appendChild(make("li", {text: entry.at.slice(0, 16).replace("T", " ") + " " + (entry.action_label || entry.action) + " " + entry.actor}));
        });
        $all(".ef-decide").forEach(function (button) { button.disabled = data.status !== "submitted"; });
        detail.focus();
      }, function (e) { say(".ef-staff-message", e.message); });
    }

    $(".ef-filters").addEventListener("submit", function (event) { event.preventDefault(); loadQueue(); });
    $all(".ef-export").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var params = filters();
        params.set("format", link.dataset.format);
        if ($(".ef-reveal-ids").checked) { params.set("reveal_ids", "1"); }
        EligibilityForm.postDownload(ctx, "export_applications", params);
      });
    });
    $(".ef-zip").addEventListener("click", function (event) {
      event.preventDefault();
      EligibilityForm.postDownload(ctx, "download_materials_zip", filters());
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
        decisions.confirm($(".ef-review"), {id: current.id, decision: decision, reason: reason},
          fmt(S["confirm_" + decision], {who: rules.who(current), reason: reason}), S["yes_" + decision]);
      });
    });
    $(".ef-batch-approve").addEventListener("click", function () {
      var ids = $all(".ef-select:checked").map(function (box) { return parseInt(box.value, 10); });
      if (!ids.length) { return; }
      var names = ids.map(function (id) { return queueRows[id] ? rules.who(queueRows[id]) : String(id); }).join("、");
      decisions.confirm($(".ef-batch-approve"), {ids: ids, decision: "approve", reason: ""},
        root.CarbonDom.ngettext(S.confirm_batch, ids.length, {who: names}), S.yes_approve);
    });
    loadQueue();
  };
}(this));
