"""``ExamAttempt.pending_answers`` stays what scoring says after every path that changes an attempt (issue 12: the
grading queue sums it for its exact "n answers left"): the learner's submit, the time-out, the focus-loss limit, a
staff grade, a reset, the dashboard's rescore and "Delete learner's state"; migration 0007 fills it from the stored
results."""
import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from carbon_common.compat import anonymous_id_for_user
from carbon_common.models import ExamAttempt
from carbon_exam.draw import DrawnPaper
from carbon_exam.scoring import StaffGrade, score_attempt
from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import EXAM_COURSE, body, client_for, correct_answers, handler_url, post_json, start

FIXTURE = EXAM_COURSE
pytestmark = pytest.mark.django_db


def recomputed(block, attempt) -> int:
    """The attempt scored afresh (not its stored result): its answers scored ``pending``, if it is submitted."""
    if attempt.status != "submitted":
        return 0
    grades = {qid: StaffGrade.from_json(grade) for qid, grade in attempt.staff_grades.items()}
    result = score_attempt(block.paper, DrawnPaper.from_json(attempt.drawn), attempt.answers, grades)
    return sum(1 for question in result.questions if question.status == "pending")


def check(block, user, expected):
    """Every attempt of ``user``: the column, the fresh recompute and ``expected`` (the latest attempt's) agree."""
    attempts = list(ExamAttempt.objects.filter(user=user).order_by("number"))
    for attempt in attempts:
        assert attempt.pending_answers == recomputed(block, attempt), (attempt, attempt.status)
        assert attempt.pending == (attempt.pending_answers > 0) or attempt.status != "submitted"
    assert attempts[-1].pending_answers == expected


def queue_total(staff_client, key):
    return body(staff_client.get(handler_url(key, "grading_queue")))["pending_answers"]


def test_every_path_keeps_the_column_equal_to_a_recompute(course, exam_key, learner, staff):
    block = LmsRuntime(course, staff).get_block(exam_key)
    staff_client, client = client_for(staff), client_for(learner)
    course.values[("settings", str(exam_key), "max_attempts")] = 5
    course.values[("settings", str(exam_key), "retake_only_after_fail")] = False

    # The learner's submit with a short answer: one answer waits.
    state = start(client, exam_key)
    check(block, learner, 0)  # in progress: nothing to grade yet
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": correct_answers(state)})
    check(block, learner, 1)
    assert queue_total(staff_client, exam_key) == 1

    # A staff grade: none waits; the queue's total drops by one.
    grade = post_json(staff_client, exam_key, "staff_grade", {"attempt": ExamAttempt.objects.get(user=learner).pk,
                                                               "question": "q1", "points": [20, 10], "comment": ""})
    assert grade.status_code == 200, grade.content
    check(block, learner, 0)
    assert queue_total(staff_client, exam_key) == 0

    # The dashboard's rescore after the grade is gone (as if the question were staff-graded anew): it waits again.
    ExamAttempt.objects.filter(user=learner).update(staff_grades={})
    LmsRuntime(course, learner).get_block(exam_key).rescore(only_if_higher=False)
    check(block, learner, 1)

    # A staff reset: the reset attempt waits for nothing.
    reset = post_json(staff_client, exam_key, "staff_reset_attempt",
                      {"attempt": ExamAttempt.objects.get(user=learner, number=1).pk, "reason": "重考"})
    assert reset.status_code == 200, reset.content
    check(block, learner, 0)
    assert queue_total(staff_client, exam_key) == 0

    # The time-out submits the saved answers: the short answer saved waits.
    state = start(client, exam_key)
    post_json(client, exam_key, "save_answers", {"session": state["attempt"]["session"], "answers": {"q1": "活动数据"}})
    ExamAttempt.objects.filter(user=learner, status="in_progress").update(deadline=timezone.now() - timedelta(minutes=5))
    late = post_json(client, exam_key, "save_answers", {"session": state["attempt"]["session"], "answers": {}})
    assert late.status_code == 409
    assert ExamAttempt.objects.get(user=learner, number=2).submit_reason == "timeout"
    check(block, learner, 1)

    # The focus-loss limit submits: a blank short answer waits for nothing.
    course.values[("settings", str(exam_key), "focus_loss_limit")] = 1
    state = start(client, exam_key)
    post_json(client, exam_key, "save_answers", {"session": state["attempt"]["session"], "answers": {"q1": "  "},
                                                 "events": {"focus_losses": 1}})
    assert ExamAttempt.objects.get(user=learner, number=3).submit_reason == "focus_limit"
    check(block, learner, 0)
    assert queue_total(staff_client, exam_key) == 1  # attempt 2's answer

    # "Delete learner's state": every attempt reset, nothing waits.
    course_key = exam_key.context_key
    LmsRuntime(course, learner).get_block(exam_key).clear_student_state(
        user_id=anonymous_id_for_user(learner, course_key), course_id=str(course_key), item_id=str(exam_key),
        requesting_user_id=anonymous_id_for_user(staff, course_key))
    check(block, learner, 0)
    assert set(ExamAttempt.objects.filter(user=learner).values_list("pending_answers", flat=True)) == {0}
    assert queue_total(staff_client, exam_key) == 0


def test_the_queue_sums_answers_over_every_page_in_a_fixed_number_of_queries(course, exam_key, staff, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.integration.test_exam_staff_scale import add_learners, sit

    first = make_user("first", course)
    sit(client_for(first), exam_key)
    staff_client = client_for(staff)
    queue_total(staff_client, exam_key)  # warm up

    def counted():
        with CaptureQueriesContext(connection) as captured:
            total = queue_total(staff_client, exam_key)
        return total, len(captured)

    template = ExamAttempt.objects.get(user=first)
    ExamAttempt.objects.filter(pk=template.pk).update(pending_answers=3)  # as an attempt with 3 short answers
    template.refresh_from_db()
    one = counted()
    add_learners(course, exam_key, make_user, template, 0, 60)  # 61 attempts: two pages
    many = counted()
    assert (one[0], many[0]) == (3, 3 * 61)
    assert one[1] == many[1]


def test_migration_0007_fills_the_column_from_the_stored_results(course, exam_key, learner, make_user):
    from tests.integration.test_exam_staff_scale import sit

    block = LmsRuntime(course, learner).get_block(exam_key)
    sit(client_for(learner), exam_key)  # a short answer written: pending
    other = make_user("other", course)
    state = start(client_for(other), exam_key)
    post_json(client_for(other), exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": {}})
    expected = {a.pk: recomputed(block, a) for a in ExamAttempt.objects.all()}
    assert sorted(expected.values()) == [0, 1]

    ExamAttempt.objects.update(pending_answers=0)  # as before the column existed
    importlib.import_module("carbon_common.migrations.0007_exam_pending_answers").backfill(apps, None)
    assert dict(ExamAttempt.objects.values_list("pk", "pending_answers")) == expected


def test_the_sum_reads_the_covering_index_only(course, exam_key, staff, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.integration.test_exam_queue_index import plan
    from tests.integration.test_exam_staff_scale import sit

    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    sit(client_for(make_user("first", course)), exam_key)
    with CaptureQueriesContext(connection) as captured:
        queue_total(client_for(staff), exam_key)
    [total] = [q["sql"] for q in captured.captured_queries if 'SUM("carbon_common_examattempt"."pending_answers")' in q["sql"]]
    found = plan(total)
    assert "COVERING INDEX exam_attempt_queue" in found and "SCAN" not in found, found
