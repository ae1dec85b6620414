// Count-bearing messages in the browser: CarbonDom.ngettext picks the form the server's js_texts sent for the
// reader's language (carbon_common/i18n.py Translator.plural_forms), by the catalogue's own plural rule.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const dom = require("../../xblocks/carbon_common/public/js/carbon_dom.js");

const ENGLISH = {forms: ["{count} question", "{count} questions"], plural: "n != 1"};
const CHINESE = {forms: ["{count} 道题"], plural: "0"};

test("English: 1 question, 2 questions, 0 questions; a fraction takes the plural", () => {
  assert.equal(dom.ngettext(ENGLISH, 1), "1 question");
  assert.equal(dom.ngettext(ENGLISH, 2), "2 questions");
  assert.equal(dom.ngettext(ENGLISH, 0), "0 questions");
  const points = {forms: ["{count} point", "{count} points"], plural: "(n != 1)"};
  assert.equal(dom.ngettext(points, 2.5), "2.5 points");
  assert.equal(dom.ngettext(points, "1"), "1 point");
});

test("Chinese: one form for every count", () => {
  assert.equal(dom.ngettext(CHINESE, 1), "1 道题");
  assert.equal(dom.ngettext(CHINESE, 2), "2 道题");
  assert.equal(dom.ngettext(CHINESE, 0), "0 道题");
});

test("other placeholders are filled beside {count}; a plain string is its own form", () => {
  const left = {forms: ["{pending} of {count} answer left", "{pending} of {count} answers left"], plural: "n != 1"};
  assert.equal(dom.ngettext(left, 1, {pending: 1}), "1 of 1 answer left");
  assert.equal(dom.ngettext(left, 51, {pending: 3}), "3 of 51 answers left");
  assert.equal(dom.ngettext("{count} 份", 4), "4 份");
});

test("gettext's rules with three forms and nested ternaries (Russian, Polish) pick as gettext does", () => {
  const russian = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)";
  const picked = [1, 2, 5, 11, 12, 21, 22, 25, 111, 112].map((n) => dom.pluralIndex(russian, n));
  assert.deepEqual(picked, [0, 1, 2, 2, 2, 0, 1, 2, 2, 2]);
  const polish = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)";
  assert.deepEqual([1, 2, 5, 22, 0].map((n) => dom.pluralIndex(polish, n)), [0, 1, 2, 1, 2]);
  assert.equal(dom.pluralIndex("n > 1", 1), 0);  // French
  assert.equal(dom.pluralIndex("!(n == 1)", 3), 1);
});

test("anything but a plural rule is refused, never evaluated", () => {
  assert.throws(() => dom.pluralIndex("alert(1)", 1), /Not a plural rule/);
  assert.throws(() => dom.pluralIndex("n != ", 1), /Not a plural rule/);
  assert.throws(() => dom.pluralIndex("n n", 1), /Not a plural rule/);
});
