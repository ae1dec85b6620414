"""The attempt write check (``_locked_writable``): a save with no exam in progress, from another (or no) session, or
after the time and its grace is refused with the field, code and message in the learner's language; the late one
submits the attempt at its deadline. A save within the grace is stored."""
from datetime import timedelta

import pytest
from django.utils import timezone

from carbon_common.models import ExamAttempt
from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json, start

FIXTURE = EXAM_COURSE


def refused(response, field, code, message):
    assert response.status_code == 409, response.content
    assert body(response)["error"] == {**body(response)["error"], "field": field, "code": code, "message": message}


def test_a_save_without_an_exam_in_progress_is_refused(course, exam_key, learner):
    response = post_json(client_for(learner), exam_key, "save_answers", {"session": "s", "answers": {}})
    refused(response, "attempt", "no_attempt", "您没有正在进行的考试。")
    assert not ExamAttempt.objects.exists()


@pytest.mark.parametrize("session", [None, "", "another-window"])
def test_a_save_from_another_session_is_refused_and_stores_nothing(course, exam_key, learner, session):
    client = client_for(learner)
    state = start(client, exam_key)
    question = state["attempt"]["paper"]["parts"][0]["questions"][0]["id"]
    response = post_json(client, exam_key, "save_answers", {"session": session, "answers": {question: ["A"]}})
    refused(response, "session", "session_taken", "考试已在另一个窗口中打开，本窗口现为只读。")
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(exam_key))
    assert (attempt.status, attempt.answers) == ("in_progress", {})


def started_with_deadline(client, exam_key, learner, seconds_ago):
    state = start(client, exam_key)
    deadline = timezone.now() - timedelta(seconds=seconds_ago)
    ExamAttempt.objects.filter(user=learner, usage_key=str(exam_key)).update(deadline=deadline)
    return state, deadline


def test_a_save_after_the_time_and_its_grace_submits_the_attempt_at_its_deadline(course, exam_key, learner):
    client = client_for(learner)
    state, deadline = started_with_deadline(client, exam_key, learner, 60)  # grace: 30 s
    response = post_json(client, exam_key, "save_answers", {"session": state["attempt"]["session"], "answers": {}})
    refused(response, "time", "time_up", "考试时间已到：系统已按已保存的答案为您交卷。")
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(exam_key))
    assert (attempt.status, attempt.submit_reason, attempt.submitted_at) == ("submitted", "timeout", deadline)


def test_a_save_within_the_grace_is_stored(course, exam_key, learner):
    client = client_for(learner)
    state, _ = started_with_deadline(client, exam_key, learner, 10)
    question = state["attempt"]["paper"]["parts"][0]["questions"][0]["id"]
    response = post_json(client, exam_key, "save_answers",
                         {"session": state["attempt"]["session"], "answers": {question: ["A"]}})
    assert response.status_code == 200, response.content
    assert body(response)["saved"] == [question]
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(exam_key))
    assert (attempt.status, attempt.answers) == ("in_progress", {question: ["A"]})
