"""Staff screens show labels, not codes, in both languages: the exam's submissions table (status), the hours
gate's roster (application status, an empty credits cell) and the eligibility queue (qualifying condition)."""
import pytest
from django.utils import translation

from carbon_common.models import Application
from devsite.lms.runtime import LmsRuntime
from tests.integration import test_eligibility_form as eligibility
from tests.integration.helpers import EXAM_COURSE, body, correct_answers, handler_url, in_english, post_json, start
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key

FIXTURE = eligibility.FIXTURE  # course, key and people (conftest.py): the eligibility course

pytestmark = pytest.mark.django_db


def test_exam_submissions_carry_the_status_label_and_keep_the_code(load_course, make_user):
    course = load_course(EXAM_COURSE)
    exam = course.course_key.make_usage_key("carbon_exam", "final_exam")
    learner = client_for(make_user("ann", course))
    state = start(learner, exam)
    assert post_json(learner, exam, "submit_exam", {"session": state["attempt"]["session"],
                                                    "answers": correct_answers(state)}).status_code == 200
    start(client_for(make_user("bob", course)), exam)  # in progress
    staff = client_for(make_user("sam", course, role="staff"))
    rows = body(staff.get(handler_url(exam, "staff_submissions")))["attempts"]
    assert [(r["username"], r["status"], r["status_label"]) for r in rows] == [
        ("ann", "submitted", "已交卷"), ("bob", "in_progress", "作答中")]
    in_english(staff)
    rows = body(staff.get(handler_url(exam, "staff_submissions")))["attempts"]
    assert [r["status_label"] for r in rows] == ["Submitted", "In progress"]


def gate_course_with_application(load_course, settings, tmp_path):
    from tests.conftest import GATE_PROBE
    from tests.integration.test_hours_gate_shortfall_sections_roster import two_section_course

    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    return load_course(two_section_course(tmp_path, require_application=True))


def test_gate_roster_application_and_credits_are_labels(load_course, settings, tmp_path, make_user):
    course = gate_course_with_application(load_course, settings, tmp_path)
    ann = make_user("ann", course)
    make_user("bob", course)
    sam = make_user("sam", course, role="staff")
    Application.objects.create(course_key=str(course.course_key), user=ann, anonymous_id="x",
                               status=Application.APPROVED,
                               usage_key=str(key(course, "eligibility_form", "application")))
    gate = key(course, "hours_gate", "gate")
    staff = client_for(sam)

    def labels():
        rows = body(staff.get(handler_url(gate, "staff_roster")))["rows"]
        return {row["username"]: row["application_label"] for row in rows}

    assert labels() == {"ann": "审核通过", "bob": "未开始"}
    in_english(staff)
    assert labels() == {"ann": "Approved", "bob": "Not started"}
    export = staff.get(handler_url(gate, "export_hours") + "?format=csv")
    text = (b"".join(export.streaming_content) if export.streaming else export.content).decode("utf-8-sig")
    assert ",Approved," in text and ",Not started," in text

    block = LmsRuntime(course, sam).get_block(gate)
    with translation.override("zh-cn"):  # the empty credits cell
        assert block.js_strings()["none"] == "无"
    with translation.override("en"):
        assert block.js_strings()["none"] == "None"


def test_eligibility_queue_shows_the_condition_label(course, key, people):
    eligibility.submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    [row] = body(eligibility.get(sam, key, "staff_applications"))["applications"]
    assert (row["qualifying_condition"], row["qualifying_condition_label"]) == (1, "条件1")
    in_english(sam)
    [row] = body(eligibility.get(sam, key, "staff_applications"))["applications"]
    assert row["qualifying_condition_label"] == "Condition 1"
