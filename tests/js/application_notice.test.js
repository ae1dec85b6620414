// The course home's application notice (xblocks/carbon_common/public/js/application_notice.js): what the learning
// MFE's widget and devsite's course home show for an answer of GET .../application_status/.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const notice = require("../../xblocks/carbon_common/public/js/application_notice.js");

const LABELS = {heading: "您的报名", number: "报名编号", decided: "审核时间", reason: "审核意见：", open_form: "打开报名表"};

function answer(status, extra) {
  return {status, shown: ["submitted", "returned", "approved", "rejected"].includes(status), label: `label-${status}`,
    title: `title-${status}`, message: `next-${status}`, reason: "", number: "CRS101-2026-00007", decided_at: null,
    decided_at_display: "", form_url: "http://lms.test/courses/c/jump_to/f", labels: LABELS, language: "zh-cn",
    ...extra};
}

// A tree of plain objects: the markup as tree() describes it, whatever renders it.
function h(tag, attributes, ...children) {
  return {tag, attributes: attributes || {}, children};
}

function texts(node) {
  return typeof node === "string" ? [node] : node.children.flatMap(texts);
}

function find(node, predicate) {
  if (typeof node === "string") { return []; }
  return (predicate(node) ? [node] : []).concat(node.children.flatMap((child) => find(child, predicate)));
}

test("the path names the course, encoded", () => {
  assert.equal(notice.statusPath("course-v1:CECA+CRS101+2026"),
    "/carbon_xblocks/courses/course-v1%3ACECA%2BCRS101%2B2026/application_status/");
});

test("each decision has its tone; nothing before submission, for a refusal or an unknown answer", () => {
  const tones = {submitted: "info", returned: "warning", approved: "success", rejected: "danger"};
  for (const [status, tone] of Object.entries(tones)) {
    assert.equal(notice.view(200, answer(status)).tone, tone, status);
  }
  assert.equal(notice.view(200, answer("none")), null);
  assert.equal(notice.view(200, answer("draft")), null);
  assert.equal(notice.view(200, {...answer("approved"), status: "archived"}), null, "an unknown status");
  assert.equal(notice.view(200, {...answer("approved"), shown: "yes"}), null, "only shown: true");
  assert.equal(notice.view(200, {...answer("approved"), status: "__proto__"}), null);
  for (const code of [401, 403, 404, 500]) { assert.equal(notice.view(code, answer("approved")), null, code); }
  assert.equal(notice.view(200, null), null);
});

test("the number and the local decision time are details; a reason comes with its label", () => {
  const shown = notice.view(200, answer("returned", {reason: "缺少学历证明", decided_at: "2026-06-02T00:30:00+08:00",
    decided_at_display: "2026-06-02 00:30"}));
  assert.deepEqual(shown.details, [{label: "报名编号", value: "CRS101-2026-00007"},
    {label: "审核时间", value: "2026-06-02 00:30", datetime: "2026-06-02T00:30:00+08:00"}]);
  assert.deepEqual(shown.reason, {label: "审核意见：", text: "缺少学历证明"});
  assert.deepEqual(shown.link, {href: "http://lms.test/courses/c/jump_to/f", text: "打开报名表"});
  assert.equal(shown.lang, "zh-CN");
  const waiting = notice.view(200, answer("submitted", {number: ""}));
  assert.deepEqual(waiting.details, []);
  assert.equal(waiting.reason, null);
});

test("only http(s) and site-relative links", () => {
  assert.equal(notice.safeLink("https://lms.test/x"), "https://lms.test/x");
  assert.equal(notice.safeLink("/courses/c/jump_to/f"), "/courses/c/jump_to/f");
  for (const bad of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.test/x", "", null, 3]) {
    assert.equal(notice.safeLink(bad), null, String(bad));
  }
  assert.equal(notice.view(200, answer("approved", {form_url: "javascript:alert(1)"})).link, null);
});

test("language codes become page language tags", () => {
  assert.equal(notice.langTag("zh-cn"), "zh-CN");
  assert.equal(notice.langTag("zh-hans"), "zh-Hans");
  assert.equal(notice.langTag("en"), "en");
  assert.equal(notice.langTag(""), "");
});

test("the markup: a labelled section, the decision in a status alert, the details as a list, the link", () => {
  const shown = notice.view(200, answer("rejected", {reason: "不符合条件", decided_at: "2026-06-02T00:30:00+08:00",
    decided_at_display: "2026-06-02 00:30"}));
  const root = notice.tree(h, shown);
  assert.equal(root.tag, "section");
  assert.equal(root.attributes.lang, "zh-CN");
  const [heading] = find(root, (node) => node.tag === "h2");
  assert.equal(root.attributes["aria-labelledby"], heading.attributes.id);
  assert.deepEqual(texts(heading), ["您的报名"]);
  const [alert] = find(root, (node) => node.attributes.role === "status");
  assert.equal(alert.attributes.className, "alert alert-danger mb-3");
  assert.deepEqual(texts(alert), ["title-rejected (label-rejected)", "next-rejected"]);
  assert.deepEqual(find(root, (node) => node.tag === "dt").map(texts), [["报名编号"], ["审核时间"]]);
  const [time] = find(root, (node) => node.tag === "time");
  assert.equal(time.attributes.dateTime, "2026-06-02T00:30:00+08:00");
  assert.ok(texts(root).includes("审核意见： 不符合条件"));
  const [link] = find(root, (node) => node.tag === "a");
  assert.equal(link.attributes.href, "http://lms.test/courses/c/jump_to/f");
  assert.deepEqual(texts(link), ["打开报名表"]);
});
