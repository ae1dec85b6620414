/* The Studio question editor's tree: parts -> pools -> questions (options or rubric), with add, move and delete
 * that keep the keyboard focus in place and announce the change. ed: {T, uid, tree (element), paper() (the
 * model), changed(), refresh(), announce(text)}. Returns {render(), showQuestion(q), key}. */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  CarbonExam.studioTree = function (ed) {
    var T = ed.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt, model = CarbonExam.studioModel;
    var openQuestions = new WeakSet(), focusKey = null, summaries = [];
    var f = CarbonExam.studioFields({T: T, uid: ed.uid, changed: function () { ed.changed(); },
      rerender: function (focus) { focusKey = focus; render(); }, move: move, remove: remove});

    function move(list, index, delta, what) {
      var moved = model.move(list, index, delta);
      if (!moved) { return; }
      focusKey = f.key(moved.item) + ":" + moved.focus;
      render();
      ed.changed();
      ed.announce(fmt(T.moved, {what: what, position: moved.position}));
    }
    function remove(list, index, what) {
      list.splice(index, 1);
      var neighbour = list[index] || list[index - 1];
      focusKey = neighbour ? f.key(neighbour) + ":delete" : f.key(list) + ":add";
      render();
      ed.changed();
      ed.announce(fmt(T.deleted, {what: what}));
    }
    function add(list, item, focus, what) {
      list.push(item);
      focusKey = f.key(item) + ":" + focus;
      render();
      ed.changed();
      ed.announce(fmt(T.added, {what: what}));
    }

    function renderOptions(pool, q) {
      var box = make("fieldset", {"class": "cest-options"}, [make("legend", {text: T.options})]);
      var group = ed.uid + "-correct-" + f.key(q);
      q.options.forEach(function (option, i) {
        var n = i + 1;
        var mark = make("input", {type: pool.type === "single" ? "radio" : "checkbox", "data-focus": f.key(option) + ":correct"});
        if (pool.type === "single") { mark.name = group; }
        mark.checked = !!option.correct;
        mark.addEventListener("change", function () {
          if (pool.type === "single") { q.options.forEach(function (o) { o.correct = o === option; }); } else { option.correct = mark.checked; }
          ed.changed();
        });
        mark.id = f.nextId();
        box.appendChild(make("div", {"class": "cest-option"}, [
          f.field(fmt(T.option_id, {n: n}), f.textInput(option, "id", null, {size: 3})),
          f.field(fmt(T.option_text, {n: n}), f.textInput(option, "text"), "cest-grow"),
          make("div", {"class": "cest-field cest-check"}, [mark, make("label", {"for": mark.id, text: fmt(T.option_correct, {n: n})})]),
          f.toolbar(q.options, i, option, fmt(T.option_n, {n: n}))]));
      });
      box.appendChild(f.button(T.add_option, null, f.key(q.options) + ":add", function () {
        add(q.options, {id: model.nextOptionId(q), text: "", correct: false}, "text", fmt(T.option_n, {n: q.options.length + 1}));
      }, "cest-add"));
      return box;
    }
    function renderRubric(pool, q) {
      var box = make("fieldset", {"class": "cest-rubric"}, [make("legend", {text: T.rubric})]);
      q.rubric.forEach(function (point, i) {
        var n = i + 1;
        var keywords = make("input", {type: "text", "data-focus": f.key(point) + ":keywords"});
        keywords.value = (point.keywords || []).join(" | ");
        keywords.addEventListener("input", function () { point.keywords = model.keywords(keywords.value); ed.changed(); });
        box.appendChild(make("div", {"class": "cest-point"}, [
          f.field(fmt(T.rubric_points, {n: n}), f.textInput(point, "points", null, {type: "number", min: "0", step: "any"})),
          f.field(fmt(T.rubric_label, {n: n}), f.textInput(point, "label"), "cest-grow"),
          f.field(fmt(T.rubric_keywords, {n: n}), keywords, "cest-grow"),
          f.toolbar(q.rubric, i, point, fmt(T.point_n, {n: n}))]));
      });
      var total = make("p", {"class": "cest-rubric-total"});
      summaries.push(function () { total.textContent = root.CarbonDom.ngettext(T.rubric_total, model.num(pool.points), {sum: model.rubricTotal(q), count: pool.points}); });
      box.appendChild(total);
      box.appendChild(f.button(T.add_point, null, f.key(q.rubric) + ":add", function () {
        add(q.rubric, {points: "1", label: "", keywords: []}, "points", fmt(T.point_n, {n: q.rubric.length + 1}));
      }, "cest-add"));
      return box;
    }
    function renderQuestion(pool, q, index) {
      var what = fmt(T.question_in_pool, {n: index + 1, pool: pool.id});
      var details = make("details", {"class": "cest-question", "data-question": q.id});
      if (openQuestions.has(q)) { details.open = true; }
      details.addEventListener("toggle", function () { if (details.open) { openQuestions.add(q); } else { openQuestions["delete"](q); } });
      var summary = make("summary", {"data-focus": f.key(q) + ":summary"});
      function title() { summary.textContent = fmt(T.question_n, {n: index + 1}) + " · " + q.id + (q.stem ? " · " + q.stem.slice(0, 60) : ""); }
      title();
      details.appendChild(summary);
      details.appendChild(make("div", {"class": "cest-row"}, [f.field(T.question_id, f.textInput(q, "id", null, {size: 16, after: title}))]));
      details.appendChild(f.field(T.stem, f.textInput(q, "stem", null, {multiline: true, rows: 3, after: title})));
      if (pool.type === "short") {
        details.appendChild(f.field(T.reference, f.textInput(q, "reference", null, {multiline: true})));
        details.appendChild(renderRubric(pool, q));
      } else {
        details.appendChild(renderOptions(pool, q));
      }
      details.appendChild(f.field(T.explanation, f.textInput(q, "explanation", null, {multiline: true})));
      details.appendChild(f.field(T.source, f.textInput(q, "source")));
      if (Array.isArray(q.exclude)) { q.exclude = q.exclude.join(" "); }
      details.appendChild(make("div", {"class": "cest-row"}, [
        f.field(T.exclude, f.textInput(q, "exclude", null, {size: 40})),
        f.field(T.as_of, f.textInput(q, "as_of", null, {size: 8}))]));
      details.appendChild(f.toolbar(pool.questions, index, q, what));
      return details;
    }
    function renderPool(part, pool, index) {
      var what = fmt(T.pool_n, {n: index + 1}) + " (" + pool.id + ")";
      var box = make("fieldset", {"class": "cest-pool"}, [make("legend", {text: what})]);
      var row = make("div", {"class": "cest-row"}, [
        f.field(T.pool_id, f.textInput(pool, "id", null, {size: 16})),
        f.field(T.question_type, f.choice(pool, "type", [["single", T.single], ["multiple", T.multiple], ["short", T.short]], true)),
        f.field(T.draw, f.textInput(pool, "draw", null, {type: "number", min: "1", step: "1"})),
        f.field(T.points, f.textInput(pool, "points", null, {type: "number", min: "0", step: "any"}))]);
      if (pool.type === "multiple") {
        row.appendChild(f.field(T.scoring, f.choice(pool, "scoring", [["strict", T.strict], ["partial", T.partial], ["half", T.half]])));
      }
      if (pool.type === "short") {
        row.appendChild(f.field(T.grading, f.choice(pool, "grading", [["staff", T.grading_staff], ["machine", T.grading_machine]])));
      }
      box.appendChild(row);
      var summary = make("p", {"class": "cest-pool-summary"});
      summaries.push(function () {
        var total = model.round(model.num(pool.draw) * model.num(pool.points));
        summary.textContent = root.CarbonDom.ngettext(T.pool_summary, pool.questions.length, {draw: pool.draw,
          points: pool.points, total: root.CarbonDom.ngettext(T.points_total, total)});
      });
      box.appendChild(summary);
      box.appendChild(f.toolbar(part.pools, index, pool, what));
      if (!pool.questions.length) { box.appendChild(make("p", {text: T.no_questions})); }
      var list = make("ol", {"class": "cest-questions"});
      pool.questions.forEach(function (q, i) { list.appendChild(make("li", {}, [renderQuestion(pool, q, i)])); });
      box.appendChild(list);
      box.appendChild(f.button(T.add_question, f.labelled(T.add_question, what), f.key(pool.questions) + ":add", function () {
        var q = model.newQuestion(ed.paper(), pool);
        openQuestions.add(q);
        add(pool.questions, q, "stem", fmt(T.question_in_pool, {n: pool.questions.length + 1, pool: pool.id}));
      }, "cest-add"));
      return box;
    }
    function renderPart(part, index) {
      var paper = ed.paper(), what = fmt(T.part_n, {n: index + 1});
      var box = make("fieldset", {"class": "cest-part"}, [make("legend", {text: what + (part.title ? " · " + part.title : "")})]);
      box.appendChild(make("div", {"class": "cest-row"}, [
        f.field(T.part_id, f.textInput(part, "id", null, {size: 16})),
        f.field(T.part_title, f.textInput(part, "title"))]));
      box.appendChild(f.toolbar(paper.parts, index, part, what));
      part.pools.forEach(function (pool, i) { box.appendChild(renderPool(part, pool, i)); });
      box.appendChild(f.button(T.add_pool, f.labelled(T.add_pool, what), f.key(part.pools) + ":add", function () {
        add(part.pools, {id: model.freeId(paper, (part.id || "pool") + "-pool-"), type: "single", draw: "1", points: "1",
          scoring: "strict", grading: "staff", questions: []}, "id", fmt(T.pool_n, {n: part.pools.length + 1}));
      }, "cest-add"));
      return box;
    }
    function render() {
      var paper = ed.paper();
      summaries = [];
      ed.tree.textContent = "";
      if (!paper.parts.length) { ed.tree.appendChild(make("p", {text: T.no_parts})); }
      paper.parts.forEach(function (part, i) { ed.tree.appendChild(renderPart(part, i)); });
      ed.tree.appendChild(f.button(T.add_part, null, f.key(paper.parts) + ":add", function () {
        add(paper.parts, {id: model.freeId(paper, "part-"), title: "", pools: []}, "id", fmt(T.part_n, {n: paper.parts.length + 1}));
      }, "cest-add"));
      ed.refresh();
      if (focusKey) {
        var target = ed.tree.querySelector('[data-focus="' + focusKey + '"]');
        focusKey = null;
        if (target) { target.focus(); }
      }
    }
    /* Open question `q` and put the focus on its stem. */
    function showQuestion(q) { openQuestions.add(q); focusKey = f.key(q) + ":stem"; render(); }

    return {render: render, showQuestion: showQuestion, labelled: f.labelled, button: f.button,
      updateSummaries: function () { summaries.forEach(function (update) { update(); }); }};
  };
}(this));
