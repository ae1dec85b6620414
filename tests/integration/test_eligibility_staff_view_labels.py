"""The eligibility staff view: set apart below the form on the dashboard, translated file pickers, labelled notes and
history."""
import pytest

from devsite.lms.runtime import LmsRuntime
from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, post_json

pytestmark = pytest.mark.django_db
FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py
client_for, get, submitted_application = base.client_for, base.get, base.submitted_application


def test_staff_tools_are_set_apart_only_below_the_form(course, key, people):
    runtime = LmsRuntime(course, people["sam"])
    in_unit = runtime.render(runtime.get_block(key), "student_view", {}).body_html()
    assert 'class="eligibility-staff eligibility-staff--embedded"' in in_unit
    alone = runtime.render(runtime.get_block(key), "staff_view", {}).body_html()
    assert 'class="eligibility-staff"' in alone and "eligibility-staff--embedded" not in alone


def test_file_picker_strings_are_translated(course, key, people):
    strings = LmsRuntime(course, people["amy"]).get_block(key).js_strings()
    assert (strings["choose_file"], strings["no_file"], strings["replace_file"]) == ("选择文件", "未选择文件", "重新选择文件")
    assert strings["labelled"] == "{label}：{text}" and strings["view_size"] == "查看（{size}）"


def test_notes_and_history_are_labelled(course, key, people):
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    application = submitted_application(amy, key)
    assert post_json(sam, key, "staff_review", {"id": application.id, "decision": "return", "reason": "请补正",
                                                "notes": {"photo": "请重新上传", "mobile": "号码有误"}}).status_code == 200
    decision = body(get(amy, key, "application_state"))["decision"]
    assert decision["note_labels"] == {"photo": "二寸蓝底彩色照片", "mobile": "手机号码"}
    history = body(get(sam, key, "staff_application_detail", f"id={application.id}"))["history"]
    labels = {entry["action"]: entry["action_label"] for entry in history}
    assert labels["application_submitted"] == "提交报名" and labels["application_returned"] == "退回补正"
    assert all(entry["action_label"] != entry["action"] for entry in history)
