"""devsite follows the platform where the gate meets it: blocks a learner may not load, names, the form, links.

* ``CourseRuntime.get_block`` answers None for a block the learner may not load (hidden from learners, or
  released in the future; both inherited down the tree), as the LMS's does; the gate keeps working and lists
  such a credited item as not yet available (counted as not complete).
* Names are read from the profile (the platform's ``UserProfile.name``), not first_name/last_name.
* The gate finds the course's form when its ``application_url_name`` names none; Studio refuses to require an
  application when no form can be found.
* Links out of the gate leave the learning MFE's unit iframe (``target="_top"``).
"""
import re

import pytest
from completion.models import BlockCompletion

from carbon_common.models import Application
from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import body, handler_url, post_json
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db
FUTURE = "2999-01-01T00:00:00Z"


def _set(course, block_key, name, value):
    course.values[("settings", str(block_key), name)] = value


def gate_status(client, course):
    response = client.get(handler_url(key(course, "hours_gate", "exam_gate"), "gate_status"))
    assert response.status_code == 200, response.content
    return body(response)


def exam_page(client, course):
    response = client.get(f"/courses/{course.course_key}/jump_to/{key(course, 'vertical', 'exam-unit')}/")
    assert response.status_code == 200, response.content[:2000]
    return response.content.decode()


def test_get_block_withholds_hidden_and_unreleased_blocks_from_learners_only(gate_course, make_user):
    learner, staff = make_user("ann", gate_course), make_user("sam", gate_course, role="staff")
    _set(gate_course, key(gate_course, "sequential", "lesson-1"), "visible_to_staff_only", True)
    _set(gate_course, key(gate_course, "chapter", "exam"), "start", FUTURE)
    as_learner, as_staff = LmsRuntime(gate_course, learner), LmsRuntime(gate_course, staff)
    for block_type, block_id in (("sequential", "lesson-1"), ("html", "lesson-1-reading"),  # hidden, inherited
                                 ("sequential", "exam-final"), ("hours_gate", "exam_gate")):  # chapter's start
        assert as_learner.get_block(key(gate_course, block_type, block_id)) is None, block_id
        assert as_staff.get_block(key(gate_course, block_type, block_id)) is not None, block_id
    assert as_learner.get_block(key(gate_course, "video", "lesson-2-video")) is not None
    # a block's own start wins over its parent's, as the platform's inherited fields do
    _set(gate_course, key(gate_course, "vertical", "exam-unit"), "start", "2020-01-01T00:00:00Z")
    assert as_learner.get_block(key(gate_course, "vertical", "exam-unit")) is not None
    # the learner's handler calls and pages answer 404 for them, as in the LMS
    response = client_for(learner).get(handler_url(key(gate_course, "sequential", "lesson-1"), "nothing"))
    assert response.status_code == 404


