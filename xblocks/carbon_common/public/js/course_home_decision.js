/* The learning MFE's course-home widget: the learner's application decision, beside Course Tools on the course
 * outline tab. A frontend-plugin-framework DIRECT_PLUGIN for the slot
 * org.openedx.frontend.learning.course_outline_tab_notifications.v1 (props: courseId, model "outline").
 * No JSX and no build of its own: tutor/carbon_xblocks_tutor.py injects this file and application_notice.js into
 * the MFE's env.config.jsx, where create(React, getAuthenticatedHttpClient, lmsBaseUrl, notice) makes the
 * component. It asks the LMS (its JWT cookie, as every MFE call) for GET <LMS>/carbon_xblocks/courses/<course>/
 * application_status/ and shows nothing before submission, for a refusal, or when the request fails. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  if (!root.CarbonCourseHomeDecision) { root.CarbonCourseHomeDecision = api; }
}(this, function () {
  "use strict";

  /* The component. `React` is the MFE's own; `getHttpClient()` frontend-platform's getAuthenticatedHttpClient (an
   * axios instance: resolves {status, data}); `lmsBaseUrl()` getConfig().LMS_BASE_URL; `notice` application_notice.js. */
  function create(React, getHttpClient, lmsBaseUrl, notice) {
    function CarbonApplicationDecision(props) {
      var state = React.useState(null);
      var shown = state[0];
      var setShown = state[1];
      React.useEffect(function () {
        var current = true;
        setShown(null);
        if (!props.courseId) { return undefined; }
        getHttpClient().get(lmsBaseUrl() + notice.statusPath(props.courseId)).then(function (response) {
          if (current) { setShown(notice.view(response.status, response.data)); }
        }, function () {
          if (current) { setShown(null); }  // a refusal (401/403/404) or a network failure: the course home says nothing
        });
        return function () { current = false; };
      }, [props.courseId]);
      return shown ? notice.tree(React.createElement, shown) : null;
    }
    return CarbonApplicationDecision;
  }

  return {create: create, SLOT_ID: "org.openedx.frontend.learning.course_outline_tab_notifications.v1"};
}));
