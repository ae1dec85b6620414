// The Studio question editor's paper model (xblocks/carbon_exam/public/js/studio_model.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const model = require("../../xblocks/carbon_exam/public/js/studio_model.js");

function paper() {
  return {parts: [{id: "part-1", title: "基础", pools: [
    {id: "p1", type: "single", draw: "2", points: "1.5", questions: [
      {id: "p1-1", stem: "a", options: [{id: "A", text: "x", correct: 1}, {id: "B", text: "y"}], exclude: ["p1-2"]},
      {id: "p1-2", stem: "b", options: [], exclude: ""}]},
    {id: "p2", type: "short", draw: "1", points: "7", questions: [
      {id: "q", stem: "c", reference: "r", rubric: [{points: 3, label: "l", keywords: ["k"]}, {points: "4.25", label: ""}]}]},
  ]}]};
}

test("free ids skip every id in use; new questions get options or one rubric point", () => {
  const p = paper();
  assert.equal(model.freeId(p, "p1-"), "p1-3");
  assert.equal(model.freeId(p, "part-"), "part-2");
  const single = model.newQuestion(p, p.parts[0].pools[0]);
  assert.equal(single.id, "p1-3");
  assert.deepEqual(single.options.map((o) => o.id), ["A", "B", "C", "D"]);
  const short = model.newQuestion(p, p.parts[0].pools[1]);
  assert.deepEqual(short.rubric, [{points: "7", label: "", keywords: []}]);
  assert.equal(short.options.length, 0);
});

test("option ids take the first free letter", () => {
  assert.equal(model.nextOptionId({options: [{id: "A"}, {id: "C"}]}), "B");
  const full = {options: Array.from({length: 26}, (_, i) => ({id: String.fromCharCode(65 + i)}))};
  assert.equal(model.nextOptionId(full), "27");
});

test("moves keep the focus on a button that still works", () => {
  const list = ["a", "b", "c"];
  assert.deepEqual(model.move(list, 1, -1), {item: "b", position: 1, focus: "down"});
  assert.deepEqual(list, ["b", "a", "c"]);
  assert.deepEqual(model.move(list, 0, 1), {item: "b", position: 2, focus: "down"});
  assert.deepEqual(model.move(list, 1, 1), {item: "b", position: 3, focus: "up"});
  assert.equal(model.move(list, 2, 1), null);
  assert.deepEqual(model.move(["x"], 0, 1), null);
});

test("sums: drawn points and a rubric's total, to hundredths", () => {
  const p = paper();
  assert.equal(model.drawnPoints(p), 10);
  assert.equal(model.rubricTotal(p.parts[0].pools[1].questions[0]), 7.25);
  assert.equal(model.num("abc"), 0);
});

test("the paper is sent with numbers as text and each type's own fields", () => {
  const sent = model.serialise(paper());
  const [choice, short] = sent.parts[0].pools;
  assert.equal(choice.draw, "2");
  assert.deepEqual(choice.questions[0], {id: "p1-1", stem: "a", explanation: undefined, source: undefined,
    exclude: "p1-2", as_of: "", track: "", options: [{id: "A", text: "x", correct: true}, {id: "B", text: "y", correct: false}]});
  assert.deepEqual(short.questions[0].rubric, [{points: "3", label: "l", keywords: ["k"]}, {points: "4.25", label: "", keywords: []}]);
  assert.equal("options" in short.questions[0], false);
  assert.equal(model.findQuestion(paper(), "q").reference, "r");
  assert.equal(model.findQuestion(paper(), "nope"), null);
  assert.deepEqual(model.keywords(" 排放 | 因子｜ |x"), ["排放", "因子", "x"]);
});
