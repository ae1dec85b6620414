"""Staff open the item analysis in the exam's staff panel: its charts appear (accessible SVG), the question
table sorts by a column header, and axe finds no serious or critical violation in it."""
import pytest

from tests.browser.conftest import axe_violations, enrol, sign_in, unit_url
from tests.integration.helpers import body, client_for, post_json

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


RIGHT = {"s1": ["B"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"]}


def sit_exam(user, key, right):
    """Submit every answer right, or only the first single choice right (so scores vary between learners)."""
    client = client_for(user)
    attempt = body(post_json(client, key, "start_exam", {}))["attempt"]
    answers = {}
    for part in attempt["paper"]["parts"]:
        for question in part["questions"]:
            qid = question["id"]
            good = RIGHT.get(qid, "排放量等于活动数据乘以排放因子")
            answers[qid] = good if right or qid == "s1" else (["D"] if qid in RIGHT else "不知道")
    assert post_json(client, key, "submit_exam", {"session": attempt["session"], "answers": answers}).status_code == 200


def test_staff_open_the_item_analysis_and_see_its_charts(exam_course, page):
    from carbon_common.models import ExamAttempt

    course = exam_course
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    for n in range(4):
        sit_exam(enrol(course, f"ia_learner{n}"), key, right=n % 2 == 0)
    # grade the short answers on the server (the grading queue has its own browser test)
    ExamAttempt.objects.filter(usage_key=str(key)).update(pending=False)

    sign_in(page, "staff")
    page.goto(unit_url(page, course, "final-unit"))
    box = page.locator(".ces-item-analysis")
    box.get_by_role("button", name="显示试题分析").click()
    box.locator(".ces-ia-content svg").first.wait_for()
    charts = box.locator(".ces-ia-content svg[role=img]")
    assert charts.count() == 4  # histogram with the pass line, scatter, one per part
    assert box.locator("svg .carbon-chart-marker").count() == 1
    assert box.locator("svg.carbon-scatter circle").count() >= 1
    assert box.get_by_role("img", name="难度（得分率）与区分度散点图，每道题一个点").is_visible()

    header = box.locator(".ces-ia-questions thead th").nth(4)  # facility
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    cells = box.locator(".ces-ia-questions tbody tr td:nth-child(5)")
    values = [float(v) for v in cells.all_inner_texts() if v]
    assert values == sorted(values) and values
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = [float(v) for v in cells.all_inner_texts() if v]
    assert values == sorted(values, reverse=True)
    assert axe_violations(page) == []
