/* The exam page before an attempt: what the paper holds and its rules, the last result, why the learner
 * may not start, and the start button (an exam asks for confirmation first; a practice check does not). */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  /* The facts list: time, attempts, questions and points by type, pass mark. */
  function facts(ctx, state, outline) {
    var T = ctx.T, fmt = root.CarbonDom.fmt, make = root.CarbonDom.make, ngettext = root.CarbonDom.ngettext;
    var items = [
      state.time_limit_minutes ? ngettext(T.time_limit, state.time_limit_minutes) : T.untimed,
      state.attempts_left === null ? T.unlimited_attempts : fmt(T.attempts_left, {count: state.attempts_left}),
    ];
    if (outline && outline.question_count) {
      items.push(fmt(T.paper_size, {questions: ngettext(T.question_count, outline.question_count),
        points: ctx.points(outline.total_points)}));
      outline.types.forEach(function (part) {
        items.push(fmt(T.outline_type, {type: T[part.type] || part.type, questions: ngettext(T.question_count, part.count),
          points: ctx.points(part.points)}));
      });
    }
    items.push(fmt(T.pass_mark, {pass_mark: ctx.num(state.pass_mark)}));
    return make("ul", {className: "ce-facts"}, items.map(function (text) { return make("li", {text: text}); }));
  }

  /* What the learner confirms before an exam attempt starts. */
  function startLines(ctx, state) {
    var T = ctx.T, fmt = root.CarbonDom.fmt;
    return [
      state.time_limit_minutes ? fmt(T.confirm_start, {minutes: state.time_limit_minutes}) : T.confirm_start_untimed,
      state.attempts_left === null ? "" : fmt(T.confirm_start_attempts, {left: Math.max(0, state.attempts_left - 1)}),
    ];
  }

  /* Fill ctx.body for `state` (no attempt in progress); `onStart()` starts the attempt. */
  CarbonExam.renderIntro = function (ctx, state, onStart) {
    var T = ctx.T, make = root.CarbonDom.make, body = ctx.body, practice = state.mode === "practice";
    body.appendChild(facts(ctx, state, ctx.outline));
    if (state.review) { body.appendChild(CarbonExam.renderReview(ctx, state.review, practice)); }
    if (state.refusal) { body.appendChild(make("p", {className: "ce-refusal", text: state.refusal})); }
    if (!state.can_start) { return; }
    // How saving works is said before an attempt only, never under a submitted one.
    if (!practice) { body.appendChild(make("p", {className: "ce-intro", text: T.intro_exam})); }
    var label = state.attempts_used ? T.retake : (practice ? T.start_practice : T.start);
    var button = make("button", {type: "button", className: "ce-start", text: label});
    button.addEventListener("click", function () {
      if (practice) { onStart(); return; }
      CarbonExam.confirmDialog(ctx, {lines: startLines(ctx, state), cancel: T.not_yet, confirm: T.start_now,
        className: "ce-start-dialog"}, onStart);
    });
    body.appendChild(button);
  };
}(this));
