"""Which browser window may write an attempt: a window that another live window holds the attempt from is
read-only; when no window has saved within the lease (closed, signed out), the server says so and a new
window continues. A practice check's refusal names it as practice, not as the exam."""
from datetime import timedelta

from django.utils import timezone

from carbon_common.models import ExamAttempt
from carbon_exam.learner_api import WINDOW_LEASE_SECONDS
from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json, start

FIXTURE = EXAM_COURSE


def test_other_window_is_live_until_the_lease_runs_out(course, exam_key, learner):
    first = client_for(learner)
    state = start(first, exam_key)
    assert state["attempt"]["read_only"] is False and state["attempt"]["other_window_live"] is False
    second = client_for(learner)
    seen = body(post_json(second, exam_key, "exam_state", {}))["attempt"]
    assert seen["read_only"] is True and seen["other_window_live"] is True

    ExamAttempt.objects.update(updated=timezone.now() - timedelta(seconds=WINDOW_LEASE_SECONDS - 5))
    assert body(post_json(second, exam_key, "exam_state", {}))["attempt"]["other_window_live"] is True
    ExamAttempt.objects.update(updated=timezone.now() - timedelta(seconds=WINDOW_LEASE_SECONDS + 1))
    assert body(post_json(second, exam_key, "exam_state", {}))["attempt"]["other_window_live"] is False

    # The first window's heartbeat (a save with nothing changed) renews the lease.
    beat = post_json(first, exam_key, "save_answers", {"session": state["attempt"]["session"], "answers": {}})
    assert beat.status_code == 200
    assert body(post_json(second, exam_key, "exam_state", {}))["attempt"]["other_window_live"] is True


def test_a_practice_check_taken_elsewhere_is_called_practice(course, learner):
    quiz = course.course_key.make_usage_key("carbon_exam", "quiz")
    exam = course.course_key.make_usage_key("carbon_exam", "final_exam")
    refusals = {}
    for name, key in (("practice", quiz), ("exam", exam)):
        first, second = client_for(learner), client_for(learner)
        old = start(first, key)["attempt"]["session"]
        start(second, key, take_over=True)
        refused = post_json(first, key, "save_answers", {"session": old, "answers": {}})
        assert refused.status_code == 409 and body(refused)["error"]["code"] == "session_taken"
        refusals[name] = body(refused)["error"]["message"]
    assert "练习" in refusals["practice"] and "考试" not in refusals["practice"]
    assert "考试" in refusals["exam"]
