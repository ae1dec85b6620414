// The one placeholder syntax of the blocks' scripts (carbon_common/public/js/carbon_dom.js, fmt).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const dom = require("../../xblocks/carbon_common/public/js/carbon_dom.js");

test("fmt fills {name} placeholders and leaves unknown ones as written", () => {
  assert.equal(dom.fmt("已答 {answered} / {total} 题", {answered: 3, total: 4}), "已答 3 / 4 题");
  assert.equal(dom.fmt("{a}{a}", {a: 0}), "00");
  assert.equal(dom.fmt("{missing} stays", {}), "{missing} stays");
  assert.equal(dom.fmt("{x}", {x: null}), "{x}");
  assert.equal(dom.fmt(null, {}), "");
  assert.equal(dom.fmt("%(old)s is not a placeholder", {old: 1}), "%(old)s is not a placeholder");
});
