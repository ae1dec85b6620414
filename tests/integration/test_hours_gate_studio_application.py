"""The gate's Studio Save may require an approved application only when the course has the eligibility form: refused
naming the field, in the author's language, with nothing saved when it has none; saved when it has one."""
import pytest

from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import body, post_json
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key
from tests.integration.test_hours_gate_shortfall_sections_roster import two_section_course

pytestmark = pytest.mark.django_db

VALUES = {"required_hours": "3.5", "minutes_per_hour": 45, "credits": [], "require_application": True,
          "application_url_name": "application"}


def save(course, user, url_name):
    return post_json(client_for(user), key(course, "hours_gate", url_name), "submit_studio_edits",
                     {"values": VALUES, "defaults": []}, studio=True)


def test_requiring_an_application_without_a_form_in_the_course_is_refused(gate_course, make_user):
    author = make_user("sam", gate_course, role="staff")
    refused = save(gate_course, author, "exam_gate")
    assert refused.status_code == 400, refused.content
    error = body(refused)["error"]
    assert (error["field"], error["code"], error["message"]) == (
        "application_url_name", "application_not_found",
        "找不到报名表：请先在课程中添加报名表（或填写要使用的报名表），再要求报名审核通过。")
    gate = LmsRuntime(gate_course, author).get_block(key(gate_course, "hours_gate", "exam_gate"))
    assert (gate.require_application, gate.required_hours) != (True, "3.50")


def test_requiring_the_courses_form_is_saved(load_course, make_user, tmp_path):
    course = load_course(two_section_course(tmp_path))
    author = make_user("sam", course, role="staff")
    saved = save(course, author, "gate")
    assert saved.status_code == 200, saved.content
    gate = LmsRuntime(course, author).get_block(key(course, "hours_gate", "gate"))
    assert (gate.require_application, gate.application_url_name) == (True, "application")
