// The exam countdown's arithmetic (xblocks/carbon_exam/public/js/exam_timer.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const timer = require("../../xblocks/carbon_exam/public/js/exam_timer.js");

test("the clock shows m:ss, and h:mm:ss from an hour up", () => {
  const clocks = [[0, "0:00"], [59, "0:59"], [61, "1:01"], [3599, "59:59"], [3600, "1:00:00"], [7199, "1:59:59"],
    [7200 + 5 * 60 + 7, "2:05:07"]];
  for (const [seconds, shown] of clocks) { assert.equal(timer.clock(seconds), shown, seconds); }
});

test("seconds left round up and never go below zero", () => {
  const deadline = timer.deadlineAt(90, 1000000);
  assert.equal(deadline, 1090000);
  assert.equal(timer.secondsLeft(deadline, 1000000), 90);
  assert.equal(timer.secondsLeft(deadline, 1000001), 90);
  assert.equal(timer.secondsLeft(deadline, 1089999), 1);
  assert.equal(timer.secondsLeft(deadline, 1090000), 0);
  assert.equal(timer.secondsLeft(deadline, 2000000), 0);
});

test("each warning is due once, only just after its mark", () => {
  const announced = {};
  assert.equal(timer.dueWarning(601, announced), null);
  assert.equal(timer.dueWarning(600, announced), 10);
  announced[10] = true;
  assert.equal(timer.dueWarning(599, announced), null);
  assert.equal(timer.dueWarning(300, announced), 5);
  assert.equal(timer.dueWarning(60, {}), 1);
  assert.equal(timer.dueWarning(56, {}), 1);
  assert.equal(timer.dueWarning(55, {}), null, "a page opened with 55 s left does not say 1 minute");
  assert.equal(timer.dueWarning(180, {}), null, "a page opened with 3 minutes left says nothing");
});
