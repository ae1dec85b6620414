"""tutor/carbon_xblocks_tutor.py: the patch it adds to the learning MFE's env.config.jsx, run as the MFE would.

Tutor renders the patch as a Jinja template; tutor-mfe's env.config.jsx runs it inside its async ``setConfig``
when ``APP_ID`` is ``learning``, then ``addPlugins(config, slot, [the slot's config])``. Here node runs the same
sequence: the real React 18.3 of the JS tests, the MFE's ``@edx/frontend-platform`` as a two-function package
(its ``getConfig`` and an axios-shaped ``getAuthenticatedHttpClient``), then renders the widget the config names.
What this cannot show: the MFE's webpack build itself (see the README).
"""
import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest

REPO = Path(__file__).resolve().parents[3]
PLUGIN = REPO / "tutor" / "carbon_xblocks_tutor.py"
NODE = shutil.which("node")


def load_plugin():
    spec = importlib.util.spec_from_file_location("carbon_xblocks_tutor", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_patch_survives_tutors_jinja_and_names_the_teak_slot():
    plugin = load_plugin()
    patch = plugin.runtime_definitions()
    rendered = jinja2.Environment().from_string(patch).render()
    assert rendered.strip() == patch.replace("{% raw %}", "").replace("{% endraw %}", "").strip()
    assert plugin.SLOT_ID == "org.openedx.frontend.learning.course_outline_tab_notifications.v1"
    assert "RenderWidget: CarbonApplicationDecision" in plugin.SLOT_CONFIG and "DIRECT_PLUGIN" in plugin.SLOT_CONFIG
    assert plugin.MFE == "learning"


FRONTEND_PLATFORM = {
    "package.json": json.dumps({"name": "@edx/frontend-platform", "version": "8.3.1",
                                "exports": {".": "./index.js", "./auth": "./auth.js"}}),
    "index.js": "exports.getConfig = () => ({LMS_BASE_URL: 'http://lms.test'});\n",
    "auth.js": """exports.asked = [];
exports.getAuthenticatedHttpClient = () => ({get(url) {
  exports.asked.push(url);
  return Promise.resolve({status: 200, data: {status: 'returned', shown: true, label: '已退回，请补正',
    title: '您的报名已被退回修改。', message: '请修改后重新提交。', reason: '照片不清晰', number: 'CRS101-2026-00002',
    decided_at: '2026-06-02T00:30:00+08:00', decided_at_display: '2026-06-02 00:30',
    form_url: 'http://lms.test/courses/c/jump_to/f', language: 'zh-cn',
    labels: {heading: '您的报名', number: '报名编号', decided: '审核时间', reason: '审核意见：', open_form: '打开报名表'}}});
}});
""",
}

HARNESS = """'use strict';
const React = require('react');
const TestRenderer = require('react-test-renderer');
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
const process_env_app_id = 'learning';
function addPlugins(config, slotName, plugins) {  // as tutor-mfe's env.config.jsx defines it
  if (slotName in config.pluginSlots === false) { config.pluginSlots[slotName] = {keepDefault: true, plugins: []}; }
  config.pluginSlots[slotName].plugins.push(...plugins);
}
async function setConfig() {
  const config = {pluginSlots: {}};
  const DIRECT_PLUGIN = 'direct_plugin';
  const PLUGIN_OPERATIONS = {Insert: 'insert'};
  if (process_env_app_id == 'learning') {
%(patch)s
    addPlugins(config, %(slot)s, [%(slot_config)s]);
  }
  return config;
}
(async () => {
  const config = await setConfig();
  const slot = config.pluginSlots[%(slot)s];
  const widget = slot.plugins[0].widget;
  let renderer;
  await TestRenderer.act(async () => {
    renderer = TestRenderer.create(React.createElement(widget.RenderWidget, {courseId: 'course-v1:CECA+CRS101+2026', model: 'outline'}));
  });
  const auth = await import('@edx/frontend-platform/auth');
  const texts = (node) => typeof node === 'string' ? node : (node.children || []).map(texts).join('');
  console.log(JSON.stringify({keepDefault: slot.keepDefault, op: slot.plugins[0].op, type: widget.type, id: widget.id,
    asked: (auth.default || auth).asked, text: texts(renderer.toJSON()),
    link: renderer.root.findByType('a').props.href, alert: renderer.root.findByProps({role: 'status'}).props.className}));
})().catch((error) => { console.error(error); process.exit(1); });
"""


@pytest.mark.skipif(NODE is None or not (REPO / "node_modules" / "react").is_dir(), reason="needs node and `make js-deps`")
def test_the_generated_config_inserts_a_widget_that_shows_the_decision(tmp_path):
    plugin = load_plugin()
    patch = jinja2.Environment().from_string(plugin.runtime_definitions()).render()
    package = tmp_path / "node_modules" / "@edx" / "frontend-platform"
    package.mkdir(parents=True)
    for name, text in FRONTEND_PLATFORM.items():
        (package / name).write_text(text, encoding="utf-8")
    for name in ("react", "react-test-renderer"):  # node resolves their own imports from the repository's folder
        (tmp_path / "node_modules" / name).symlink_to(REPO / "node_modules" / name)
    harness = tmp_path / "env_config_run.js"
    harness.write_text(HARNESS % {"patch": patch, "slot": json.dumps(plugin.SLOT_ID), "slot_config": plugin.SLOT_CONFIG},
                       encoding="utf-8")
    run = subprocess.run([NODE, str(harness)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert (found["keepDefault"], found["op"], found["type"], found["id"]) == (
        True, "insert", "direct_plugin", "carbon_application_decision")
    assert found["asked"] == ["http://lms.test/carbon_xblocks/courses/course-v1%3ACECA%2BCRS101%2B2026/application_status/"]
    assert "您的报名已被退回修改。 (已退回，请补正)" in found["text"] and "审核意见： 照片不清晰" in found["text"]
    assert "CRS101-2026-00002" in found["text"] and "2026-06-02 00:30" in found["text"]
    assert found["link"] == "http://lms.test/courses/c/jump_to/f" and found["alert"] == "alert alert-warning mb-3"
    assert "Warning" not in run.stderr, run.stderr
