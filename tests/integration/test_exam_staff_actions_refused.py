"""Staff actions on an exam refuse bad input at the server, in the staff member's language, and record nothing:
extra time outside 0-1440 whole minutes or for an unknown user, a reset without a reason (at most 2,000
characters). The bounds themselves are accepted, and what is accepted is recorded in the audit log."""
import pytest

from carbon_common.models import AuditEntry, ExamAttempt
from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json, start

FIXTURE = EXAM_COURSE


def refused(response, field, code, message):
    assert response.status_code == 400, response.content
    assert body(response)["error"] == {**body(response)["error"], "field": field, "code": code, "message": message}


@pytest.mark.parametrize("minutes", [-1, 1441, True, 1.5, "30", None])
def test_extra_time_outside_whole_minutes_0_to_1440_is_refused(course, exam_key, learner, staff, minutes):
    response = post_json(client_for(staff), exam_key, "staff_extra_time", {"username": "learner", "minutes": minutes})
    refused(response, "minutes", "bad_minutes", "延长时间必须是 0 到 1440 之间的整数分钟。")
    assert not AuditEntry.objects.filter(action="exam_extra_time").exists()


@pytest.mark.parametrize("username", ["nobody", "", None])
def test_extra_time_for_an_unknown_user_is_refused(course, exam_key, learner, staff, username):
    response = post_json(client_for(staff), exam_key, "staff_extra_time", {"username": username, "minutes": 30})
    refused(response, "username", "unknown_user", "没有使用此用户名的学员。")
    assert not AuditEntry.objects.filter(action="exam_extra_time").exists()


@pytest.mark.parametrize("minutes", [0, 1440])
def test_extra_time_bounds_are_granted_and_audited(course, exam_key, learner, staff, minutes):
    response = post_json(client_for(staff), exam_key, "staff_extra_time", {"username": "learner", "minutes": minutes})
    assert response.status_code == 200, response.content
    assert body(response) == {"username": "learner", "minutes": minutes}
    entry = AuditEntry.objects.get(action="exam_extra_time")
    assert (entry.actor, entry.subject, entry.details["minutes"]) == (staff, learner, minutes)


def submitted_attempt(exam_key, learner):
    client = client_for(learner)
    state = start(client, exam_key)
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": {}})
    return ExamAttempt.objects.get(user=learner, usage_key=str(exam_key))


@pytest.mark.parametrize("reason", [None, "", "  \n ", "x" * 2001, ["断网"]])
def test_a_reset_without_a_reason_of_at_most_2000_characters_is_refused(course, exam_key, learner, staff, reason):
    attempt = submitted_attempt(exam_key, learner)
    response = post_json(client_for(staff), exam_key, "staff_reset_attempt", {"attempt": attempt.id, "reason": reason})
    refused(response, "reason", "reason_required", "请填写重置原因。")
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and not AuditEntry.objects.filter(action="exam_reset").exists()


def test_a_reset_with_a_2000_character_reason_is_done_and_audited(course, exam_key, learner, staff):
    attempt = submitted_attempt(exam_key, learner)
    reason = " 断网" + "x" * 1996 + " "
    response = post_json(client_for(staff), exam_key, "staff_reset_attempt", {"attempt": attempt.id, "reason": reason})
    assert response.status_code == 200, response.content
    attempt.refresh_from_db()
    assert body(response) == {"attempt": attempt.id, "status": attempt.status} and attempt.status != "submitted"
    entry = AuditEntry.objects.get(action="exam_reset")
    assert (entry.actor, entry.subject, entry.details["reason"]) == (staff, learner, reason.strip())
