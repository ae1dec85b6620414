// The application form's rules (xblocks/eligibility_form/public/js/eligibility_rules.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const rules = require("../../xblocks/eligibility_form/public/js/eligibility_rules.js");

test("the other-major box shows for 'other' only, the certificate part when ticked", () => {
  assert.deepEqual(rules.visibility({major: "other", other_certificate: true}), {majorOther: true, certificate: true});
  assert.deepEqual(rules.visibility({major: "环境工程", other_certificate: false}), {majorOther: false, certificate: false});
  assert.deepEqual(rules.visibility({major: "", other_certificate: "true"}), {majorOther: false, certificate: false},
    "only a ticked box (true), not the text 'true'");
});

test("sizes read in KB up to a mebibyte, then in MB with one decimal", () => {
  const sizes = [[1, "1 KB"], [1024, "1 KB"], [1025, "2 KB"], [1048576, "1024 KB"], [1572864, "1.5 MB"]];
  for (const [bytes, text] of sizes) { assert.equal(rules.humanSize(bytes), text, bytes); }
});

test("a save refused as invalid_value with a state is 'saved, with problems'; anything else is not", () => {
  const error = {code: "invalid_value", state: {answers: {}}, errors: {mobile: "x"}};
  assert.equal(rules.savedWithProblems({error}), error);
  assert.equal(rules.savedWithProblems({error: {code: "invalid_value"}}), null);
  assert.equal(rules.savedWithProblems({error: {code: "status", state: {}}}), null);
  assert.equal(rules.savedWithProblems(undefined), null);
});

test("a refused submit says where the focus goes first", () => {
  assert.deepEqual(rules.submitFailure({code: "materials_missing", missing: ["photo", "id_card"]}),
    {focus: "material", kind: "photo", errors: null, prefix: false});
  assert.deepEqual(rules.submitFailure({code: "not_eligible"}), {focus: "summary", errors: null, prefix: false});
  assert.deepEqual(rules.submitFailure({code: "invalid_value", errors: {name: "必填"}}),
    {focus: "field", errors: {name: "必填"}, prefix: true});
  assert.deepEqual(rules.submitFailure({code: "materials_missing", missing: []}), {focus: null, errors: null, prefix: false});
  assert.deepEqual(rules.submitFailure(undefined), {focus: null, errors: null, prefix: false});
});

test("applicants are named with their username; revealed identifiers replace masked ones when not empty", () => {
  assert.equal(rules.who({name: "张三", username: "zs"}), "张三（zs）");
  assert.equal(rules.who({name: "", username: "zs"}), "zs");
  const masked = {id_number: "1101**********1234", mobile: "138****0000", name: "张三"};
  assert.deepEqual(rules.withRevealed(masked, {answers: {id_number: "110101199001011234", mobile: ""}}),
    {id_number: "110101199001011234", mobile: "138****0000", name: "张三"});
  assert.deepEqual(rules.withRevealed(masked, null), masked);
});
