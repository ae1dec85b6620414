/* Studio editor of a carbon_exam block: settings, a structured question editor (parts -> pools -> questions:
   studio_tree.js and studio_fields.js over the model of studio_model.js) checked live on the server, the
   paper's OLX as an advanced alternative, import and export. Every query is scoped to this block's element;
   nothing is saved until the author presses Save. */
function CarbonExamStudioInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  args = args || {};
  var T = args.texts || {};
  var root = element.querySelector(".carbon-exam-studio");
  var form = root.querySelector(".cest-form");
  var settingsBox = form.querySelector(".cest-settings");
  var totalEl = root.querySelector(".cest-total");
  var problemsEl = root.querySelector(".cest-problems");
  var statusEl = root.querySelector(".cest-save-status");
  var olxForm = root.querySelector(".cest-olx");
  var olxText = olxForm.querySelector("textarea");
  var olxProblems = root.querySelector(".cest-olx-problems");
  var make = window.CarbonDom.make, fmt = window.CarbonDom.fmt, model = window.CarbonExam.studioModel;
  var paper = args.paper || {parts: []};
  var timer = null;
  var dirty = false;
  var tree = window.CarbonExam.studioTree({T: T, uid: window.CarbonDom.uniqueId("cest"), tree: root.querySelector(".cest-tree"),
    paper: function () { return paper; }, changed: changed, refresh: refresh, announce: announce});
  var labelled = tree.labelled, button = tree.button;

  function post(name, data) {
    return window.CarbonHttp.send(runtime.handlerUrl(element, name), {data: data});
  }
  function announce(text) { statusEl.textContent = text; }
  function render() { tree.render(); }

  // Live total, server checks, saving ---------------------------------------------------------------
  function refresh() {
    var total = model.num(settingsBox.querySelector("[name=total_points]").value);
    var drawn = model.drawnPoints(paper);
    totalEl.textContent = fmt(T.drawn_total, {drawn: drawn, total: total, verdict: drawn === total ? T.total_ok : T.total_off});
    totalEl.className = "cest-total " + (drawn === total ? "cest-ok" : "cest-off");
    tree.updateSummaries();
  }
  function changed() {
    if (!dirty) { dirty = true; announce(T.unsaved); }
    refresh();
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 700);
  }
  function settings() {
    var data = {};
    Array.prototype.forEach.call(settingsBox.querySelectorAll("[name]"), function (f) {
      if (f.type === "checkbox") { data[f.name] = f.checked; }
      else if (f.type === "number") { data[f.name] = f.step && f.step.indexOf(".") >= 0 ? f.value : parseInt(f.value, 10); }
      else { data[f.name] = f.value; }
    });
    return data;
  }
  function showProblems(list, problems) {
    list.textContent = "";
    if (!problems || !problems.length) { if (list === problemsEl) { list.appendChild(make("li", {text: T.no_problems})); } return; }
    problems.forEach(function (p) {
      var where = [p.part, p.pool, p.question].filter(Boolean).join(" › ");
      var text = where ? labelled(where, p.message) : p.message;
      var li = make("li", {text: p.line && list === olxProblems ? labelled(p.line, text) : text});
      var q = p.question && list === problemsEl ? model.findQuestion(paper, p.question) : null;
      if (q) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button(T.show, labelled(T.show, p.question), null, function () { tree.showQuestion(q); }));
      }
      list.appendChild(li);
    });
  }
  function check() {
    var s = settings();
    post("check_paper", {paper: model.serialise(paper), total_points: s.total_points, pass_mark: s.pass_mark}).then(function (r) {
      if (r.ok) { showProblems(problemsEl, r.body.problems); }
      else { showProblems(problemsEl, (r.body.error && r.body.error.problems) || [{message: (r.body.error && r.body.error.message) || T.request_failed}]); }
    }, function () { announce(T.request_failed); });
  }
  function saved(body) {
    dirty = false;
    paper = body.paper || paper;
    olxText.value = body.questions_xml || olxText.value;
    render();
    showProblems(problemsEl, body.problems);
    showProblems(olxProblems, []);
    if (body.pools) { fillPools(body.pools); }
    announce(T.saved);
    if (runtime.notify) { runtime.notify("save", {state: "end"}); }
  }
  function save(data, list) {
    announce(T.saving);
    if (runtime.notify) { runtime.notify("save", {state: "start"}); }
    post("studio_submit", data).then(function (r) {
      if (r.ok) { saved(r.body); return; }
      var error = r.body.error || {};
      showProblems(list, error.problems || [{message: error.message || T.request_failed}]);
      announce(fmt(T.not_saved, {message: error.message || T.request_failed}));
      if (runtime.notify) { runtime.notify("error", {title: T.not_saved, message: error.message || T.request_failed}); }
    }, function () { announce(fmt(T.not_saved, {message: T.request_failed})); });
  }
  // Enter in a one-line field must not submit (and save) the whole form: only the Save button saves.
  // Buttons, text areas and the OLX form keep their own Enter behaviour.
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || event.isComposing || !target || target.tagName !== "INPUT") { return; }
    if (["submit", "button", "reset", "image", "file"].indexOf(target.type) >= 0) { return; }
    event.preventDefault();
  });
  settingsBox.addEventListener("input", changed);
  settingsBox.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = settings();
    data.paper = model.serialise(paper);
    save(data, problemsEl);
  });
  // Studio hides its own Save/Cancel bar for this editor (class editor-with-buttons): Cancel closes the modal.
  root.querySelector(".cest-cancel").addEventListener("click", function () {
    if (runtime.notify) { runtime.notify("cancel", {}); }
  });
  olxForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = settings();
    data.questions_xml = olxText.value;
    save(data, olxProblems);
  });

  // Import and export -----------------------------------------------------------------------------
  var importForm = root.querySelector(".cest-import");
  var poolSelect = importForm.querySelector("select[name=pool]");
  function fillPools(pools) {  // the saved paper's pools (imports go into the saved paper)
    var current = poolSelect.value;
    poolSelect.textContent = "";
    if (!pools.length) { poolSelect.appendChild(make("option", {value: "", text: T.no_pools})); return; }
    pools.forEach(function (pool) {
      var option = make("option", {value: pool.id, text: pool.label});
      if (pool.id === current) { option.selected = true; }
      poolSelect.appendChild(option);
    });
  }
  importForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(importForm);
    data.set("apply", event.submitter ? event.submitter.value : "0");
    fetch(runtime.handlerUrl(element, "import_questions"), {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": window.CarbonHttp.csrfToken()}, body: data})
      .then(function (r) { return r.json(); }).then(function (body) {
        var preview = root.querySelector(".cest-preview");
        preview.textContent = "";
        var list = document.createElement("ul");
        ((body.error ? [body.error] : body.errors) || []).concat(body.notices || [], (body.items || []).map(function (item) {
          return {message: labelled(item.line, item.stem || "") + (item.errors.length ? " — " + item.errors.map(function (e) { return e.message; }).join("; ") : " ✓")};
        })).forEach(function (p) { var li = document.createElement("li"); li.textContent = p.message; list.appendChild(li); });
        preview.appendChild(list);
        if (body.applied) { window.location.reload(); }
      }, function () { announce(T.request_failed); });
  });
  Array.prototype.forEach.call(root.querySelectorAll(".cest-export"), function (link) {
    link.setAttribute("href", runtime.handlerUrl(element, "export_questions") + "?format=" + link.getAttribute("data-format"));
  });

  render();
  check();
}
