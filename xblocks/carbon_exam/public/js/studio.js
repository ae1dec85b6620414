/* Studio editor of a carbon_exam block: settings, the paper's OLX checked live, import and export. */
function CarbonExamStudioInit(runtime, element) {
  "use strict";
  element = element.jquery ? element[0] : element;
  var form = element.querySelector(".cest-form");
  var problemsEl = element.querySelector(".cest-problems");
  var totalEl = element.querySelector(".cest-total");
  var timer = null;

  function csrf() { var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/); return m ? decodeURIComponent(m[1]) : ""; }
  function post(name, data) {
    return fetch(runtime.handlerUrl(element, name), {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: JSON.stringify(data)})
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (b) { return {ok: r.ok, body: b}; }); });
  }
  function values() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) { return; }
      if (field.type === "checkbox") { data[field.name] = field.checked; }
      else if (field.type === "number") { data[field.name] = field.step && field.step.indexOf(".") >= 0 ? parseFloat(field.value) : parseInt(field.value, 10); }
      else { data[field.name] = field.value; }
    });
    return data;
  }
  function show(problems, drawn) {
    problemsEl.textContent = "";
    (problems || []).forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = (p.line ? p.line + ": " : "") + p.message;
      problemsEl.appendChild(li);
    });
    if (drawn !== undefined && drawn !== null) { totalEl.textContent = drawn + " / " + form.total_points.value; }
  }
  function check() {
    var data = values();
    post("check_paper", {questions_xml: data.questions_xml, total_points: data.total_points, pass_mark: data.pass_mark})
      .then(function (r) { if (r.ok) { show(r.body.problems, r.body.drawn_points); } });
  }
  form.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(check, 600); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (runtime.notify) { runtime.notify("save", {state: "start"}); }
    post("studio_submit", values()).then(function (r) {
      if (r.ok) { show(r.body.problems); if (runtime.notify) { runtime.notify("save", {state: "end"}); } }
      else { show((r.body.error && r.body.error.problems) || [{message: r.body.error ? r.body.error.message : "?"}]); }
    });
  });
  var importForm = element.querySelector(".cest-import");
  importForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(importForm);
    data.set("apply", event.submitter ? event.submitter.value : "0");
    fetch(runtime.handlerUrl(element, "import_questions"), {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf()}, body: data})
      .then(function (r) { return r.json(); }).then(function (body) {
        var preview = element.querySelector(".cest-preview");
        preview.textContent = "";
        var list = document.createElement("ul");
        ((body.error ? [body.error] : body.errors) || []).concat((body.items || []).map(function (item) {
          return {message: item.line + ": " + (item.stem || "") + (item.errors.length ? " — " + item.errors.map(function (e) { return e.message; }).join("; ") : " ✓")};
        })).forEach(function (p) { var li = document.createElement("li"); li.textContent = p.message; list.appendChild(li); });
        preview.appendChild(list);
        if (body.applied) { window.location.reload(); }
      });
  });
  Array.prototype.forEach.call(element.querySelectorAll(".cest-export"), function (link) {
    link.setAttribute("href", runtime.handlerUrl(element, "export_questions") + "?format=" + link.getAttribute("data-format"));
  });
  check();
}
