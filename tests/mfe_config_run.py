"""Runs the Tutor plugin's patch (tutor/carbon_xblocks_tutor.py) as tutor-mfe's env.config.jsx runs it, in node.

Tutor renders the patch as a Jinja template; env.config.jsx runs it inside its async ``setConfig`` when ``APP_ID``
is ``learning``, then ``addPlugins(config, slot, [the slot's config])``. Here node does the same with the real
React 18.3 of the JS tests (the Teak learning MFE's), the MFE's ``@edx/frontend-platform`` as a two-function
package (``getConfig``, and an axios-shaped ``getAuthenticatedHttpClient`` answering with the given body), then
renders the widget the config names. Used by the unit test and by the platform tier with the real LMS's answer.
"""
import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import jinja2

REPO = Path(__file__).resolve().parent.parent
PLUGIN = REPO / "tutor" / "carbon_xblocks_tutor.py"
NODE = shutil.which("node")
AVAILABLE = NODE is not None and (REPO / "node_modules" / "react-test-renderer").is_dir()


def load_plugin():
    spec = importlib.util.spec_from_file_location("carbon_xblocks_tutor", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


AUTH = """exports.asked = [];
exports.body = %(body)s;
exports.status = %(status)s;
exports.getAuthenticatedHttpClient = () => ({get(url) {
  exports.asked.push(url);
  return exports.status < 300 ? Promise.resolve({status: exports.status, data: exports.body})
    : Promise.reject(Object.assign(new Error('HTTP ' + exports.status), {response: {status: exports.status}}));
}});
"""
PACKAGE = json.dumps({"name": "@edx/frontend-platform", "version": "8.3.1",
                      "exports": {".": "./index.js", "./auth": "./auth.js"}})
CONFIG = "exports.getConfig = () => ({LMS_BASE_URL: %(lms)s});\n"

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
    renderer = TestRenderer.create(React.createElement(widget.RenderWidget, {courseId: %(course)s, model: 'outline'}));
  });
  const auth = await import('@edx/frontend-platform/auth');
  const texts = (node) => typeof node === 'string' ? node : (node.children || []).map(texts).join('');
  const tree = renderer.toJSON();
  const links = tree ? renderer.root.findAllByType('a') : [];
  const alerts = tree ? renderer.root.findAllByProps({role: 'status'}) : [];
  console.log(JSON.stringify({keepDefault: slot.keepDefault, op: slot.plugins[0].op, type: widget.type, id: widget.id,
    asked: (auth.default || auth).asked, text: tree ? texts(tree) : null,
    link: links.length ? links[0].props.href : null, alert: alerts.length ? alerts[0].props.className : null}));
})().catch((error) => { console.error(error); process.exit(1); });
"""


def run_generated_config(workdir: Path, body: dict, status: int = 200, lms: str = "http://lms.test",
                         course_id: str = "course-v1:CECA+CRS101+2026") -> dict:
    """What the widget of the generated config asked and showed for the LMS's answer ``(status, body)``."""
    plugin = load_plugin()
    patch = jinja2.Environment().from_string(plugin.runtime_definitions()).render()
    package = workdir / "node_modules" / "@edx" / "frontend-platform"
    package.mkdir(parents=True)
    (package / "package.json").write_text(PACKAGE, encoding="utf-8")
    (package / "index.js").write_text(CONFIG % {"lms": json.dumps(lms)}, encoding="utf-8")
    (package / "auth.js").write_text(AUTH % {"body": json.dumps(body, ensure_ascii=False), "status": status},
                                     encoding="utf-8")
    for name in ("react", "react-test-renderer"):  # node resolves their own imports from the repository's folder
        (workdir / "node_modules" / name).symlink_to(REPO / "node_modules" / name)
    harness = workdir / "env_config_run.js"
    harness.write_text(HARNESS % {"patch": patch, "slot": json.dumps(plugin.SLOT_ID), "slot_config": plugin.SLOT_CONFIG,
                                  "course": json.dumps(course_id)}, encoding="utf-8")
    run = subprocess.run([NODE, str(harness)], cwd=workdir, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Warning" not in run.stderr, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])
