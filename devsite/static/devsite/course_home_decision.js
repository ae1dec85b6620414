/* devsite's course home: the learner's application, as the learning MFE's widget shows it in the LMS
 * (xblocks/carbon_common/public/js/course_home_decision.js): the same endpoint, the same view and markup
 * (window.CarbonApplicationNotice), built here as DOM elements instead of React ones. */
(function () {
  "use strict";
  var slot = document.getElementById("carbon-application-decision");
  var notice = window.CarbonApplicationNotice;
  if (!slot || !notice || !window.fetch) { return; }

  /* React.createElement's signature, making DOM elements: className as the class, null attributes left out. */
  function h(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined) { return; }
      if (name === "className") { element.className = value; } else { element.setAttribute(name, value); }
    });
    for (var i = 2; i < arguments.length; i += 1) {
      var child = arguments[i];
      if (child !== null && child !== undefined) {
        element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return element;
  }

  window.fetch(notice.statusPath(slot.getAttribute("data-course-id")),
    {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then(function (response) {
      return response.json().then(function (body) { return notice.view(response.status, body); });
    })
    .then(function (shown) {
      if (shown) { slot.appendChild(notice.tree(h, shown)); slot.hidden = false; }
    })
    .catch(function () { /* the course home says nothing when the LMS cannot answer */ });
}());
