"""tutor/carbon_xblocks_tutor.py: the patch it adds to the learning MFE's env.config.jsx, run as the MFE would
(tests/mfe_config_run.py). What this cannot show: the MFE's webpack build itself (see the README)."""
import jinja2
import pytest

from tests.mfe_config_run import AVAILABLE, load_plugin, run_generated_config

RETURNED = {"status": "returned", "shown": True, "label": "已退回，请补正", "title": "您的报名已被退回修改。",
            "message": "请修改后重新提交。", "reason": "照片不清晰", "number": "CRS101-2026-00002",
            "decided_at": "2026-06-02T00:30:00+08:00", "decided_at_display": "2026-06-02 00:30",
            "form_url": "http://lms.test/courses/c/jump_to/f", "language": "zh-cn",
            "labels": {"heading": "您的报名", "number": "报名编号", "decided": "审核时间", "reason": "审核意见：",
                       "open_form": "打开报名表"}}


def test_the_patch_survives_tutors_jinja_and_names_the_teak_slot():
    plugin = load_plugin()
    patch = plugin.runtime_definitions()
    rendered = jinja2.Environment().from_string(patch).render()
    assert rendered.strip() == patch.replace("{% raw %}", "").replace("{% endraw %}", "").strip()
    assert plugin.SLOT_ID == "org.openedx.frontend.learning.course_outline_tab_notifications.v1"
    assert "RenderWidget: CarbonApplicationDecision" in plugin.SLOT_CONFIG and "DIRECT_PLUGIN" in plugin.SLOT_CONFIG
    assert plugin.MFE == "learning"


@pytest.mark.skipif(not AVAILABLE, reason="needs node and `make js-deps`")
def test_the_generated_config_inserts_a_widget_that_shows_the_decision(tmp_path):
    found = run_generated_config(tmp_path, RETURNED)
    assert (found["keepDefault"], found["op"], found["type"], found["id"]) == (
        True, "insert", "direct_plugin", "carbon_application_decision")
    assert found["asked"] == ["http://lms.test/carbon_xblocks/courses/course-v1%3ACECA%2BCRS101%2B2026/application_status/"]
    assert "您的报名已被退回修改。 (已退回，请补正)" in found["text"] and "审核意见： 照片不清晰" in found["text"]
    assert "CRS101-2026-00002" in found["text"] and "2026-06-02 00:30" in found["text"]
    assert found["link"] == "http://lms.test/courses/c/jump_to/f" and found["alert"] == "alert alert-warning mb-3"


@pytest.mark.skipif(not AVAILABLE, reason="needs node and `make js-deps`")
def test_a_refusal_shows_nothing(tmp_path):
    found = run_generated_config(tmp_path, {"error": {"code": "login_required"}}, status=401)
    assert found["text"] is None and len(found["asked"]) == 1
