// The question navigator's state and the submit dialog's summary (exam_navigator.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const nav = require("../../xblocks/carbon_exam/public/js/exam_navigator.js");

const paper = {parts: [
  {questions: [{id: "a", number: 1}, {id: "b", number: 2}]},
  {questions: []},
  {questions: [{id: "c", number: 3}, {id: "d", number: 4}]},
]};

test("questions come in paper order across parts", () => {
  assert.deepEqual(nav.questionsOf(paper).map((q) => q.number), [1, 2, 3, 4]);
  assert.deepEqual(nav.questionsOf(null), []);
});

test("an answer counts once an option is chosen or the text is more than spaces", () => {
  assert.equal(nav.isAnswered(["x"]), true);
  assert.equal(nav.isAnswered([]), false);
  assert.equal(nav.isAnswered("  排放 "), true);
  assert.equal(nav.isAnswered(" \n "), false);
  assert.equal(nav.isAnswered(undefined), false);
  assert.equal(nav.isAnswered(3), false);
});

test("flags toggle without changing the array they came from", () => {
  const flags = ["a"];
  assert.deepEqual(nav.toggleFlag(flags, "b"), ["a", "b"]);
  assert.deepEqual(nav.toggleFlag(flags, "a"), []);
  assert.deepEqual(flags, ["a"]);
});

test("navigator items and progress reflect answers and flags", () => {
  const questions = nav.questionsOf(paper);
  const answers = {a: ["o1"], c: "text", d: " "};
  assert.deepEqual(nav.progress(questions, answers), {answered: 2, total: 4});
  assert.deepEqual(nav.items(questions, answers, ["d"]).map((i) => [i.number, i.answered, i.flagged]),
    [[1, true, false], [2, false, false], [3, true, false], [4, false, true]]);
});

test("the submit summary names unanswered and flagged questions, even when all are answered", () => {
  const questions = nav.questionsOf(paper);
  const all = {a: ["o"], b: ["o"], c: "x", d: "y"};
  assert.deepEqual(nav.submitSummary(questions, all, ["b", "d"]), {unanswered: [], flagged: [2, 4]});
  assert.deepEqual(nav.submitSummary(questions, {a: ["o"]}, []), {unanswered: [2, 3, 4], flagged: []});
});
