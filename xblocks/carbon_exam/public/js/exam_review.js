/* The result of a submitted attempt: the score (what is final, what is still being graded, and whether the
 * result is known), part subtotals, the next step after a pass, the course team's comments and, when the
 * author allows, each question with the learner's answer. */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  function scoreLines(ctx, score, practice) {
    var T = ctx.T, fmt = root.CarbonDom.fmt, make = root.CarbonDom.make, ngettext = root.CarbonDom.ngettext;
    if (!score.pending) {
      return [
        make("p", {className: "ce-score", text: fmt(T.score, {earned: ctx.num(score.earned), possible: ctx.num(score.possible)})}),
        make("p", {className: "ce-verdict", text: score.passed ? T.passed : T.failed}),
      ];
    }
    // While short answers are graded, the total so far is not a score out of the paper's total.
    var graded = score.possible - (score.pending_points || 0);
    return [
      make("p", {className: "ce-score ce-score-final", text: ngettext(T.score_final, graded,
        {earned: ctx.num(score.earned), count: ctx.num(graded)})}),
      make("p", {className: "ce-score-pending", text: ngettext(T.score_pending, score.pending_count || 0,
        {points: ctx.points(score.pending_points || 0)})}),
      make("p", {className: "ce-verdict ce-verdict-pending", text: practice ? T.pending :
        fmt(T.result_unknown, {pass_mark: ctx.num(score.pass_mark), possible: ctx.num(score.possible)})}),
    ];
  }

  function optionLine(ctx, option) {
    return root.CarbonDom.fmt(ctx.T.option_line || "{letter}. {text}", {letter: option.letter, text: option.text});
  }

  function choices(ctx, q, item) {
    var T = ctx.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    var options = q.options.map(function (option, index) {
      return option.letter ? option : {id: option.id, text: option.text, letter: String.fromCharCode(65 + index)};
    });
    var chosen = Array.isArray(q.answer) ? q.answer : [];
    var correct = Array.isArray(q.correct_options) ? q.correct_options : null;
    var list = make("ul", {className: "ce-review-options", "aria-label": fmt(T.options_of, {number: q.number})});
    options.forEach(function (option) {
      var isChosen = chosen.indexOf(option.id) >= 0, isCorrect = !!correct && correct.indexOf(option.id) >= 0;
      var classes = "ce-review-option" + (isChosen ? " ce-chosen" : "") + (isCorrect ? " ce-correct-option" : "");
      var marks = (isChosen ? " " + T.your_choice : "") + (isCorrect ? " " + T.correct_option : "");
      list.appendChild(make("li", {className: classes, text: optionLine(ctx, option) + marks}));
    });
    item.appendChild(list);
    var given = options.filter(function (option) { return chosen.indexOf(option.id) >= 0; })
      .map(function (option) { return optionLine(ctx, option); });
    item.appendChild(make("p", {className: "ce-given",
      text: ctx.labelled(T.your_answer, given.length ? given.join(T.separator || "; ") : T.no_answer)}));
    if (correct && correct.length) {
      var right = options.filter(function (option) { return correct.indexOf(option.id) >= 0; })
        .map(function (option) { return optionLine(ctx, option); });
      item.appendChild(make("p", {className: "ce-right", text: ctx.labelled(T.correct_answer, right.join(T.separator || "; "))}));
    }
  }

  /* One reviewed question: stem and options as the learner saw them (same letters, same shuffled order),
   * their choice and, when the review options allow, the correct ones, reference and explanation. */
  function reviewQuestion(ctx, q) {
    var T = ctx.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    var headingId = ctx.uid + "-r" + q.number;
    var title = fmt(T.question, {number: q.number}) + " · " + (T[q.type] || q.type) + " · " + ctx.points(q.points);
    var item = make("article", {className: "ce-review-question", "aria-labelledby": headingId}, [
      make("h5", {id: headingId, className: "ce-review-title", text: title}), make("p", {className: "ce-stem", text: q.stem})]);
    if (q.status) { item.appendChild(make("p", {className: "ce-q-status ce-" + q.status, text: T["status_" + q.status] || q.status})); }
    if (q.type === "short" || !(q.options || []).length) {
      var text = typeof q.answer === "string" && q.answer.trim() ? q.answer : T.no_answer;
      item.appendChild(make("p", {className: "ce-given", text: ctx.labelled(T.your_answer, text)}));
    } else {
      choices(ctx, q, item);
    }
    if (q.reference) { item.appendChild(make("p", {className: "ce-reference", text: ctx.labelled(T.reference, q.reference)})); }
    if (q.explanation) { item.appendChild(make("p", {className: "ce-explanation", text: ctx.labelled(T.explanation, q.explanation)})); }
    if (q.comment) { item.appendChild(make("p", {className: "ce-comment", text: ctx.labelled(T.staff_comment, q.comment)})); }
    return item;
  }

  /* The course team's comments when the questions themselves are not listed. */
  function comments(ctx, list) {
    var T = ctx.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    return make("section", {className: "ce-comments", "aria-label": T.staff_comments}, [make("h5", {text: T.staff_comments}),
      make("ul", {}, list.map(function (entry) {
        return make("li", {className: "ce-comment", text: ctx.labelled(fmt(T.question, {number: entry.number}), entry.comment)});
      }))]);
  }

  CarbonExam.renderReview = function (ctx, review, practice) {
    var T = ctx.T, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    var heading = practice ? T.review_practice : T.review;
    var box = make("section", {className: "ce-review", "aria-label": heading}, [make("h4", {text: heading})]);
    if (!practice) { box.appendChild(make("p", {className: "ce-submitted", text: T.submitted_note})); }
    if (review.score) { scoreLines(ctx, review.score, practice).forEach(function (line) { box.appendChild(line); }); }
    if (review.parts) {
      box.appendChild(make("ul", {className: "ce-parts"}, review.parts.map(function (part) {
        var line = fmt(T.part_score, {title: part.title, earned: ctx.num(part.earned), possible: ctx.num(part.possible)});
        return make("li", {text: part.pending ? line + " · " + T.status_pending : line});
      })));
    }
    if (!practice && review.score && review.score.passed === true) {
      box.appendChild(make("p", {className: "ce-next-step", text: T.next_step_passed}));
    }
    if (review.comments && review.comments.length) { box.appendChild(comments(ctx, review.comments)); }
    (review.questions || []).forEach(function (q) { box.appendChild(reviewQuestion(ctx, q)); });
    return box;
  };
}(this));
