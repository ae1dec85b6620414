/* The state behind the question navigator, the progress bar and the submit dialog, free of the DOM:
 * which questions are answered and flagged, and what the paper holds. Loads in the browser
 * (window.CarbonExam.navigator) and in node (module.exports) for tests/js/. */
(function () {
  "use strict";

  /* Every question of a drawn paper ({parts: [{questions}]}), in order. */
  function questionsOf(paper) {
    var list = [];
    ((paper && paper.parts) || []).forEach(function (part) {
      (part.questions || []).forEach(function (q) { list.push(q); });
    });
    return list;
  }

  /* An answer counts once an option is chosen or the text has more than spaces. */
  function isAnswered(value) {
    return Array.isArray(value) ? value.length > 0 : (typeof value === "string" && value.trim() !== "");
  }

  /* `flags` with `questionId` added, or removed when it was there (a new array). */
  function toggleFlag(flags, questionId) {
    var index = flags.indexOf(questionId);
    return index >= 0 ? flags.slice(0, index).concat(flags.slice(index + 1)) : flags.concat([questionId]);
  }

  /* One entry per question for the navigator: {id, number, answered, flagged}. */
  function items(questions, answers, flags) {
    return questions.map(function (q) {
      return {id: q.id, number: q.number, answered: isAnswered(answers[q.id]), flagged: flags.indexOf(q.id) >= 0};
    });
  }

  /* {answered, total} for the progress bar. */
  function progress(questions, answers) {
    return {answered: questions.filter(function (q) { return isAnswered(answers[q.id]); }).length,
      total: questions.length};
  }

  /* What the submit dialog must say: the numbers of the unanswered and of the flagged questions. */
  function submitSummary(questions, answers, flags) {
    var list = items(questions, answers, flags);
    return {
      unanswered: list.filter(function (item) { return !item.answered; }).map(function (item) { return item.number; }),
      flagged: list.filter(function (item) { return item.flagged; }).map(function (item) { return item.number; }),
    };
  }

  var api = {questionsOf: questionsOf, isAnswered: isAnswered, toggleFlag: toggleFlag, items: items,
    progress: progress, submitSummary: submitSummary};
  if (typeof module === "object" && module.exports) { module.exports = api; } else { window.CarbonDom.provide("CarbonExam", "navigator", api); }
}());
