/* Application form and staff review queue of an eligibility_form block: the context every view shares, then
 * the learner's form (eligibility_learner.js) and, for course staff, the review (eligibility_staff.js).
 * Every query is scoped to this block's element. */
function EligibilityFormInit(runtime, element, args) {
  "use strict";
  element = element.jquery ? element[0] : element;
  var S = args.strings || {};
  var ctx = {
    element: element, args: args, S: S,
    $: function (selector) { return element.querySelector(selector); },
    $all: function (selector) { return Array.prototype.slice.call(element.querySelectorAll(selector)); },
    url: function (name, query) { return runtime.handlerUrl(element, name) + (query ? "?" + query : ""); },
    say: function (selector, text) { var node = element.querySelector(selector); if (node) { node.textContent = text || ""; } },
    request: function (method, name, data, query) {
      return window.CarbonHttp.requestJson(ctx.url(name, query), {method: method, data: data, failed: S.failed});
    },
  };
  if (ctx.$(".ef-form") && args.state) { window.EligibilityForm.learner(ctx, args.state); }
  if (ctx.$(".eligibility-staff")) { window.EligibilityForm.staff(ctx); }
}
