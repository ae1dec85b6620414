"""The platform's problem-response report reads carbon_exam attempts as the learner's paper showed them."""
import json
from datetime import UTC, datetime

import pytest

from carbon_common.models import ExamAttempt
from devsite.lms.reports import problem_response_rows
from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json, start

FIXTURE = EXAM_COURSE

pytestmark = pytest.mark.django_db


def _reverse_options(attempt):
    """Show every question's options in reverse id order (D, C, B, A), so letters and option ids differ."""
    drawn = attempt.drawn if isinstance(attempt.drawn, dict) else json.loads(attempt.drawn)
    for part in drawn["parts"]:
        for question in part["questions"]:
            question["options"] = sorted(question["options"], reverse=True)
    ExamAttempt.objects.filter(id=attempt.id).update(drawn=drawn)
    return drawn


def test_report_gives_letters_the_learner_saw_local_times_and_few_columns(course, exam_key, learner, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    client = client_for(learner)
    session = start(client, exam_key)["attempt"]["session"]
    drawn = _reverse_options(ExamAttempt.objects.get(user=learner))
    paper = body(post_json(client, exam_key, "exam_state", {"session": session}))["attempt"]["paper"]
    shown = [q for part in paper["parts"] for q in part["questions"]]
    assert [q["id"] for q in shown] == [q["id"] for p in drawn["parts"] for q in p["questions"]]

    answers, expected = {}, []
    for number, question in enumerate(shown, start=1):
        options = [option["id"] for option in question.get("options") or []]
        if options:  # the first option on the page (letter A) and, for multiple choice, the last one too
            picks = [options[0]] + ([options[-1]] if question["type"] == "multiple" else [])
            assert options[0] != "A"  # reversed: the option shown first is not the one with id A
            answers[question["id"]] = picks
            letters = "A" + (f" {chr(64 + len(options))}" if question["type"] == "multiple" else "")
            expected.append(f"{number}. {question['id']}: {letters}")
        else:
            answers[question["id"]] = "排放量等于  活动数据\n乘以排放因子"
            expected.append(f"{number}. {question['id']}: 排放量等于 活动数据 乘以排放因子")
    assert post_json(client, exam_key, "save_answers", {"session": session, "answers": answers}).status_code == 200
    assert post_json(client, exam_key, "submit_exam", {"session": session, "answers": {}}).status_code == 200
    ExamAttempt.objects.filter(user=learner).update(started_at=datetime(2026, 3, 1, 18, 30, tzinfo=UTC),
                                                    submitted_at=datetime(2026, 3, 1, 19, 5, tzinfo=UTC))

    [(username, _key, _title, columns)] = [row for row in problem_response_rows(course) if row[1] == str(exam_key)]
    assert username == "learner"
    assert columns["各题作答"] == "; ".join(expected)
    assert (columns["开始时间"], columns["已交卷"]) == ("2026-03-02 02:30:00", "2026-03-02 03:05:00")
    assert not set(columns) & {q["id"] for q in shown}  # no column per question of the bank
    assert len(columns) == 12 + len(paper["parts"]) + 1
