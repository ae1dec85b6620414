"""student_view_data for the mobile API: settings, and for a learner with an attempt in progress the drawn
paper through the learner-safe projection; no answer key, reference, rubric or explanation leaks."""
import json

import pytest

from tests.integration.helpers import EXAM_COURSE, block_of, body, client_for, post_json

FIXTURE = EXAM_COURSE
SECRETS = ("SECRET-EXPLANATION", "SECRET-REFERENCE", "SECRET-RUBRIC", '"correct"', "correct_options", "rubric",
           "keyword", "reference", "explanation", "活动水平", "排放量=活动数据×排放因子")

pytestmark = pytest.mark.django_db


def mobile_data(course, user, key):
    return block_of(course, user, key).student_view_data()


def test_settings_without_an_attempt(course, exam_key, make_user):
    data = mobile_data(course, make_user("learner", course), exam_key)
    assert data["display_name"] == "结业考试" and data["total_points"] == 100 and data["pass_mark"] == 60
    assert (data["time_limit_minutes"], data["max_attempts"]) == (60, 2)
    assert "attempt" not in data
    json.dumps(data)


def test_attempt_in_progress_shows_the_drawn_paper_without_keys(course, exam_key, make_user):
    learner = make_user("learner", course)
    client = client_for(learner)
    state = body(post_json(client, exam_key, "start_exam", {}))
    session = state["attempt"]["session"]
    first = state["attempt"]["paper"]["parts"][0]["questions"][0]["id"]
    post_json(client, exam_key, "save_answers", {"session": session, "answers": {first: ["A"]}, "flags": [first]})

    data = mobile_data(course, learner, exam_key)
    attempt = data["attempt"]
    assert attempt["paper"] == state["attempt"]["paper"]  # the same drawn paper, in the same order
    assert attempt["answers"] == {first: ["A"]} and attempt["flags"] == [first]
    assert attempt["read_only"] is True and "session" not in attempt
    assert 3500 <= attempt["seconds_left"] <= 3600
    question = attempt["paper"]["parts"][0]["questions"][0]
    assert set(question) == {"id", "stem", "options", "number", "type", "points"}
    assert all(set(option) == {"id", "text"} for option in question["options"])
    text = json.dumps(data, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text, secret

    other = mobile_data(course, make_user("other", course), exam_key)
    assert "attempt" not in other  # one learner never sees another's paper

    post_json(client, exam_key, "submit_exam", {"session": session, "answers": {}})
    assert "attempt" not in mobile_data(course, learner, exam_key)


def test_anonymous_gets_settings_only(course, exam_key):
    from django.contrib.auth.models import AnonymousUser

    data = mobile_data(course, AnonymousUser(), exam_key)
    assert "attempt" not in data and data["mode"] == "exam"
