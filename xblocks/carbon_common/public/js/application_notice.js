/* What the course home shows of a learner's application, free of the DOM and of React: the LMS endpoint's path
 * (GET /carbon_xblocks/courses/<course>/application_status/), the view of its answer (nothing before submission,
 * nothing for a refusal), and the markup as calls of an `h(tag, attributes, ...children)` function:
 * React.createElement in the learning MFE's widget (course_home_decision.js, injected by
 * tutor/carbon_xblocks_tutor.py), a DOM builder on devsite's course home. Texts arrive translated from the server.
 * Loads in the browser (window.CarbonApplicationNotice) and in node (module.exports) for tests/js/. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  if (!root.CarbonApplicationNotice) { root.CarbonApplicationNotice = api; }
}(this, function () {
  "use strict";

  /* Status -> the Bootstrap/Paragon alert tone the MFE styles (devsite's stylesheet mirrors the four). */
  var TONES = {submitted: "info", returned: "warning", approved: "success", rejected: "danger"};
  var HEADING_ID = "carbon-application-decision-heading";

  /* The endpoint's path for `courseId` (relative to the LMS root). */
  function statusPath(courseId) {
    return "/carbon_xblocks/courses/" + encodeURIComponent(String(courseId)) + "/application_status/";
  }

  /* `url` when it is an http(s) or site-relative link, else null (never a javascript: or data: URL). */
  function safeLink(url) {
    if (typeof url !== "string") { return null; }
    return /^https?:\/\/[^\s]+$/i.test(url) || /^\/(?!\/)[^\s]*$/.test(url) ? url : null;
  }

  /* The page's language tag for the server's language code: zh-cn -> zh-CN, zh-hans -> zh-Hans, en -> en. */
  function langTag(code) {
    var parts = String(code || "").split(/[-_]/);
    if (!parts[0]) { return ""; }
    return [parts[0].toLowerCase()].concat(parts.slice(1).map(function (part) {
      return part.length === 2 ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
    })).join("-");
  }

  /* What to show for the endpoint's answer (`httpStatus`, parsed `body`), or null: nothing before submission,
   * for a refusal (signed out, not enrolled, unknown course) or an answer of an unknown shape. */
  function view(httpStatus, body) {
    if (httpStatus !== 200 || !body || body.shown !== true || !Object.prototype.hasOwnProperty.call(TONES, body.status)) {
      return null;
    }
    var labels = body.labels || {};
    var details = [];
    if (body.number) { details.push({label: labels.number, value: body.number}); }
    if (body.decided_at_display) {
      details.push({label: labels.decided, value: body.decided_at_display, datetime: body.decided_at || null});
    }
    var href = safeLink(body.form_url);
    return {
      status: body.status, tone: TONES[body.status], heading: labels.heading || "", label: body.label || "",
      title: body.title || "", message: body.message || "", lang: langTag(body.language),
      reason: body.reason ? {label: labels.reason || "", text: body.reason} : null, details: details,
      link: href ? {href: href, text: labels.open_form || href} : null,
    };
  }

  /* The widget's markup for `shown` (from view()) as `h` calls: a card headed "Your application", the decision in
   * an alert of its tone (role=status: read out when it appears), the reason, number and date, the form's link. */
  function tree(h, shown) {
    var details = shown.details.map(function (item) {
      var value = item.datetime ? h("time", {dateTime: item.datetime}, item.value) : item.value;
      return h("div", {className: "carbon-application-decision-detail"}, h("dt", null, item.label), h("dd", null, value));
    });
    var body = [
      h("h2", {id: HEADING_ID, className: "h4 card-title"}, shown.heading),
      h("div", {className: "alert alert-" + shown.tone + " mb-3", role: "status"},
        h("p", {className: "font-weight-bold mb-1"}, shown.title + " (" + shown.label + ")"),
        h("p", {className: "mb-0"}, shown.message)),
    ];
    if (shown.reason) { body.push(h("p", {className: "carbon-application-decision-reason"}, shown.reason.label + " " + shown.reason.text)); }
    if (details.length) { body.push(h.apply(null, ["dl", {className: "mb-3"}].concat(details))); }
    if (shown.link) { body.push(h("a", {className: "btn btn-outline-primary btn-sm", href: shown.link.href}, shown.link.text)); }
    return h("section", {className: "card mb-3 carbon-application-decision carbon-application-decision-" + shown.status,
      "aria-labelledby": HEADING_ID, lang: shown.lang || null},
    h.apply(null, ["div", {className: "card-body"}].concat(body)));
  }

  return {TONES: TONES, statusPath: statusPath, safeLink: safeLink, langTag: langTag, view: view, tree: tree};
}));
