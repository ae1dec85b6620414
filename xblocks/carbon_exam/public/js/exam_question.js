/* One question of an attempt: its legend, stem, options or text box, and the flag for review. Calls
 * handlers.answer(questionId, value), handlers.paste() and handlers.flag(questionId) on the learner's input. */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  function textAnswer(ctx, q, model, handlers, fieldset, readOnly) {
    var make = root.CarbonDom.make, areaId = ctx.uid + "-a" + q.number;
    var area = make("textarea", {id: areaId, rows: "6", className: "ce-text", disabled: readOnly});
    area.value = typeof model.answers[q.id] === "string" ? model.answers[q.id] : "";
    area.addEventListener("input", function () { handlers.answer(q.id, area.value); });
    area.addEventListener("paste", function () { handlers.paste(); });
    fieldset.appendChild(make("label", {"for": areaId, className: "ce-answer-label", text: ctx.T.your_answer}));
    fieldset.appendChild(area);
  }

  function choiceAnswer(ctx, q, model, handlers, fieldset, readOnly) {
    var make = root.CarbonDom.make;
    var picked = Array.isArray(model.answers[q.id]) ? model.answers[q.id] : [];
    q.options.forEach(function (option, index) {
      var inputId = ctx.uid + "-o" + q.number + "-" + index;
      var input = make("input", {type: q.type === "single" ? "radio" : "checkbox", id: inputId,
        name: ctx.uid + "-n" + q.number, value: option.id, disabled: readOnly});
      input.checked = picked.indexOf(option.id) >= 0;
      input.addEventListener("change", function () {
        var chosen = Array.prototype.filter.call(fieldset.querySelectorAll("input"), function (box) { return box.checked; })
          .map(function (box) { return box.value; });
        handlers.answer(q.id, chosen);
      });
      var letter = String.fromCharCode(65 + index) + ". ";
      fieldset.appendChild(make("div", {className: "ce-option"}, [input, make("label", {"for": inputId}, [letter + option.text])]));
    });
  }

  /* The fieldset of question `q`; flags belong to the exam, not to practice checks. */
  CarbonExam.renderQuestion = function (ctx, q, model, handlers, options) {
    var T = ctx.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    var legendId = ctx.uid + "-q" + q.number;
    var fieldset = make("fieldset", {className: "ce-question", "data-fieldset": q.id, tabindex: "-1", "aria-labelledby": legendId});
    fieldset.appendChild(make("legend", {id: legendId}, [fmt(T.question, {number: q.number}) + " · " + (T[q.type] || q.type) +
      " · " + ctx.points(q.points)]));
    fieldset.appendChild(make("p", {className: "ce-stem", text: q.stem}));
    (q.type === "short" ? textAnswer : choiceAnswer)(ctx, q, model, handlers, fieldset, options.readOnly);
    if (!options.readOnly && options.flags) {
      var flag = make("button", {type: "button", className: "ce-flag",
        "aria-pressed": model.flags.indexOf(q.id) >= 0 ? "true" : "false", text: T.flag});
      flag.addEventListener("click", function () {
        handlers.flag(q.id);
        flag.setAttribute("aria-pressed", model.flags.indexOf(q.id) >= 0 ? "true" : "false");
      });
      fieldset.appendChild(flag);
    }
    return fieldset;
  };
}(this));
