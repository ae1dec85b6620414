"""The Studio editor's JSON form of the paper: lossless both ways, and every malformed input reported."""

import json
from decimal import Decimal

import pytest

from carbon_exam.paper import BLOCKING_CODES, validate_paper
from carbon_exam.paper_json import JSON_CODES, paper_from_json, paper_to_json
from carbon_exam.problems import MESSAGES

from .builders import choice, paper, part, pool, rich_paper, short


def read(data, total="100", pass_mark="60"):
    return paper_from_json(data, Decimal(total), Decimal(pass_mark))


def small():
    return paper(part("theory", pool("s", "single", [choice("s1"), choice("s2", "A")], draw=1, points="40"),
                      pool("m", "multiple", [choice("m1", "AB")], points="20", scoring="half")),
                 part("pro", pool("q", "short", [short("q1")], points="5", grading="machine")),
                 total="65", pass_mark="39")


def test_json_round_trip_is_lossless_for_the_rich_fixture():
    original = rich_paper()
    data = json.loads(json.dumps(paper_to_json(original), ensure_ascii=False))  # what a browser sends back
    again, problems = read(data, str(original.total_points), str(original.pass_mark))
    assert problems == []
    assert again == original


def test_json_shape_points_are_plain_number_strings():
    data = paper_to_json(small())
    assert data["total_points"] == "65" and data["pass_mark"] == "39"
    multiple = data["parts"][0]["pools"][1]
    assert (multiple["id"], multiple["type"], multiple["draw"], multiple["points"], multiple["scoring"]) == (
        "m", "multiple", 1, "20", "half")
    assert multiple["questions"][0]["options"][0] == {"id": "A", "text": "Option A", "correct": True}
    rubric = data["parts"][1]["pools"][0]["questions"][0]["rubric"]
    assert rubric[0] == {"points": "2", "label": "point 1", "keywords": ["活动数据", "活动水平"]}


def test_numbers_may_come_as_numbers_or_strings_and_text_is_trimmed():
    data = paper_to_json(small())
    data["parts"][0]["pools"][0].update(draw="1", points=40.0)
    data["parts"][1]["pools"][0]["questions"][0]["rubric"][0]["points"] = 2
    data["parts"][0]["pools"][0]["questions"][0]["stem"] = "  Question s1?\n"
    again, problems = read(data, "65", "39")
    assert problems == [] and again == small()


def test_fields_that_do_not_apply_to_the_pool_type_are_dropped():
    data = paper_to_json(small())
    single = data["parts"][0]["pools"][0]
    single["scoring"] = "partial"
    single["questions"][0]["rubric"] = [{"points": "1", "keywords": ["x"]}]
    single["questions"][0]["reference"] = "stale"
    short_pool = data["parts"][1]["pools"][0]
    short_pool["questions"][0]["options"] = [{"id": "A", "text": "stale", "correct": True}]
    again, problems = read(data, "65", "39")
    assert problems == []
    assert again == small()


def test_empty_keywords_are_ignored_and_a_single_keyword_string_accepted():
    data = paper_to_json(small())
    point = data["parts"][1]["pools"][0]["questions"][0]["rubric"][1]
    point["keywords"] = "排放因子"
    data["parts"][1]["pools"][0]["questions"][0]["rubric"][0]["keywords"] = ["活动数据", " ", "活动水平"]
    again, problems = read(data, "65", "39")
    assert problems == [] and again == small()


@pytest.mark.parametrize("mutate, code, where", [
    (lambda d: d.update(parts="nope"), "json-malformed", {}),
    (lambda d: d["parts"][0].update(pools=[1, 2]), "json-malformed", {"part": "theory"}),
    (lambda d: d["parts"][0]["pools"][0].update(points="abc"), "json-bad-number", {"pool": "s"}),
    (lambda d: d["parts"][0]["pools"][0].update(points="NaN"), "json-bad-number", {"pool": "s"}),
    (lambda d: d["parts"][0]["pools"][0].update(points=True), "json-bad-number", {"pool": "s"}),
    (lambda d: d["parts"][0]["pools"][0].update(draw="1.5"), "json-bad-integer", {"pool": "s"}),
    (lambda d: d["parts"][0]["pools"][0].update(draw=""), "json-bad-integer", {"pool": "s"}),
    (lambda d: d["parts"][1]["pools"][0]["questions"][0]["rubric"][0].update(points=""), "json-bad-number",
     {"question": "q1"}),
    (lambda d: d["parts"][0]["pools"][0]["questions"][0].update(stem=["a"]), "json-bad-text", {"question": "s1"}),
    (lambda d: d["parts"][0]["pools"][0]["questions"][0].update(stem="x" * 20001), "json-bad-text",
     {"question": "s1"}),
    (lambda d: d["parts"][0]["pools"][0]["questions"][0].update(explanation="a\x07b"), "json-invalid-character",
     {"question": "s1"}),
    (lambda d: d["parts"][0]["pools"][0]["questions"][0]["options"][0].update(id=" "), "json-missing-option-id",
     {"question": "s1"}),
    (lambda d: d["parts"][0]["pools"][0]["questions"][0]["options"][0].update(correct="yes"), "json-malformed",
     {"question": "s1"}),
    (lambda d: d["parts"][1]["pools"][0]["questions"][0]["rubric"][0].update(keywords={"a": 1}), "json-malformed",
     {"question": "q1"}),
])
def test_malformed_json_is_reported_where_it_is(mutate, code, where):
    data = paper_to_json(small())
    mutate(data)
    again, problems = read(data, "65", "39")
    assert again is None
    assert code in {p.code for p in problems}
    found = next(p for p in problems if p.code == code)
    for name, value in where.items():
        assert getattr(found, name) == value
    assert found.message and "{" not in found.message


def test_not_an_object_at_all():
    for data in (None, [], "paper", 3):
        again, problems = read(data)
        assert again is None and [p.code for p in problems] == ["json-malformed"]


def test_too_many_items_is_refused():
    data = {"parts": [{"id": "p", "pools": [{"id": "s", "type": "single", "draw": 1, "points": 1,
                                             "questions": [{"id": f"q{n}"} for n in range(6000)]}]}]}
    again, problems = read(data)
    assert again is None and problems[0].code == "json-malformed"


def test_a_paper_read_from_json_is_validated_by_the_paper_model():
    data = paper_to_json(small())
    data["parts"][0]["pools"][0]["draw"] = 3
    data["parts"][0]["pools"][0]["questions"][1]["options"][0]["correct"] = False
    again, problems = read(data, "65", "39")
    assert problems == []
    codes = {p.code for p in validate_paper(again)}
    assert {"pool-too-small", "total-mismatch", "single-correct-count"} <= codes
    assert {"pool-too-small", "total-mismatch"} <= codes & BLOCKING_CODES


def test_every_json_code_has_a_message():
    assert JSON_CODES <= set(MESSAGES)
