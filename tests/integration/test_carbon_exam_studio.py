"""The Studio question editor's server side: studio_view hands the paper to the editor, check_paper and
studio_submit take the editor's JSON, and a paper that cannot be drawn (or malformed data) is refused
with a 4xx naming the problem while nothing is saved."""
import json
import re

import pytest

from carbon_exam.paper_json import paper_to_json
from tests.integration.helpers import EXAM_COURSE, block_of, body, client_for, post_json

FIXTURE = EXAM_COURSE

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(staff):
    return client_for(staff)


def edited_paper(course, staff, key):
    return paper_to_json(block_of(course, staff, key).paper)


def test_studio_view_gives_the_editor_the_paper_and_translated_texts(course, exam_key, staff):
    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(course, staff)
    html = runtime.render(runtime.get_block(exam_key), "studio_view", {}).body_html()
    assert "cest-tree" in html and 'name="questions_xml"' in html and "高级：以 OLX 编辑题目" in html
    args = json.loads(re.search(r'<script type="json/xblock-args"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert [part["id"] for part in args["paper"]["parts"]] == ["theory", "pro"]
    assert args["texts"]["add_question"] == "添加题目" and args["texts"]["move_up"] == "上移"


def test_editor_json_is_saved_as_the_paper(course, exam_key, staff, client):
    data = edited_paper(course, staff, exam_key)
    single = data["parts"][0]["pools"][0]
    single["questions"].insert(0, {"id": "s4", "stem": "新题：全国碳市场首批纳入哪个行业？", "options": [
        {"id": "A", "text": "发电", "correct": True}, {"id": "B", "text": "钢铁", "correct": False}],
        "explanation": "", "source": "教材第 1 章"})
    data["parts"].reverse()  # reorder parts
    response = post_json(client, exam_key, "studio_submit", {"paper": data, "display_name": "期末考试",
                                                               "total_points": "100", "pass_mark": "60",
                                                               "retake_only_after_fail": False,
                                                               "shuffle_options": False, "time_limit_minutes": 90},
                         studio=True)
    assert response.status_code == 200, response.content
    saved = body(response)
    assert saved["saved"] is True and saved["drawn_points"] == "100"
    assert [part["id"] for part in saved["paper"]["parts"]] == ["pro", "theory"]
    assert '<question id="s4">' in saved["questions_xml"]

    block = block_of(course, staff, exam_key)
    assert block.display_name == "期末考试"
    assert (block.retake_only_after_fail, block.shuffle_options, block.time_limit_minutes) == (False, False, 90)
    assert [q.id for q in block.paper.parts[1].pools[0].questions] == ["s4", "s1", "s2", "s3"]
    assert block.paper.find("s4")[2].correct_option_ids() == ["A"]
    assert block.paper.find("s4")[2].source == "教材第 1 章"
    assert block.blocking_problems() == []


def test_check_paper_takes_the_editor_json(course, exam_key, staff, client):
    data = edited_paper(course, staff, exam_key)
    data["parts"][0]["pools"][0]["points"] = "25"
    checked = body(post_json(client, exam_key, "check_paper", {"paper": data, "total_points": 100, "pass_mark": 60},
                             studio=True))
    assert checked["drawn_points"] == "110"
    assert [p["code"] for p in checked["problems"]] == ["total-mismatch"]
    assert "110" in checked["problems"][0]["message"] and "100" in checked["problems"][0]["message"]


def test_a_paper_that_cannot_be_drawn_is_refused_and_nothing_is_saved(course, exam_key, staff, client):
    before = block_of(course, staff, exam_key)
    xml, name = before.questions_xml, before.display_name
    data = edited_paper(course, staff, exam_key)
    data["parts"][0]["pools"][0]["questions"] = data["parts"][0]["pools"][0]["questions"][:1]  # delete two
    refused = post_json(client, exam_key, "studio_submit", {"paper": data, "display_name": "不应保存"}, studio=True)
    assert refused.status_code == 400
    error = body(refused)["error"]
    assert error["code"] == "paper_invalid" and error["field"] == "paper"
    assert {p["code"] for p in error["problems"]} == {"pool-too-small"}
    assert error["problems"][0]["pool"] == "t-single"
    assert '题库“t-single”要抽取 2 道题，但只有 1 道。' in [p["message"] for p in error["problems"]]
    after = block_of(course, staff, exam_key)
    assert (after.questions_xml, after.display_name) == (xml, name)


def test_malformed_editor_data_is_refused_naming_the_pool(course, exam_key, staff, client):
    before = block_of(course, staff, exam_key).questions_xml
    data = edited_paper(course, staff, exam_key)
    data["parts"][1]["pools"][0]["points"] = "四十"
    refused = post_json(client, exam_key, "studio_submit", {"paper": data}, studio=True)
    assert refused.status_code == 400
    [problem] = body(refused)["error"]["problems"]
    assert (problem["code"], problem["pool"]) == ("json-bad-number", "p-short")
    assert "四十" in problem["message"] and "必须是数字" in problem["message"]
    assert post_json(client, exam_key, "studio_submit", {"paper": "nope"}, studio=True).status_code == 400
    assert block_of(course, staff, exam_key).questions_xml == before


@pytest.mark.parametrize("setting, value", [
    ("time_limit_minutes", "abc"), ("mode", "party"), ("max_attempts", None), ("total_points", ""),
    ("review_after_submit", {"answers": True}), ("attempt_counts", "first"),
])
def test_a_bad_setting_is_refused_and_nothing_is_saved(course, exam_key, staff, client, setting, value):
    before = block_of(course, staff, exam_key)
    data = edited_paper(course, staff, exam_key)
    refused = post_json(client, exam_key, "studio_submit", {"paper": data, "display_name": "不应保存", setting: value},
                        studio=True)
    assert refused.status_code == 400
    assert body(refused)["error"]["code"] in ("bad_setting", "bad_number")
    after = block_of(course, staff, exam_key)
    assert after.display_name == before.display_name and getattr(after, setting) == getattr(before, setting)


def test_the_editor_total_must_match_the_setting(course, exam_key, staff, client):
    data = edited_paper(course, staff, exam_key)
    refused = post_json(client, exam_key, "studio_submit", {"paper": data, "total_points": "90"}, studio=True)
    assert refused.status_code == 400
    assert [p["code"] for p in body(refused)["error"]["problems"]] == ["total-mismatch"]


def test_learners_cannot_use_the_editor(course, exam_key, staff, make_user):
    learner = client_for(make_user("learner", course))
    data = edited_paper(course, staff, exam_key)
    for studio in (False, True):
        assert post_json(learner, exam_key, "studio_submit", {"paper": data}, studio=studio).status_code == 403
        assert post_json(learner, exam_key, "check_paper", {"paper": data}, studio=studio).status_code == 403
