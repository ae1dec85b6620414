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
    assert (entry.actor, entry.subject, entry.details) == (staff, learner, {"attempt": 1, "reason": reason.strip()})


def started(exam_key, learner):
    """A learner's attempt in progress and the ids of the questions drawn for it."""
    state = start(client_for(learner), exam_key)
    drawn = [q["id"] for part in state["attempt"]["paper"]["parts"] for q in part["questions"]]
    return ExamAttempt.objects.get(user=learner, usage_key=str(exam_key)), state, drawn


def grade(staff, exam_key, attempt, question="q1", points="full", comment=""):
    return post_json(client_for(staff), exam_key, "staff_grade", {
        "attempt": attempt.id, "question": question, "points": [20, 0] if points == "full" else points,
        "comment": comment})


def test_an_attempt_in_progress_cannot_be_graded(course, exam_key, learner, staff):
    attempt, _, _ = started(exam_key, learner)
    response = grade(staff, exam_key, attempt)
    assert response.status_code == 409, response.content
    error = body(response)["error"]
    assert (error["field"], error["code"], error["message"]) == ("attempt", "not_submitted", "只能评阅已交卷的答卷。")
    assert not AuditEntry.objects.filter(action="exam_grade").exists()


def test_only_a_short_answer_drawn_for_the_attempt_can_be_graded(course, exam_key, learner, staff):
    attempt, state, drawn = started(exam_key, learner)
    post_json(client_for(learner), exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": {}})
    undrawn = ({"s1", "s2", "s3"} - set(drawn)).pop()
    for question in (next(q for q in drawn if q.startswith("s")), undrawn, "m1", "nope", ""):
        response = grade(staff, exam_key, attempt, question=question)
        refused(response, "question", "bad_question", "该题不是这份答卷中的简答题。")
    for points in (None, "20", [20, "x"], [{"p": 1}, 0]):
        response = grade(staff, exam_key, attempt, points=points)
        refused(response, "points", "bad_points", "请为每个评分要点填写分数。")
    assert not AuditEntry.objects.filter(action="exam_grade").exists()
    response = grade(staff, exam_key, attempt, comment="要点齐全")
    assert response.status_code == 200, response.content
    attempt.refresh_from_db()
    assert attempt.staff_grades["q1"]["comment"] == "要点齐全"
    assert AuditEntry.objects.get(action="exam_grade").details["question"] == "q1"
    assert grade(staff, exam_key, attempt, comment=None).status_code == 200  # a regrade without a comment
    attempt.refresh_from_db()
    assert attempt.staff_grades["q1"]["comment"] == ""
