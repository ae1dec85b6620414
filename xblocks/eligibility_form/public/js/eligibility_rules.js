/* The application form's rules, free of the DOM: which optional parts show, how a file size reads, what a
 * refused save or submit asks the page to do, and how staff name an applicant. Loads in the browser
 * (window.EligibilityForm.rules) and in node (module.exports) for tests/js/. */
(function () {
  "use strict";

  /* Which optional parts of the form show for `answers` (the form's values by field name). */
  function visibility(answers) {
    return {majorOther: answers.major === "other", certificate: answers.other_certificate === true};
  }

  /* "1.5 MB" above a mebibyte, else whole "KB" rounded up. */
  function humanSize(bytes) {
    return bytes > 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.ceil(bytes / 1024) + " KB";
  }

  /* A 400 "invalid_value" from save_application means "saved, with problems": the draft was stored as typed
   * and the error carries the state plus a message per field. That error, or null for any other failure. */
  function savedWithProblems(body) {
    var error = body && body.error;
    return error && error.code === "invalid_value" && error.state ? error : null;
  }

  /* What the page does after a refused submit, from the server's error:
   * {focus: "material" (with kind) | "summary" | "field" | null, errors: field messages or null, prefix}. */
  function submitFailure(error) {
    error = error || {};
    var errors = error.errors || null;
    if (error.code === "materials_missing" && error.missing && error.missing.length) {
      return {focus: "material", kind: error.missing[0], errors: errors, prefix: false};
    }
    if (error.code === "not_eligible") { return {focus: "summary", errors: errors, prefix: false}; }
    if (errors) { return {focus: "field", errors: errors, prefix: true}; }
    return {focus: null, errors: null, prefix: false};
  }

  /* "姓名（username）", or the username alone. */
  function who(row) { return row.name ? row.name + "（" + row.username + "）" : row.username; }

  /* `answers` with the revealed (unmasked) values that are not empty. */
  function withRevealed(answers, revealed) {
    var merged = {};
    Object.keys(answers).forEach(function (field) { merged[field] = answers[field]; });
    Object.keys((revealed && revealed.answers) || {}).forEach(function (field) {
      if (revealed.answers[field]) { merged[field] = revealed.answers[field]; }
    });
    return merged;
  }

  var api = {visibility: visibility, humanSize: humanSize, savedWithProblems: savedWithProblems,
    submitFailure: submitFailure, who: who, withRevealed: withRevealed};
  if (typeof module === "object" && module.exports) { module.exports = api; } else { window.CarbonDom.provide("EligibilityForm", "rules", api); }
}());
