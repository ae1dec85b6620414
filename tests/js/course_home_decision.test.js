// The learning MFE's course-home widget (xblocks/carbon_common/public/js/course_home_decision.js) under the React
// the Teak learning MFE ships (18.3): it asks the LMS for the course's application status and shows the decision,
// or nothing. The HTTP client stands where frontend-platform's getAuthenticatedHttpClient() (axios) is.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const React = require("react");
const TestRenderer = require("react-test-renderer");
const notice = require("../../xblocks/carbon_common/public/js/application_notice.js");
const widget = require("../../xblocks/carbon_common/public/js/course_home_decision.js");

globalThis.IS_REACT_ACT_ENVIRONMENT = true;
const COURSE = "course-v1:CECA+CRS101+2026";
const APPROVED = {status: "approved", shown: true, label: "审核通过", title: "您的报名已审核通过。", message: "请完成学时后参加结业考试。",
  reason: "", number: "CRS101-2026-00007", decided_at: "2026-06-02T00:30:00+08:00", decided_at_display: "2026-06-02 00:30",
  form_url: "http://lms.test/courses/c/jump_to/f", language: "zh-cn",
  labels: {heading: "您的报名", number: "报名编号", decided: "审核时间", reason: "审核意见：", open_form: "打开报名表"}};

/* An axios-shaped client: resolves {status, data} for 2xx, rejects with {response} otherwise, as axios does. */
function client(status, data, asked) {
  return {get(url) {
    asked.push(url);
    return status < 300 ? Promise.resolve({status, data}) : Promise.reject(Object.assign(new Error("HTTP " + status), {response: {status, data}}));
  }};
}

async function rendered(status, data) {
  const asked = [];
  const Widget = widget.create(React, () => client(status, data, asked), () => "http://lms.test", notice);
  let renderer;
  await TestRenderer.act(async () => { renderer = TestRenderer.create(React.createElement(Widget, {courseId: COURSE, model: "outline"})); });
  return {renderer, asked};
}

function text(node) {
  return typeof node === "string" ? node : (node.children || []).map(text).join("");
}

test("a decision shows as a card asked of the LMS for this course", async () => {
  const {renderer, asked} = await rendered(200, APPROVED);
  assert.deepEqual(asked, ["http://lms.test" + notice.statusPath(COURSE)]);
  const root = renderer.root;
  const section = root.findByType("section");
  assert.equal(section.props["aria-labelledby"], root.findByType("h2").props.id);
  assert.equal(root.findByProps({role: "status"}).props.className, "alert alert-success mb-3");
  assert.match(text(renderer.toJSON()), /您的报名已审核通过。 \(审核通过\)请完成学时后参加结业考试。/);
  assert.equal(root.findByType("a").props.href, APPROVED.form_url);
  assert.equal(root.findByType("time").props.dateTime, APPROVED.decided_at);
});

test("nothing before submission, for a refusal, or when the LMS cannot be reached", async () => {
  assert.equal((await rendered(200, {...APPROVED, status: "none", shown: false})).renderer.toJSON(), null);
  for (const status of [401, 403, 404, 500]) {
    assert.equal((await rendered(status, {error: {code: "x"}})).renderer.toJSON(), null, status);
  }
});

test("the slot is the course outline tab's notifications slot of the Teak learning MFE", () => {
  assert.equal(widget.SLOT_ID, "org.openedx.frontend.learning.course_outline_tab_notifications.v1");
});
