"""The staff view's score distribution: an SVG histogram (shared chart helper) of one counted score per learner
(highest or last attempt) with the same figures in a table, the pass rate, and the attempts still waiting for
grading listed apart."""
import re

import pytest
from django.contrib.auth import get_user_model

from tests.integration.helpers import EXAM_COURSE, body, client_for, handler_url, post_json

FIXTURE = EXAM_COURSE
ANSWERS = {"s1": ["B"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"]}

pytestmark = pytest.mark.django_db


def sit(client, key, answer_all=True, submit=True, short="排放量等于活动数据乘以排放因子"):
    state = body(post_json(client, key, "start_exam", {}))
    attempt = state["attempt"]
    answers = {}
    if answer_all:
        for part in attempt["paper"]["parts"]:
            for question in part["questions"]:
                answers[question["id"]] = ANSWERS.get(question["id"], short)
    if submit:
        response = post_json(client, key, "submit_exam", {"session": attempt["session"], "answers": answers})
        assert response.status_code == 200, response.content


def test_histogram_table_pass_rate_and_pending_list(load_course, make_user):
    course = load_course(FIXTURE)
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    staff = client_for(make_user("teacher", course, role="staff"))
    sit(client_for(make_user("amy", course)), key)  # short answer pending
    bob = client_for(make_user("bob", course))
    sit(bob, key, short="")  # choices only, no short answer: 53.33, nothing to grade, failed
    sit(bob, key, answer_all=False)  # the retake, left empty: 0
    sit(client_for(make_user("cy", course)), key)
    sit(client_for(make_user("dee", course)), key, submit=False)  # in progress: not counted

    queue = body(staff.get(handler_url(key, "grading_queue")))["queue"]
    cy_item = next(item for item in queue if item["username"] == "cy")
    assert post_json(staff, key, "staff_grade", {"attempt": cy_item["attempt"], "question": "q1",
                                                 "points": [20, 20], "comment": ""}).status_code == 200

    listing = body(staff.get(handler_url(key, "staff_submissions")))
    spread = listing["distribution"]
    # One score per learner, the attempt that counts (highest): bob 53.33 (not also his 0), cy 93.33.
    assert [b["count"] for b in spread["buckets"]] == [0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert [b["failing"] for b in spread["buckets"]] == [True] * 6 + [False] * 4
    assert (spread["graded"], spread["passed"], spread["pass_rate"]) == (2, 1, 50.0)
    assert spread["pending"] == [{"username": "amy", "number": 1}]

    html = listing["distribution_html"]
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "学员计分成绩分布" in svg
    assert svg.count('fill="#b3261e"') == 6  # the failing buckets, highlighted
    assert "及格率：2 名学员中 1 名及格（50%）。" in html
    assert "每名学员只计一个成绩：取其已评分作答中的最高分。" in html
    rows = re.findall(r'<tr(?: class="ces-failing")?><th scope="row">([^<]+)</th><td>(\d+)</td><td>([^<]+)</td>', html)
    assert rows[0] == ("0–9", "0", "低于及格分") and rows[5] == ("50–59", "1", "低于及格分")
    assert rows[9] == ("90–100", "1", "达到及格分") and len(rows) == 10
    pending = re.search(r'<ul class="ces-pending-list">(.*?)</ul>', html, re.S).group(1)
    assert "amy · 第 1 次作答" in pending and "bob" not in pending and "dee" not in pending

    unit = course.course_key.make_usage_key("vertical", "final-unit")
    dashboard = staff.get(f"/courses/{course.course_key}/jump_to/{unit}/").content.decode()
    assert "成绩分布" in dashboard and "及格率：2 名学员中 1 名及格（50%）。" in dashboard
    assert "考试答卷：结业考试" in dashboard  # the staff heading, with a Chinese colon

    # With "last" counting, bob's retake (0) counts instead.
    from devsite.lms.runtime import LmsRuntime

    block = LmsRuntime(course, get_user_model().objects.get(username="teacher")).get_block(key)
    block.attempt_counts = "last"
    spread = block._distribution_json()
    assert [b["count"] for b in spread["buckets"]] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert (spread["graded"], spread["passed"]) == (2, 1)
    assert "取其最后一次已评分的作答" in block._distribution_html()


def test_empty_distribution_and_staff_only(load_course, make_user):
    course = load_course(FIXTURE)
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    listing = body(client_for(make_user("teacher", course, role="staff")).get(handler_url(key, "staff_submissions")))
    assert listing["distribution"]["graded"] == 0 and listing["distribution"]["pass_rate"] is None
    assert "还没有已评分的答卷。" in listing["distribution_html"]
    assert client_for(make_user("learner", course)).get(handler_url(key, "staff_submissions")).status_code == 403
