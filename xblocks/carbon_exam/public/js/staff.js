/* Staff tools of a carbon_exam block: attempts, grading queue, resets, extra time, exports.
 * Uses the shared CarbonDom helpers (carbon_common/public/js/carbon_dom.js). */
function CarbonExamStaffInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  var T = args.texts;
  var root = element.querySelector(".carbon-exam-staff");
  var statusEl = root.querySelector(".ces-status");
  var uid = window.CarbonDom.uniqueId("ces"), make = window.CarbonDom.make;
  var pendingOnly = true, page = {after: null, next: null, items: [], pendingAnswers: 0};  // the grading queue's page

  function call(name, data, method) {
    return window.CarbonHttp.send(runtime.handlerUrl(element, name), {method: method, data: data});
  }
  function labelled(label, value) { return window.CarbonDom.fmt(T.labelled || "{label}: {value}", {label: label, value: value}); }
  function say(text) { statusEl.textContent = text; }
  function failed(result) { say((result && result.body && result.body.error && result.body.error.message) || T.request_failed); }

  function load() {
    call("staff_submissions", null, "GET").then(function (result) {
      if (!result.ok) { failed(result); return; }
      renderAttempts(result.body.attempts);
      var distribution = root.querySelector(".ces-distribution-box");
      if (distribution && result.body.distribution_html) { distribution.innerHTML = result.body.distribution_html; }
    }, function () { say(T.request_failed); });
  }
  function renderAttempts(rows) {
    var box = root.querySelector(".ces-attempts");
    box.textContent = "";
    if (!rows.length) { box.appendChild(make("p", {text: T.empty})); return; }
    var head = make("tr", {}, [T.username, T.attempt, T.status, T.score, T.passed, T.integrity, T.actions].map(function (h) { return make("th", {scope: "col", text: h}); }));
    var table = make("table", {"class": "ces-table"}, [make("thead", {}, [head])]);
    var tbody = make("tbody");
    rows.forEach(function (row) {
      var reasonId = uid + "-r" + row.attempt;
      var reason = make("input", {id: reasonId, name: "reason"});
      var reset = make("button", {type: "button", text: T.reset});
      reset.addEventListener("click", function () {
        call("staff_reset_attempt", {attempt: row.attempt, reason: reason.value}).then(function (r) {
          if (r.ok) { say(T.saved); load(); loadQueue(page.after); } else { failed(r); }
        });
      });
      var actions = row.status === "reset" ? make("td", {text: row.reset_reason}) :
        make("td", {}, [make("label", {"for": reasonId, text: T.reason}), reason, reset]);
      var score = row.earned === null ? "" : row.earned + " / " + row.possible + (row.pending ? " (" + T.pending + ")" : "");
      tbody.appendChild(make("tr", {}, [make("td", {text: row.username}), make("td", {text: String(row.number)}),
        make("td", {text: row.status_label, "data-status": row.status}), make("td", {text: score}), make("td", {text: row.passed === null ? "" : (row.passed ? "✓" : "✗")}),
        make("td", {text: row.focus_losses + " / " + row.pastes}), actions]));
    });
    table.appendChild(tbody);
    box.appendChild(table);
  }
  /* The grading queue, one page (the answers of up to 50 attempts) at a time: page.after is the cursor it was
   * loaded with, page.next the following page's (null on the last). After each save the page is read again and
   * focus moves to the next pending answer after the saved one: on this page, else on the next page, else back
   * at the start of the queue for any answer skipped. */
  function keyOf(item) { return item.attempt + ":" + item.question; }
  function loadQueue(after) {
    var url = runtime.handlerUrl(element, "grading_queue") + "?pending=" + (pendingOnly ? "1" : "0") +
      (after ? "&after=" + encodeURIComponent(after) : "");
    return window.CarbonHttp.send(url, {method: "GET"}).then(function (result) {
      if (!result.ok) { failed(result); return false; }
      page = {after: after || null, next: result.body.next, items: result.body.queue, pendingAnswers: result.body.pending_answers};
      renderQueue();
      return true;
    }, function () { say(T.request_failed); return false; });
  }
  function pendingItems() { return page.items.filter(function (item) { return item.pending; }); }
  function renderCount() {  // every answer still waiting, on every page (the server's exact sum)
    root.querySelector(".ces-queue-count").textContent = page.pendingAnswers ?
      window.CarbonDom.ngettext(T.queue_left, page.pendingAnswers) : T.no_pending;
  }
  function renderQueue() {
    var box = root.querySelector(".ces-queue"), items = page.items;
    renderCount();
    box.textContent = "";
    var shown = pendingOnly ? pendingItems() : items;
    if (!shown.length) { box.appendChild(make("p", {text: pendingOnly || items.length ? T.no_pending : T.queue_empty})); }
    shown.forEach(function (item, n) {
      var form = make("form", {"class": "ces-grade", "data-key": keyOf(item), "data-pending": item.pending ? "true" : "false"}, [
        make("h5", {tabindex: "-1", text: item.username + " #" + item.number + " · " + item.question +
          (item.grade ? " · " + T.graded : item.pending ? " · " + T.pending : "")}),
        make("p", {text: item.stem}), make("p", {"class": "ces-answer", text: labelled(T.answer, item.answer)}),
        make("p", {text: labelled(T.reference, item.reference)})]);
      var fieldset = make("fieldset", {}, [make("legend", {text: T.rubric})]);
      item.rubric.forEach(function (point, i) {
        var id = uid + "-g" + n + "-" + i;
        var given = item.grade ? item.grade.points[i] : (point.matched ? point.points : 0);
        fieldset.appendChild(make("div", {"class": "ces-point"}, [
          make("label", {"for": id, text: window.CarbonDom.fmt(T.points_for, {number: point.number, label: point.label || point.keywords.join(" / "), most: point.points}) + " (" +
            (point.matched ? labelled(T.matched, point.keyword) : T.not_matched) + ")"}),
          make("input", {id: id, type: "number", step: "0.5", min: "0", max: String(point.points), value: String(given), "data-index": String(i)})]));
      });
      form.appendChild(fieldset);
      var commentId = uid + "-c" + n;
      var comment = make("textarea", {id: commentId, rows: "6", cols: "60"});
      comment.value = item.grade ? item.grade.comment : "";
      form.appendChild(make("label", {"for": commentId, text: T.comment}));
      form.appendChild(comment);
      form.appendChild(make("button", {type: "submit", text: T.save_grade}));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var points = Array.prototype.map.call(form.querySelectorAll("input[type=number]"), function (input) { return input.value; });
        call("staff_grade", {attempt: item.attempt, question: item.question, points: points, comment: comment.value}).then(function (r) {
          if (r.ok) { say(T.saved); saved(item); } else { failed(r); }
        }, function () { say(T.request_failed); });
      });
      box.appendChild(form);
    });
  }
  /* After a save: the table and chart again, then this page again and the next pending answer after `item`: the
   * first one that did not come before it (the page may have slid: attempts graded out, later ones moved in). */
  function saved(item) {
    var keys = page.items.map(keyOf), before = keys.slice(0, keys.indexOf(keyOf(item)) + 1);
    load();
    loadQueue(page.after).then(function (loaded) {
      if (!loaded) { return; }
      var next = pendingItems().filter(function (candidate) { return before.indexOf(keyOf(candidate)) < 0; })[0];
      if (next) { focusOn(next); return; }
      if (page.next) { loadQueue(page.next).then(focusFirst); return; }
      if (pendingItems().length || !page.after) { focusFirst(true); return; }
      loadQueue(null).then(focusFirst);  // the end of the queue: back to its start for answers skipped
    });
  }
  function focusFirst(loaded) {
    if (loaded === false) { return; }
    var next = pendingItems()[0];
    if (next) { focusOn(next); } else { say(T.saved + " " + T.no_pending); }
  }
  function focusOn(next) {
    var form = root.querySelector('.ces-queue form.ces-grade[data-key="' + keyOf(next) + '"]');
    if (!form) { say(T.saved + " " + T.no_pending); return; }
    say(T.saved + " " + window.CarbonDom.fmt(T.next_answer, {username: next.username, number: next.number}));
    form.querySelector("input[type=number]").focus();
  }
  var toggle = root.querySelector(".ces-pending-only");
  toggle.checked = pendingOnly;
  toggle.addEventListener("change", function () { pendingOnly = toggle.checked; loadQueue(null); });
  root.querySelector(".ces-reload").addEventListener("click", function () { load(); loadQueue(page.after); });
  Array.prototype.forEach.call(root.querySelectorAll(".ces-export"), function (link) {
    link.setAttribute("href", runtime.handlerUrl(element, "export_results") + "?format=" + link.getAttribute("data-format"));
  });
  root.querySelector(".ces-extra").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    call("staff_extra_time", {username: form.username.value, minutes: parseInt(form.minutes.value, 10)}).then(function (r) {
      if (r.ok) { say(T.saved); load(); } else { failed(r); }
    });
  });
  load();
  loadQueue(null);
}