def test_gate_lists_a_withheld_credited_lesson_as_unavailable(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    lesson = key(gate_course, "sequential", "lesson-1")
    # completions recorded before the lesson was hidden do not count while it is withheld
    BlockCompletion.objects.submit_completion(user=ann, block_key=key(gate_course, "html", "lesson-1-reading"),
                                              completion=1.0)
    _set(gate_course, lesson, "visible_to_staff_only", True)
    client = client_for(ann)
    status = gate_status(client, gate_course)
    items = {item["key"]: item for item in status["items"]}
    assert items[str(lesson)]["available"] is False and items[str(lesson)]["earned"] == "0"
    assert items[str(lesson)]["title"] == "第1讲 碳排放核算" and items[str(lesson)]["section"] == "课程"
    assert status["earned"] == "0" and not status["open"]
    assert "以下内容暂未向您开放：“第1讲 碳排放核算”。其中的 2 学时暂时无法获得。" in status["reasons"], status["reasons"]
    page = exam_page(client, gate_course)
    assert "hg-unavailable" in page and "第1讲 碳排放核算" in page and "暂未开放" in page
    refused = post_json(client, key(gate_course, "gated_probe", "probe"), "start", {})
    assert refused.status_code == 403
    # released again: the item is available and its completion counts
    _set(gate_course, lesson, "visible_to_staff_only", False)
    status = gate_status(client, gate_course)
    assert all(item["available"] for item in status["items"]) and status["earned"] == "1"


def test_a_future_release_date_on_the_lessons_chapter_withholds_the_item(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    _set(gate_course, key(gate_course, "chapter", "lessons"), "start", FUTURE)
    status = gate_status(client_for(ann), gate_course)
    assert [item["available"] for item in status["items"]] == [False, False]
    # staff load everything: their page renders the exam behind the gate, and says what learners cannot open
    staff = make_user("sam", gate_course, role="staff")
    page = exam_page(client_for(staff), gate_course)
    assert "hours-gate--open" in page and "hg-withheld" in page
    assert "第1讲 碳排放核算 — 2999-01-01 00:00 发布" in page and "第2讲 视频 — 2999-01-01 00:00 发布" in page
    _set(gate_course, key(gate_course, "chapter", "lessons"), "start", None)
    _set(gate_course, key(gate_course, "sequential", "lesson-1"), "visible_to_staff_only", True)
    page = exam_page(client_for(staff), gate_course)
    assert "第1讲 碳排放核算 — 对学员隐藏" in page and "第2讲 视频" not in page.split("hg-withheld")[1].split("</div>")[0]


def test_names_come_from_the_profile(gate_course, make_user):
    from carbon_common.compat import full_name
    from devsite.lms.models import Profile
    from devsite.lms.services import DevUserService

    ann = make_user("ann", gate_course)
    Profile.objects.create(user=ann, name="王安")
    staff = make_user("sam", gate_course, role="staff")
    response = client_for(staff).get(handler_url(key(gate_course, "hours_gate", "exam_gate"), "staff_roster"))
    rows = {row["username"]: row for row in body(response)["rows"]}
    assert rows["ann"]["full_name"] == "王安"
    assert full_name(ann) == "王安"
    assert DevUserService(ann, gate_course.course_key).get_current_user().full_name == "王安"


def test_the_demo_setup_keeps_names_where_the_platform_does(real_course):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("devsite_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = get_user_model().objects.get(username="learner_ready")
    assert user.profile.name == "张伟" and user.first_name == ""
    page = client_for(user).get(f"/courses/{real_course.course_key}/").content.decode()
    assert '<span class="who">张伟</span>' in page


def test_the_gate_finds_the_courses_only_form_whatever_its_url_name(real_course, make_user, completion_on):
    gate = key(real_course, "hours_gate", "exam_gate")
    _set(real_course, gate, "application_url_name", "added-in-studio-9f3c")  # names no form
    ann = make_user("ann", real_course)
    Application.objects.create(course_key=str(real_course.course_key), user=ann, anonymous_id="x",
                               status=Application.APPROVED,
                               usage_key=str(key(real_course, "eligibility_form", "application")))
    status = gate_status(client_for(ann), real_course)
    assert status["application"]["status"] == "approved", status["application"]
    assert status["application"]["url"].endswith(f"/jump_to/{key(real_course, 'vertical', 'apply-form-unit')}")


def test_studio_refuses_to_require_an_application_when_no_form_exists(gate_course, make_user):
    staff = make_user("sam", gate_course, role="staff")
    settings_ = {"required_hours": "3.5", "minutes_per_hour": 45, "application_url_name": "application",
                 "credits": [{"block_type": "sequential", "url_name": "lesson-1", "hours": "2"}]}
    gate = key(gate_course, "hours_gate", "exam_gate")
    refused = post_json(client_for(staff), gate, "submit_studio_edits",
                        {"values": {**settings_, "require_application": True}, "defaults": []}, studio=True)
    assert refused.status_code == 400 and body(refused)["error"]["code"] == "application_not_found", refused.content
    assert body(refused)["error"]["field"] == "application_url_name"
    saved = post_json(client_for(staff), gate, "submit_studio_edits",
                      {"values": {**settings_, "require_application": False}, "defaults": []}, studio=True)
    assert saved.status_code == 200, saved.content


def test_links_out_of_the_gate_leave_the_unit_iframe(gate_course, make_user, completion_on):
    gate_course.values[("settings", str(key(gate_course, "hours_gate", "exam_gate")), "require_application")] = True
    page = exam_page(client_for(make_user("ann", gate_course)), gate_course)
    gate_html = page.split('<section class="hours-gate hours-gate--locked"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r"<a\b[^>]*>", gate_html)
    assert len(links) == 3 and all("/jump_to/" in link for link in links), links  # two lessons, the application
    assert all('target="_top"' in link for link in links), links


def test_an_open_gate_leaves_out_a_child_the_learner_may_not_load(gate_course, make_user, completion_on):
    from carbon_common.models import HourCredit
    from tests.integration.hours_gate_probe import SECRET

    ann = make_user("ann", gate_course)
    gate = key(gate_course, "hours_gate", "exam_gate")
    HourCredit.objects.create(course_key=str(gate_course.course_key), usage_key=str(gate), user=ann,
                              hours="5", reason="x")
    client = client_for(ann)
    assert SECRET in exam_page(client, gate_course)
    _set(gate_course, key(gate_course, "gated_probe", "probe"), "visible_to_staff_only", True)
    page = exam_page(client, gate_course)
    assert "hours-gate--open" in page and SECRET not in page
