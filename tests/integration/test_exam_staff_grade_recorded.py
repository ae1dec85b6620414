"""A staff grade: its answer carries the attempt's new totals, its audit entry who graded whom, which attempt and
question and the points given; a grade out of a rubric point's range names that point, in the staff member's
language."""

from carbon_common.models import AuditEntry, ExamAttempt
from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json, start

FIXTURE = EXAM_COURSE


def submitted(exam_key, learner):
    client = client_for(learner)
    state = start(client, exam_key)
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": {}})
    return ExamAttempt.objects.get(user=learner, usage_key=str(exam_key))


def grade(staff, exam_key, attempt, points):
    return post_json(client_for(staff), exam_key, "staff_grade",
                     {"attempt": attempt.id, "question": "q1", "points": points, "comment": ""})


def test_a_grade_answers_the_attempts_new_totals_and_is_audited(course, exam_key, learner, staff):
    attempt = submitted(exam_key, learner)
    none = grade(staff, exam_key, attempt, [0, 0])
    assert none.status_code == 200, none.content
    full = grade(staff, exam_key, attempt, [20, 0])
    assert full.status_code == 200, full.content
    attempt.refresh_from_db()
    assert body(full) == {"attempt": attempt.id, "earned": float(attempt.earned), "pending": attempt.pending,
                          "passed": attempt.passed}
    assert body(full)["earned"] - body(none)["earned"] == 20
    entries = AuditEntry.objects.filter(action="exam_grade").order_by("id")
    assert [(e.actor, e.subject, e.details) for e in entries] == [
        (staff, learner, {"attempt": 1, "question": "q1", "points": points}) for points in (["0", "0"], ["20", "0"])]


def test_a_grade_out_of_range_is_refused_naming_the_points_field(course, exam_key, learner, staff):
    attempt = submitted(exam_key, learner)
    response = grade(staff, exam_key, attempt, [21, 0])
    assert response.status_code == 400, response.content
    error = body(response)["error"]
    assert (error["field"], error["code"]) == ("points", "grade-range") and "21" in error["message"]
    second = body(grade(staff, exam_key, attempt, [0, 22]))["error"]["message"]
    both = body(grade(staff, exam_key, attempt, [21, 22]))["error"]["message"]
    assert both == error["message"] + "; " + second  # one sentence a point
    assert not AuditEntry.objects.filter(action="exam_grade").exists()


def test_a_grade_out_of_range_names_the_rubric_point_in_the_staff_members_language(course, exam_key, learner, staff):
    attempt = submitted(exam_key, learner)
    response = grade(staff, exam_key, attempt, [21, 0])
    assert response.status_code == 400, response.content
    error = body(response)["error"]
    assert (error["field"], error["code"], error["message"]) == (
        "points", "grade-range", "第 1 个评分要点给了 21 分；必须在 0 到 20 之间。")
