/* The attempt in progress: the read-only note (another window holds it) or the integrity note, the timer,
 * progress and question navigator, the paper and the submit button. The navigator's state comes from
 * CarbonExam.navigator; the controller (exam.js) owns the answers and calls view.refresh() after changes. */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  function header(ctx, attempt, count) {
    var T = ctx.T, make = root.CarbonDom.make, progressId = ctx.uid + "-progress";
    var box = make("div", {className: "ce-header"});
    if (attempt.seconds_left !== null && attempt.seconds_left !== undefined) {
      box.appendChild(make("p", {className: "ce-timer-wrap"}, [T.time_left + " ",
        make("span", {className: "ce-timer", role: "timer", "aria-live": "off"})]));
    }
    box.appendChild(make("label", {"for": progressId, className: "ce-progress-label"}));
    box.appendChild(make("progress", {id: progressId, className: "ce-progress", max: String(count), value: "0"}));
    return box;
  }

  function navigatorBox(ctx, questions) {
    var T = ctx.T, make = root.CarbonDom.make;
    var list = make("ol", {className: "ce-nav-list"});
    questions.forEach(function (q) {
      var link = make("button", {type: "button", className: "ce-nav-item", "data-question": q.id, text: String(q.number)});
      link.addEventListener("click", function () {
        var target = ctx.body.querySelector('[data-fieldset="' + root.CarbonDom.cssEscape(q.id) + '"]');
        if (target) { target.focus(); }
      });
      list.appendChild(make("li", {}, [link]));
    });
    return make("nav", {className: "ce-nav", "aria-label": T.navigator}, [make("h4", {text: T.navigator}), list]);
  }

  /* Fill ctx.body with `attempt`. model: {answers, flags} (the controller's, read on refresh). handlers:
   * answer, paste, flag (see exam_question.js), takeOver(), submit(button). Returns {refresh, clock}. */
  CarbonExam.renderAttempt = function (ctx, attempt, model, handlers) {
    var T = ctx.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt, nav = CarbonExam.navigator;
    var practice = ctx.practice(), readOnly = attempt.read_only, body = ctx.body;
    var questions = nav.questionsOf(attempt.paper);
    if (readOnly) {
      var takeOver = make("button", {type: "button", className: "ce-takeover", text: T.take_over});
      takeOver.addEventListener("click", handlers.takeOver);
      body.appendChild(make("div", {className: "ce-readonly", role: "note"}, [
        make("p", {text: practice ? T.read_only_note_practice : T.read_only_note}), takeOver]));
    } else if (!practice) {
      body.appendChild(make("p", {className: "ce-note", text: T.focus_warning}));
    }
    body.appendChild(header(ctx, attempt, questions.length));
    body.appendChild(navigatorBox(ctx, questions));
    var form = make("form", {className: "ce-paper", novalidate: true});
    attempt.paper.parts.forEach(function (part) {
      var section = make("section", {className: "ce-part", "aria-label": part.title}, [make("h4", {text: part.title})]);
      part.questions.forEach(function (q) {
        section.appendChild(CarbonExam.renderQuestion(ctx, q, model, handlers, {readOnly: readOnly, flags: !practice}));
      });
      form.appendChild(section);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    body.appendChild(form);
    if (!readOnly) {
      var submitButton = make("button", {type: "button", className: "ce-submit", text: practice ? T.submit_practice : T.submit});
      submitButton.addEventListener("click", function () { handlers.submit(submitButton); });
      body.appendChild(submitButton);
    }

    function refresh() {
      var count = nav.progress(questions, model.answers);
      var bar = body.querySelector(".ce-progress"), label = body.querySelector(".ce-progress-label");
      if (bar) { bar.value = count.answered; }
      if (label) { label.textContent = fmt(T.progress, {answered: count.answered, total: count.total}); }
      nav.items(questions, model.answers, model.flags).forEach(function (item) {
        var button = body.querySelector('.ce-nav-item[data-question="' + root.CarbonDom.cssEscape(item.id) + '"]');
        if (!button) { return; }
        button.classList.toggle("ce-answered", item.answered);
        button.classList.toggle("ce-flagged", item.flagged);
        button.setAttribute("aria-label", fmt(T.question, {number: item.number}) + (item.answered ? " ✓" : "") +
          (item.flagged ? " · " + T.flagged : ""));
      });
    }
    function clock(text) {
      var node = body.querySelector(".ce-timer");
      if (node) { node.textContent = text; }
    }
    refresh();
    return {questions: questions, refresh: refresh, clock: clock};
  };
}(this));
