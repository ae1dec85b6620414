"""The staff view's score distribution: an SVG histogram (shared chart helper) of graded attempts with the
same figures in a table, the pass rate, and the attempts still waiting for grading listed apart."""
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.integration.helpers import body, handler_url, post_json

FIXTURE = Path(__file__).parent.parent / "fixtures" / "carbon_exam_course"
ANSWERS = {"s1": ["B"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"]}

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def sit(client, key, answer_all=True, submit=True):
    state = body(post_json(client, key, "start_exam", {}))
    attempt = state["attempt"]
    answers = {}
    if answer_all:
        for part in attempt["paper"]["parts"]:
            for question in part["questions"]:
                answers[question["id"]] = ANSWERS.get(question["id"], "排放量等于活动数据乘以排放因子")
    if submit:
        response = post_json(client, key, "submit_exam", {"session": attempt["session"], "answers": answers})
        assert response.status_code == 200, response.content


def test_histogram_table_pass_rate_and_pending_list(load_course, make_user):
    course = load_course(FIXTURE)
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    staff = client_for(make_user("teacher", course, role="staff"))
    sit(client_for(make_user("amy", course)), key)  # short answer pending
    sit(client_for(make_user("bob", course)), key, answer_all=False)  # empty paper: 0, nothing to grade
    sit(client_for(make_user("cy", course)), key)
    sit(client_for(make_user("dee", course)), key, submit=False)  # in progress: not counted

    listing = body(staff.get(handler_url(key, "staff_submissions")))
    cy_item = next(item for item in listing["queue"] if item["username"] == "cy")
    assert post_json(staff, key, "staff_grade", {"attempt": cy_item["attempt"], "question": "q1",
                                                 "points": [20, 20], "comment": ""}).status_code == 200

    listing = body(staff.get(handler_url(key, "staff_submissions")))
    spread = listing["distribution"]
    assert [b["count"] for b in spread["buckets"]] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # bob 0, cy 93.33
    assert [b["failing"] for b in spread["buckets"]] == [True] * 6 + [False] * 4
    assert (spread["graded"], spread["passed"], spread["pass_rate"]) == (2, 1, 50.0)
    assert spread["pending"] == [{"username": "amy", "number": 1}]

    html = listing["distribution_html"]
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "已评分答卷的成绩分布" in svg
    assert svg.count('fill="#b3261e"') == 6  # the failing buckets, highlighted
    assert "及格率：2 份已评分答卷中 1 份及格（50%）。" in html
    rows = re.findall(r'<tr(?: class="ces-failing")?><th scope="row">([^<]+)</th><td>(\d+)</td><td>([^<]+)</td>', html)
    assert rows[0] == ("0–9", "1", "低于及格分") and rows[5] == ("50–59", "0", "低于及格分")
    assert rows[9] == ("90–100", "1", "达到及格分") and len(rows) == 10
    pending = re.search(r'<ul class="ces-pending-list">(.*?)</ul>', html, re.S).group(1)
    assert "amy · 第 1 次作答" in pending and "bob" not in pending and "dee" not in pending

    dashboard = staff.get(f"/courses/{course.course_key}/instructor/").content.decode()
    assert "成绩分布" in dashboard and "及格率：2 份已评分答卷中 1 份及格（50%）。" in dashboard


def test_empty_distribution_and_staff_only(load_course, make_user):
    course = load_course(FIXTURE)
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    listing = body(client_for(make_user("teacher", course, role="staff")).get(handler_url(key, "staff_submissions")))
    assert listing["distribution"]["graded"] == 0 and listing["distribution"]["pass_rate"] is None
    assert "还没有已评分的答卷。" in listing["distribution_html"]
    assert client_for(make_user("learner", course)).get(handler_url(key, "staff_submissions")).status_code == 403
