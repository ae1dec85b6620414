"""The exam's item analysis in its staff panel: charts as accessible SVG, sortable tables, exports, staff only."""
import csv
import io

import pytest
from lxml import html as lxml_html

from carbon_exam.analysis_view import COLUMNS
from tests.integration.helpers import (
    EXAM_COURSE,
    body,
    client_for,
    correct_answers,
    download_text,
    handler_url,
    post_json,
    start,
)

FIXTURE = EXAM_COURSE
pytestmark = pytest.mark.django_db


def take(client, exam_key, right):
    """Start, answer (all right, or every choice wrong) and submit; returns the attempt id."""
    state = start(client, exam_key)
    answers = correct_answers(state)
    if not right:
        answers = {qid: (["D"] if isinstance(value, list) else "不知道") for qid, value in answers.items()}
    session = state["attempt"]["session"]
    assert post_json(client, exam_key, "submit_exam", {"session": session, "answers": answers}).status_code == 200


def grade_all(staff_client, exam_key):
    for item in body(staff_client.get(handler_url(exam_key, "grading_queue") + "?pending=0"))["queue"]:
        points = [20, 20] if item["rubric"][0]["matched"] else [0, 0]
        response = post_json(staff_client, exam_key, "staff_grade",
                             {"attempt": item["attempt"], "question": item["question"], "points": points})
        assert response.status_code == 200, response.content


def test_analysis_shows_charts_and_tables_and_exports(course, exam_key, make_user, staff):
    for n in range(4):
        take(client_for(make_user(f"ia{n}", course)), exam_key, right=n % 2 == 0)
    staff_client = client_for(staff)
    grade_all(staff_client, exam_key)

    unit = course.course_key.make_usage_key("vertical", "final-unit")
    page = staff_client.get(f"/courses/{course.course_key}/jump_to/{unit}/").content.decode()
    assert 'class="ces-item-analysis"' in page and "item_analysis.js" in page
    assert "/carbon_xblocks/courses/" in page and "results_sheet" in page  # the results sheet's link

    response = staff_client.get(handler_url(exam_key, "item_analysis"))
    assert response.status_code == 200, response.content
    tree = lxml_html.fromstring(body(response)["html"])
    charts = tree.xpath("//svg")
    assert len(charts) == 4  # histogram, scatter, one per part
    for chart in charts:
        assert chart.get("role") == "img" and chart.xpath("./title") and chart.xpath("./desc")
    assert tree.xpath("//g[@class='carbon-chart-marker']")  # the pass line on the histogram
    questions = tree.xpath("//table[contains(@class,'ces-ia-questions')]/tbody/tr")
    # One point per question whose discrimination is defined (a question every learner scored alike has none).
    discrimination = COLUMNS.index("discrimination")
    plotted = [row for row in questions if (row.xpath("./td")[discrimination].text or "").strip()]
    assert len(plotted) == len(tree.xpath("//svg[contains(@class,'carbon-scatter')]//circle")) > 0
    assert tree.xpath("//table[contains(@class,'ces-ia-questions')]//th/button[@class='ces-ia-sort']")
    # The short answer's keyword hits: two answers name both keys, two ("不知道") neither.
    keywords = {row.xpath("./td")[0].text: row.xpath("./td")[COLUMNS.index("keywords")].text or "" for row in questions}
    assert keywords["q1"] == ("1. SECRET-RUBRIC 活动数据: 活动数据 2/4, 活动水平 0/4, 无关键词 2/4; "
                              "2. 排放因子: 排放因子 2/4, 无关键词 2/4")
    assert keywords["s1"] == ""  # a choice question has none
    summary = tree.xpath("//table[contains(@class,'ces-ia-summary')]/tbody/tr")
    assert [row.xpath("./th")[0].text for row in summary] == ["全卷", "基础理论", "专业课程"]
    assert [cell.text for cell in summary[0].xpath("./td")][0] == "4"  # four learners analysed

    exported = download_text(staff_client.get(handler_url(exam_key, "export_item_analysis"), {"format": "csv"}))
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][0] == "试题" and len(rows) == len(questions) + 1
    facility = {row[0]: row[4] for row in rows[1:]}
    assert facility["q1"] in ("0.5", "0.5000")  # two of four learners earned the short answer's points
    assert {row[0]: row[COLUMNS.index("keywords")] for row in rows[1:]}["q1"] == keywords["q1"]


def test_learners_may_not_see_the_analysis(course, exam_key, learner):
    response = client_for(learner).get(handler_url(exam_key, "item_analysis"))
    assert response.status_code == 403
