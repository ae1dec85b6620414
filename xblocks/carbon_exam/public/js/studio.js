/* Studio editor of a carbon_exam block: settings, a structured question editor (parts -> pools ->
   questions) checked live on the server, the paper's OLX as an advanced alternative, import and export.
   Every query is scoped to this block's element; nothing is saved until the author presses Save. */
function CarbonExamStudioInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  args = args || {};
  var T = args.texts || {};
  var root = element.querySelector(".carbon-exam-studio");
  var form = root.querySelector(".cest-form");
  var settingsBox = form.querySelector(".cest-settings");
  var tree = root.querySelector(".cest-tree");
  var totalEl = root.querySelector(".cest-total");
  var problemsEl = root.querySelector(".cest-problems");
  var statusEl = root.querySelector(".cest-save-status");
  var olxForm = root.querySelector(".cest-olx");
  var olxText = olxForm.querySelector("textarea");
  var olxProblems = root.querySelector(".cest-olx-problems");
  var uid = "cest" + Math.random().toString(36).slice(2, 9);
  var paper = args.paper || {parts: []};
  var keys = new WeakMap();
  var openQuestions = new WeakSet();
  var counter = 0;
  var timer = null;
  var focusKey = null;
  var summaries = [];
  var dirty = false;

  // Helpers ---------------------------------------------------------------------------------------
  function key(obj) { if (!keys.has(obj)) { counter += 1; keys.set(obj, uid + "-" + counter); } return keys.get(obj); }
  function fmt(text, params) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, name) { return params && params[name] !== undefined ? params[name] : m; });
  }
  function post(name, data) {
    return window.CarbonHttp.send(runtime.handlerUrl(element, name), {data: data});
  }
  function make(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }
  function nextId() { counter += 1; return uid + "-f" + counter; }
  function field(labelText, control, cls) {
    control.id = nextId();
    return make("div", {"class": "cest-field" + (cls ? " " + cls : "")}, [make("label", {"for": control.id, text: labelText}), control]);
  }
  function textInput(obj, prop, focus, options) {
    options = options || {};
    var el = make(options.multiline ? "textarea" : "input", {"data-focus": key(obj) + ":" + (focus || prop)});
    if (options.multiline) { el.rows = options.rows || 2; } else { el.type = options.type || "text"; }
    if (options.type === "number") { el.min = options.min || "0"; el.step = options.step || "any"; el.inputMode = "decimal"; }
    if (options.size) { el.size = options.size; }
    el.value = obj[prop] === undefined || obj[prop] === null ? "" : String(obj[prop]);
    el.addEventListener("input", function () { obj[prop] = el.value; if (options.after) { options.after(el.value); } changed(); });
    return el;
  }
  function choice(obj, prop, values, rerender) {
    var el = make("select", {"data-focus": key(obj) + ":" + prop});
    values.forEach(function (v) { var o = make("option", {value: v[0], text: v[1]}); if (obj[prop] === v[0]) { o.selected = true; } el.appendChild(o); });
    el.addEventListener("change", function () {
      obj[prop] = el.value;
      if (rerender) { focusKey = key(obj) + ":" + prop; render(); } changed();
    });
    return el;
  }
  function button(text, label, focus, onClick, cls) {
    var b = make("button", {type: "button", text: text, "data-focus": focus, "class": cls || null});
    if (label) { b.setAttribute("aria-label", label); }
    b.addEventListener("click", onClick);
    return b;
  }
  function toolbar(list, index, obj, what) {
    var up = button(T.move_up, labelled(T.move_up, what), key(obj) + ":up", function () { move(list, index, -1, what); });
    var down = button(T.move_down, labelled(T.move_down, what), key(obj) + ":down", function () { move(list, index, 1, what); });
    up.disabled = index === 0;
    down.disabled = index === list.length - 1;
    var del = button(T.delete, labelled(T.delete, what), key(obj) + ":delete", function () { remove(list, index, what); }, "cest-delete");
    return make("div", {"class": "cest-toolbar"}, [up, down, del]);
  }
  function labelled(label, value) { return fmt(T.labelled || "{label}: {value}", {label: label, value: value}); }
  function announce(text) { statusEl.textContent = text; }
  function num(value) { var n = parseFloat(value); return isFinite(n) ? n : 0; }
  function round(n) { return Math.round(n * 100) / 100; }
  function allIds() {
    var seen = {};
    paper.parts.forEach(function (part) {
      seen[part.id] = true;
      part.pools.forEach(function (pool) { seen[pool.id] = true; pool.questions.forEach(function (q) { seen[q.id] = true; }); });
    });
    return seen;
  }
  function uniqueId(prefix) { var seen = allIds(), n = 1; while (seen[prefix + n]) { n += 1; } return prefix + n; }

  // Structure changes -------------------------------------------------------------------------------
  function move(list, index, delta, what) {
    var target = index + delta;
    if (target < 0 || target >= list.length) { return; }
    var item = list.splice(index, 1)[0];
    list.splice(target, 0, item);
    var dir = delta < 0 ? "up" : "down";
    if (target === 0) { dir = "down"; } else if (target === list.length - 1) { dir = "up"; }
    focusKey = key(item) + ":" + (list.length > 1 ? dir : "delete");
    render();
    changed();
    announce(fmt(T.moved, {what: what, position: target + 1}));
  }
  function remove(list, index, what) {
    list.splice(index, 1);
    var neighbour = list[index] || list[index - 1];
    focusKey = neighbour ? key(neighbour) + ":delete" : key(list) + ":add";
    render();
    changed();
    announce(fmt(T.deleted, {what: what}));
  }
  function add(list, item, focus, what) {
    list.push(item);
    focusKey = key(item) + ":" + focus;
    render();
    changed();
    announce(fmt(T.added, {what: what}));
  }
  function newQuestion(pool) {
    var q = {id: uniqueId((pool.id || "q") + "-"), stem: "", options: [], reference: "", rubric: [], explanation: "", source: "", exclude: "", as_of: ""};
    if (pool.type === "short") { q.rubric.push({points: pool.points || "1", label: "", keywords: []}); }
    else { ["A", "B", "C", "D"].forEach(function (id) { q.options.push({id: id, text: "", correct: false}); }); }
    openQuestions.add(q);
    return q;
  }
  function nextOptionId(q) {
    var used = {}; q.options.forEach(function (o) { used[o.id] = true; });
    for (var c = 65; c < 91; c += 1) { if (!used[String.fromCharCode(c)]) { return String.fromCharCode(c); } }
    return String(q.options.length + 1);
  }

  // Rendering -------------------------------------------------------------------------------------
  function render() {
    summaries = [];
    tree.textContent = "";
    if (!paper.parts.length) { tree.appendChild(make("p", {text: T.no_parts})); }
    paper.parts.forEach(function (part, i) { tree.appendChild(renderPart(part, i)); });
    tree.appendChild(button(T.add_part, null, key(paper.parts) + ":add", function () {
      add(paper.parts, {id: uniqueId("part-"), title: "", pools: []}, "id", fmt(T.part_n, {n: paper.parts.length + 1}));
    }, "cest-add"));
    refresh();
    if (focusKey) {
      var target = tree.querySelector('[data-focus="' + focusKey + '"]');
      focusKey = null;
      if (target) { target.focus(); }
    }
  }
  function renderPart(part, index) {
    var what = fmt(T.part_n, {n: index + 1});
    var box = make("fieldset", {"class": "cest-part"}, [make("legend", {text: what + (part.title ? " · " + part.title : "")})]);
    box.appendChild(make("div", {"class": "cest-row"}, [
      field(T.part_id, textInput(part, "id", null, {size: 16})),
      field(T.part_title, textInput(part, "title"))]));
    box.appendChild(toolbar(paper.parts, index, part, what));
    part.pools.forEach(function (pool, i) { box.appendChild(renderPool(part, pool, i)); });
    box.appendChild(button(T.add_pool, labelled(T.add_pool, what), key(part.pools) + ":add", function () {
      add(part.pools, {id: uniqueId((part.id || "pool") + "-pool-"), type: "single", draw: "1", points: "1", scoring: "strict",
        grading: "staff", questions: []}, "id", fmt(T.pool_n, {n: part.pools.length + 1}));
    }, "cest-add"));
    return box;
  }
  function renderPool(part, pool, index) {
    var what = fmt(T.pool_n, {n: index + 1}) + " (" + pool.id + ")";
    var box = make("fieldset", {"class": "cest-pool"}, [make("legend", {text: what})]);
    var row = make("div", {"class": "cest-row"}, [
      field(T.pool_id, textInput(pool, "id", null, {size: 16})),
      field(T.question_type, choice(pool, "type", [["single", T.single], ["multiple", T.multiple], ["short", T.short]], true)),
      field(T.draw, textInput(pool, "draw", null, {type: "number", min: "1", step: "1"})),
      field(T.points, textInput(pool, "points", null, {type: "number", min: "0", step: "any"}))]);
    if (pool.type === "multiple") {
      row.appendChild(field(T.scoring, choice(pool, "scoring", [["strict", T.strict], ["partial", T.partial], ["half", T.half]])));
    }
    if (pool.type === "short") {
      row.appendChild(field(T.grading, choice(pool, "grading", [["staff", T.grading_staff], ["machine", T.grading_machine]])));
    }
    box.appendChild(row);
    var summary = make("p", {"class": "cest-pool-summary"});
    summaries.push(function () {
      summary.textContent = fmt(T.pool_summary, {count: pool.questions.length, draw: pool.draw, points: pool.points,
        total: round(num(pool.draw) * num(pool.points))});
    });
    box.appendChild(summary);
    box.appendChild(toolbar(part.pools, index, pool, what));
    if (!pool.questions.length) { box.appendChild(make("p", {text: T.no_questions})); }
    var list = make("ol", {"class": "cest-questions"});
    pool.questions.forEach(function (q, i) { list.appendChild(make("li", {}, [renderQuestion(pool, q, i)])); });
    box.appendChild(list);
    box.appendChild(button(T.add_question, labelled(T.add_question, what), key(pool.questions) + ":add", function () {
      add(pool.questions, newQuestion(pool), "stem", fmt(T.question_in_pool, {n: pool.questions.length + 1, pool: pool.id}));
    }, "cest-add"));
    return box;
  }
  function renderQuestion(pool, q, index) {
    var what = fmt(T.question_in_pool, {n: index + 1, pool: pool.id});
    var details = make("details", {"class": "cest-question", "data-question": q.id});
    if (openQuestions.has(q)) { details.open = true; }
    details.addEventListener("toggle", function () { if (details.open) { openQuestions.add(q); } else { openQuestions.delete(q); } });
    var summary = make("summary", {"data-focus": key(q) + ":summary"});
    function title() { summary.textContent = fmt(T.question_n, {n: index + 1}) + " · " + q.id + (q.stem ? " · " + q.stem.slice(0, 60) : ""); }
    title();
    details.appendChild(summary);
    details.appendChild(make("div", {"class": "cest-row"}, [field(T.question_id, textInput(q, "id", null, {size: 16, after: title}))]));
    details.appendChild(field(T.stem, textInput(q, "stem", null, {multiline: true, rows: 3, after: title})));
    if (pool.type === "short") {
      details.appendChild(field(T.reference, textInput(q, "reference", null, {multiline: true})));
      details.appendChild(renderRubric(pool, q));
    } else {
      details.appendChild(renderOptions(pool, q));
    }
    details.appendChild(field(T.explanation, textInput(q, "explanation", null, {multiline: true})));
    details.appendChild(field(T.source, textInput(q, "source")));
    if (Array.isArray(q.exclude)) { q.exclude = q.exclude.join(" "); }
    details.appendChild(make("div", {"class": "cest-row"}, [
      field(T.exclude, textInput(q, "exclude", null, {size: 40})),
      field(T.as_of, textInput(q, "as_of", null, {size: 8}))]));
    details.appendChild(toolbar(pool.questions, index, q, what));
    return details;
  }
  function renderOptions(pool, q) {
    var box = make("fieldset", {"class": "cest-options"}, [make("legend", {text: T.options})]);
    var group = uid + "-correct-" + key(q);
    q.options.forEach(function (option, i) {
      var n = i + 1;
      var mark = make("input", {type: pool.type === "single" ? "radio" : "checkbox", "data-focus": key(option) + ":correct"});
      if (pool.type === "single") { mark.name = group; }
      mark.checked = !!option.correct;
      mark.addEventListener("change", function () {
        if (pool.type === "single") { q.options.forEach(function (o) { o.correct = o === option; }); }
        else { option.correct = mark.checked; }
        changed();
      });
      mark.id = nextId();
      box.appendChild(make("div", {"class": "cest-option"}, [
        field(fmt(T.option_id, {n: n}), textInput(option, "id", null, {size: 3})),
        field(fmt(T.option_text, {n: n}), textInput(option, "text"), "cest-grow"),
        make("div", {"class": "cest-field cest-check"}, [mark, make("label", {"for": mark.id, text: fmt(T.option_correct, {n: n})})]),
        toolbar(q.options, i, option, fmt(T.option_n, {n: n}))]));
    });
    box.appendChild(button(T.add_option, null, key(q.options) + ":add", function () {
      add(q.options, {id: nextOptionId(q), text: "", correct: false}, "text", fmt(T.option_n, {n: q.options.length + 1}));
    }, "cest-add"));
    return box;
  }
  function renderRubric(pool, q) {
    var box = make("fieldset", {"class": "cest-rubric"}, [make("legend", {text: T.rubric})]);
    q.rubric.forEach(function (point, i) {
      var n = i + 1;
      var keywords = make("input", {type: "text", "data-focus": key(point) + ":keywords"});
      keywords.value = (point.keywords || []).join(" | ");
      keywords.addEventListener("input", function () {
        point.keywords = keywords.value.split(/[|｜]/).map(function (k) { return k.trim(); }).filter(Boolean);
        changed();
      });
      box.appendChild(make("div", {"class": "cest-point"}, [
        field(fmt(T.rubric_points, {n: n}), textInput(point, "points", null, {type: "number", min: "0", step: "any"})),
        field(fmt(T.rubric_label, {n: n}), textInput(point, "label"), "cest-grow"),
        field(fmt(T.rubric_keywords, {n: n}), keywords, "cest-grow"),
        toolbar(q.rubric, i, point, fmt(T.point_n, {n: n}))]));
    });
    var total = make("p", {"class": "cest-rubric-total"});
    summaries.push(function () {
      var sum = round(q.rubric.reduce(function (s, p) { return s + num(p.points); }, 0));
      total.textContent = fmt(T.rubric_total, {sum: sum, points: pool.points});
    });
    box.appendChild(total);
    box.appendChild(button(T.add_point, null, key(q.rubric) + ":add", function () {
      add(q.rubric, {points: "1", label: "", keywords: []}, "points", fmt(T.point_n, {n: q.rubric.length + 1}));
    }, "cest-add"));
    return box;
  }

  // Live total, server checks, saving ---------------------------------------------------------------
  function drawnPoints() {
    var sum = 0;
    paper.parts.forEach(function (part) { part.pools.forEach(function (pool) { sum += num(pool.draw) * num(pool.points); }); });
    return round(sum);
  }
  function refresh() {
    var total = num(settingsBox.querySelector("[name=total_points]").value);
    var drawn = drawnPoints();
    totalEl.textContent = fmt(T.drawn_total, {drawn: drawn, total: total, verdict: drawn === total ? T.total_ok : T.total_off});
    totalEl.className = "cest-total " + (drawn === total ? "cest-ok" : "cest-off");
    summaries.forEach(function (update) { update(); });
  }
  function changed() {
    if (!dirty) { dirty = true; announce(T.unsaved); }
    refresh();
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 700);
  }
  function serialise() {
    return {parts: paper.parts.map(function (part) {
      return {id: part.id, title: part.title, pools: part.pools.map(function (pool) {
        return {id: pool.id, type: pool.type, draw: String(pool.draw), points: String(pool.points), scoring: pool.scoring,
          grading: pool.grading, questions: pool.questions.map(function (q) {
            var out = {id: q.id, stem: q.stem, explanation: q.explanation, source: q.source,
              exclude: Array.isArray(q.exclude) ? q.exclude.join(" ") : (q.exclude || ""), as_of: q.as_of || "",
              track: q.track || ""};
            if (pool.type === "short") {
              out.reference = q.reference;
              out.rubric = q.rubric.map(function (p) { return {points: String(p.points), label: p.label, keywords: p.keywords || []}; });
            } else {
              out.options = q.options.map(function (o) { return {id: o.id, text: o.text, correct: !!o.correct}; });
            }
            return out;
          })};
      })};
    })};
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
  function findQuestion(id) {
    var found = null;
    paper.parts.forEach(function (part) { part.pools.forEach(function (pool) { pool.questions.forEach(function (q) { if (q.id === id) { found = q; } }); }); });
    return found;
  }
  function showProblems(list, problems) {
    list.textContent = "";
    if (!problems || !problems.length) { if (list === problemsEl) { list.appendChild(make("li", {text: T.no_problems})); } return; }
    problems.forEach(function (p) {
      var where = [p.part, p.pool, p.question].filter(Boolean).join(" › ");
      var text = where ? labelled(where, p.message) : p.message;
      var li = make("li", {text: p.line && list === olxProblems ? labelled(p.line, text) : text});
      var q = p.question && list === problemsEl ? findQuestion(p.question) : null;
      if (q) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button(T.show, labelled(T.show, p.question), null, function () {
          openQuestions.add(q); focusKey = key(q) + ":stem"; render();
        }));
      }
      list.appendChild(li);
    });
  }
  function check() {
    var s = settings();
    post("check_paper", {paper: serialise(), total_points: s.total_points, pass_mark: s.pass_mark}).then(function (r) {
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
    data.paper = serialise();
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
