"""Guards the server keeps whatever the page does: the enclosing gate on every write of an attempt, the range
of a staff grade. Each test fails when its guard is removed from the handler."""
from decimal import Decimal

import pytest

from carbon_common.models import AuditEntry, ExamAttempt, HourCredit
from tests.integration.helpers import EXAM_COURSE, body, client_for, correct_answers, post_json, start

FIXTURE = EXAM_COURSE


@pytest.fixture
def gated(course):
    return (course.course_key.make_usage_key("carbon_exam", "gated_exam"),
            course.course_key.make_usage_key("hours_gate", "gate"))


def close_gate(course, gate, credit, staff):
    response = post_json(client_for(staff), gate, "staff_revoke_credit", {"credit_id": credit.id, "reason": "录入错误"})
    assert response.status_code == 200, response.content


def test_a_gate_closed_mid_attempt_refuses_saves_and_submits(course, gated, learner, staff, completion_on):
    exam, gate = gated
    credit = HourCredit.objects.create(course_key=str(course.course_key), usage_key=str(gate), user=learner,
                                       hours=Decimal("1"), reason="线下培训")
    client = client_for(learner)
    state = start(client, exam)
    session, answers = state["attempt"]["session"], correct_answers(state)
    assert post_json(client, exam, "save_answers", {"session": session, "answers": {}}).status_code == 200

    close_gate(course, gate, credit, staff)
    saved = post_json(client, exam, "save_answers", {"session": session, "answers": answers})
    assert saved.status_code == 403 and body(saved)["error"]["code"] == "gate_closed", saved.content
    submitted = post_json(client, exam, "submit_exam", {"session": session, "answers": answers})
    assert submitted.status_code == 403 and body(submitted)["error"]["code"] == "gate_closed", submitted.content
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(exam))
    assert attempt.status == "in_progress" and not attempt.answers  # nothing written past the closed gate


@pytest.mark.parametrize("points", [[21, 0], [0, 20.5], [-1, 20], [-0.5, 0]])
def test_a_staff_grade_out_of_its_rubric_range_is_refused_and_not_recorded(course, exam_key, learner, staff, points):
    client = client_for(learner)
    state = start(client, exam_key)
    session = state["attempt"]["session"]
    post_json(client, exam_key, "submit_exam", {"session": session, "answers": correct_answers(state)})
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(exam_key))
    refused = post_json(client_for(staff), exam_key, "staff_grade",
                        {"attempt": attempt.id, "question": "q1", "points": points, "comment": ""})
    assert refused.status_code == 400 and body(refused)["error"]["code"] == "grade-range", refused.content
    assert body(refused)["error"]["field"] == "points"
    assert not AuditEntry.objects.filter(action="exam_grade").exists()
    attempt.refresh_from_db()
    assert "q1" not in (attempt.staff_grades or {})
    accepted = post_json(client_for(staff), exam_key, "staff_grade",
                         {"attempt": attempt.id, "question": "q1", "points": [20, 0], "comment": ""})
    assert accepted.status_code == 200, accepted.content  # the boundary itself is a grade
