/* The learner's application form: answers autosaved as typed, field messages, the conditions met, the
 * documents (eligibility_materials.js), where the application stands (the notice), submit and withdraw. */
(function (root) {
  "use strict";
  var EligibilityForm = root.EligibilityForm = root.EligibilityForm || {};

  EligibilityForm.learner = function (ctx, initialState) {
    var S = ctx.S, $ = ctx.$, $all = ctx.$all, say = ctx.say, element = ctx.element;
    var rules = EligibilityForm.rules, fmt = root.CarbonDom.fmt;
    var form = $(".ef-form"), state = initialState, saveTimer = null, shownNotice = "";

    function answers() {
      var data = {};
      $all(".ef-form [name]").forEach(function (input) {
        data[input.name] = input.type === "checkbox" ? input.checked : input.value.trim();
      });
      return data;
    }
    function fieldError(input, message) {
      var id = input.id + "-error";
      var node = element.querySelector("#" + root.CarbonDom.cssEscape(id));
      if (!node && message) {
        node = root.CarbonDom.make("p", {id: id, className: "ef-field-error"});
        input.closest(".ef-field, .ef-check").appendChild(node);
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + id).trim());
      }
      if (node) { node.textContent = message || ""; }
      input.setAttribute("aria-invalid", message ? "true" : "false");
    }
    function showErrors(errors) {
      $all(".ef-form [name]").forEach(function (input) { fieldError(input, (errors || {})[input.name]); });
    }
    function toggles() {
      var shown = rules.visibility(answers());
      $(".ef-major-other").hidden = !shown.majorOther;
      $(".ef-certificate").hidden = !shown.certificate;
    }
    function showEligibility(eligibility) {
      say(".ef-summary", eligibility.summary.join(" "));
      eligibility.conditions.forEach(function (condition) {
        var item = element.querySelector(".ef-conditions [data-condition='" + condition.number + "']");
        item.classList.toggle("ef-met", condition.met);
        item.classList.toggle("ef-qualifying", condition.number === eligibility.qualifying);
        item.querySelector(".ef-condition-state").textContent = condition.met ? "✔ " + S.met : "✘ " + S.not_met;
        var list = item.querySelector(".ef-missing");
        list.textContent = "";
        condition.missing.forEach(function (text) { list.appendChild(root.CarbonDom.make("li", {text: text})); });
      });
    }
    // Where the application stands, what staff said and what to do next, at the top of the form. Redrawn only
    // when it changes: it sits in a live region, and the draft autosaves as the learner types.
    function showNotice(notice) {
      var shownKey = JSON.stringify([notice, notice && notice.status === "returned" ? state.decision : null]);
      if (shownKey === shownNotice) { return; }
      shownNotice = shownKey;
      var box = $(".ef-notice");
      box.hidden = !notice;
      box.className = "ef-notice" + (notice ? " ef-notice--" + notice.status : "");
      if (!notice) { return; }
      say(".ef-notice-title", notice.title);
      $(".ef-notice-reason").hidden = !notice.reason;
      say(".ef-notice-reason span", notice.reason);
      say(".ef-notice-next span", notice.next);
      var notes = $(".ef-decision");
      notes.textContent = "";
      var decision = notice.status === "returned" ? state.decision : null;
      Object.keys((decision && decision.notes) || {}).forEach(function (field) {
        var label = (decision.note_labels || {})[field] || field;
        notes.appendChild(root.CarbonDom.make("li", {text: fmt(S.labelled, {label: label, text: decision.notes[field]})}));
      });
      notes.hidden = !notes.children.length;
    }
    function focusFirstProblem() {
      var first = element.querySelector(".ef-form [aria-invalid=true]");
      if (first) { first.focus(); }
      return !!first;
    }
    function render(newState) {
      state = newState;
      say(".ef-status-label", state.status_label);
      showNotice(state.notice);
      $all(".ef-form [name]").forEach(function (input) {
        var value = state.answers[input.name];
        if (input.type === "checkbox") { input.checked = value === true; } else if (document.activeElement !== input) {
          input.value = value === undefined || value === null ? "" : value;
        }
        input.disabled = !state.editable;
      });
      toggles();
      showErrors(state.errors);
      showEligibility(state.eligibility);
      var list = $(".ef-materials");
      list.textContent = "";
      state.materials.forEach(function (material) { list.appendChild(EligibilityForm.materialItem(ctx, state, material)); });
      $(".ef-submit").disabled = !state.editable;
      $(".ef-save").disabled = !state.editable;
      // Only when there is an application to withdraw, and it may be withdrawn (not once approved).
      $(".ef-withdraw").hidden = state.status === "none" || state.status === "approved";
    }
    ctx.render = render;

    function save(announce) {
      window.clearTimeout(saveTimer);
      if (announce) { say(".ef-save-message", S.saving); }
      return ctx.request("POST", "save_application", answers()).then(function (data) {
        render(data); if (announce) { say(".ef-save-message", S.saved); }
      }, function (e) {
        var problems = rules.savedWithProblems(e.body);
        if (!problems) { if (announce) { say(".ef-save-message", e.message); } return; }
        render(problems.state);
        showErrors(Object.assign({}, problems.state.errors, problems.errors));
        if (announce) { say(".ef-save-message", S.saved_with_problems); focusFirstProblem(); }
      });
    }
    function later(ms) { window.clearTimeout(saveTimer); saveTimer = window.setTimeout(save, ms); }
    function submitted(e) {
      // The result stays next to this button; the focus goes to the first thing to fix.
      var failure = rules.submitFailure(e.body && e.body.error);
      if (failure.errors) { showErrors(failure.errors); }
      say(".ef-message", failure.prefix ? S.submit_problems + " " + e.message : e.message);
      if (failure.focus === "material") {
        var input = element.querySelector(".ef-materials li[data-kind='" + failure.kind + "'] input[type=file]");
        if (input) { input.focus(); }
      } else if (failure.focus === "summary") {
        $(".ef-summary").focus();
      } else if (failure.focus === "field") {
        focusFirstProblem();
      }
    }

    form.addEventListener("input", function () { toggles(); later(900); });
    form.addEventListener("change", function () { toggles(); later(300); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    $(".ef-save").addEventListener("click", function () { save(true); });
    $(".ef-pdf").href = ctx.url("review_form_pdf");
    $(".ef-submit").addEventListener("click", function () {
      save(false).then(function () {
        return ctx.request("POST", "submit_application", {});
      }).then(function (data) {
        render(data); say(".ef-save-message", ""); say(".ef-message", S.submitted);
      }, submitted);
    });
    $(".ef-withdraw").addEventListener("click", function () {
      if (!window.confirm(S.confirm_withdraw)) { return; }
      ctx.request("POST", "withdraw_application", {}).then(function (data) {
        render(data); say(".ef-message", S.withdrawn);
      }, function (e) { say(".ef-message", e.message); });
    });
    render(state);
  };
}(this));
