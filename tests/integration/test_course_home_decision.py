"""The course home's word on the learner's application: GET /carbon_xblocks/courses/<course>/application_status/
(carbon_common.views.application_status), the data of the learning MFE's widget and of devsite's course home."""
from datetime import datetime
from pathlib import Path

import pytest

from carbon_common.models import Application
from tests.integration.helpers import body, client_for, in_english

FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"
DECIDED = datetime.fromisoformat("2026-06-01T16:30:00+00:00")  # 2026-06-02 00:30 in Asia/Shanghai


def status_url(course_id):
    return f"/carbon_xblocks/courses/{course_id}/application_status/"


def decide(course, key, user, status, reason="", number="CRS101-2026-00007"):
    return Application.objects.create(
        course_key=str(course.course_key), usage_key=str(key), user=user, anonymous_id=user.username, status=status,
        number=number, submitted_at=DECIDED, decided_at=None if status == "submitted" else DECIDED,
        decision_reason=reason)


@pytest.mark.parametrize("status, title, label", [
    ("returned", "您的报名已被退回修改。", "已退回，请补正"),
    ("approved", "您的报名已审核通过。", "审核通过"),
    ("rejected", "您的报名未通过审核。", "审核未通过"),
])
def test_a_decision_reads_in_chinese_with_number_local_time_and_the_forms_link(course, key, people, status, title,
                                                                                 label):
    decide(course, key, people["amy"], status, reason="材料不全" if status != "approved" else "")
    response = client_for(people["amy"]).get(status_url(course.course_key))
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    found = body(response)
    assert (found["status"], found["shown"], found["title"], found["label"]) == (status, True, title, label)
    assert found["number"] == "CRS101-2026-00007" and found["reason"] == ("材料不全" if status != "approved" else "")
    assert found["decided_at"] == "2026-06-02T00:30:00+08:00" and found["decided_at_display"] == "2026-06-02 00:30"
    assert found["labels"]["number"] == "报名编号" and found["labels"]["open_form"] == "打开报名表"
    assert found["form_url"] == f"http://testserver/courses/{course.course_key}/jump_to/{key}"
    unit = client_for(people["amy"]).get(found["form_url"])  # the platform's jump_to: the unit holding the form
    assert unit.status_code == 200 and 'data-block-type="eligibility_form"' in unit.content.decode()


def test_english_and_what_happens_next_while_awaiting_review(course, key, people):
    decide(course, key, people["amy"], "submitted")
    client = client_for(people["amy"])
    in_english(client)
    found = body(client.get(status_url(course.course_key)))
    assert found["status"] == "submitted" and found["shown"] and found["label"] == "Submitted, awaiting review"
    assert found["title"] == "Your application has been submitted and is awaiting review."
    assert found["message"].startswith("Course staff will check your details") and found["decided_at"] is None
    assert found["labels"]["heading"] == "Your application" and found["language"] == "en"


def test_nothing_to_tell_before_submission(course, key, people):
    found = body(client_for(people["bob"]).get(status_url(course.course_key)))
    assert (found["status"], found["shown"], found["title"], found["number"]) == ("none", False, "", "")
    assert found["form_url"].endswith(f"/jump_to/{key}")


def test_each_learner_reads_only_their_own(course, key, people):
    decide(course, key, people["amy"], "rejected", reason="不符合条件")
    found = body(client_for(people["bob"]).get(status_url(course.course_key)))
    assert found["status"] == "none" and found["reason"] == "" and found["number"] == ""
    staff = body(client_for(people["sam"]).get(status_url(course.course_key)))  # staff too: their own, none
    assert staff["status"] == "none" and "不符合条件" not in str(staff)


def test_refusals_are_json_in_the_learners_language(course, key, people, client, make_user):
    response = client.get(status_url(course.course_key))
    assert response.status_code == 401 and body(response)["error"] == {
        "field": "user", "message": "请先登录再查看您的报名。", "code": "login_required"}
    response = client_for(people["amy"]).get(status_url("course-v1:Nobody+None+2026"))
    assert response.status_code == 404 and body(response)["error"]["code"] == "unknown_course"
    response = client_for(people["amy"]).get(status_url("not-a-course"))
    assert response.status_code == 404 and body(response)["error"]["field"] == "course_id"
    outsider = make_user("outsider", course)
    outsider_client = client_for(outsider)
    from devsite.lms.models import CourseEnrollment

    CourseEnrollment.objects.filter(user=outsider).update(is_active=False)
    in_english(outsider_client)
    response = outsider_client.get(status_url(course.course_key))
    assert response.status_code == 403 and body(response)["error"]["code"] == "not_enrolled"
    assert body(response)["error"]["message"] == "Enrol in this course to use this."
    assert client_for(people["amy"]).post(status_url(course.course_key)).status_code == 405
