"""Scoring rules of issue 3: single, multiple (strict/partial/half), short answers, totals."""

from decimal import Decimal
from fractions import Fraction

import pytest

from carbon_exam.draw import draw_paper
from carbon_exam.scoring import (
    StaffGrade,
    check_staff_grade,
    choice_credit,
    normalize_text,
    provisional_points,
    round_points,
    rubric_hits,
    score_attempt,
    score_question,
)

from .builders import choice, one_pool_paper, paper, part, pool, short

D = Decimal


# Single choice -----------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, earned, status", [
    (["B"], "2.00", "correct"),
    ("B", "2.00", "correct"),
    (["A"], "0.00", "wrong"),
    (["A", "B"], "0.00", "wrong"),
    (["B", "B"], "2.00", "correct"),
    ([], "0.00", "unanswered"),
    (None, "0.00", "unanswered"),
    (["Z"], "0.00", "wrong"),
])
def test_single_choice_is_all_or_nothing(answer, earned, status):
    result = score_question(pool("p", "single", [choice("q")], points="2"), choice("q"), answer)
    assert (result["earned"], result["status"]) == (D(earned), status)


# Multiple choice ---------------------------------------------------------------------------------

MULTI = choice("m", correct="ABC", options="ABCDE")


@pytest.mark.parametrize("mode, picks, credit", [
    ("strict", "ABC", 1), ("strict", "AB", 0), ("strict", "A", 0), ("strict", "ABCD", 0),
    ("partial", "ABC", 1), ("partial", "AB", Fraction(2, 3)), ("partial", "A", Fraction(1, 3)), ("partial", "ABD", 0),
    ("partial", "ABCD", 0), ("partial", "CBA", 1),
    ("half", "ABC", 1), ("half", "AB", Fraction(1, 2)), ("half", "A", Fraction(1, 2)), ("half", "AD", 0),
    ("half", "ABCDE", 0),
    ("strict", "", 0), ("partial", "", 0), ("half", "", 0),
])
def test_multiple_choice_credit_by_mode(mode, picks, credit):
    assert choice_credit(MULTI, "multiple", list(picks), mode) == credit


def test_any_wrong_pick_scores_zero_in_every_mode():
    for mode in ("strict", "partial", "half"):
        outcome = score_question(pool("p", "multiple", [MULTI], points="3", scoring=mode), MULTI, ["A", "B", "C", "E"])
        assert (outcome["earned"], outcome["status"]) == (D("0.00"), "wrong")


def test_partial_rounds_to_two_decimals_half_up():
    mpool = pool("p", "multiple", [MULTI], points="2", scoring="partial")
    assert score_question(mpool, MULTI, ["A", "B"])["earned"] == D("1.33")
    assert score_question(mpool, MULTI, ["A"])["earned"] == D("0.67")
    assert score_question(mpool, MULTI, ["A"])["status"] == "partial"


def test_half_gives_half_points_and_partial_status():
    hpool = pool("p", "multiple", [MULTI], points="3", scoring="half")
    assert score_question(hpool, MULTI, ["C"]) == {"earned": D("1.50"), "status": "partial", "answer": ["C"]}
    assert score_question(hpool, MULTI, ["C", "B", "A"])["status"] == "correct"


def test_unknown_scoring_mode_is_refused():
    with pytest.raises(ValueError):
        choice_credit(MULTI, "multiple", ["A"], "generous")


def test_rounding_helper():
    assert round_points(D("0.005")) == D("0.01")
    assert round_points(D("2.675")) == D("2.68")
    assert round_points(3) == D("3.00")


# Short answers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, normalized", [
    ("ＣＯ２ 排放，", "co2排放"),
    ("Scope  2", "scope2"),
    ("“活动数据”（活动水平）。", "活动数据活动水平"),
    ("44/12", "4412"),
    ("A\u3000B\tC\nD", "abcd"),
    ("《条例》——第五条；", "条例第五条"),
    ("CO₂", "co2"),
    ("", ""),
])
def test_normalize_text(raw, normalized):
    assert normalize_text(raw) == normalized


def test_rubric_hits_report_which_keyword_matched():
    question = short("q")
    hits = rubric_hits(question, "排放量等于 活动水平 乘以 排 放 因 子")
    assert [(h.number, h.matched, h.keyword) for h in hits] == [(1, True, "活动水平"), (2, True, "排放因子")]
    assert provisional_points(question, "排放量等于活动水平乘以排放因子") == D(5)


def test_rubric_hits_ignore_width_case_and_punctuation():
    question = short("q", rubric=((1, ("CO2",)), (1, ("Scope 2",))))
    hits = rubric_hits(question, "ｃｏ２排放属于ＳＣＯＰＥ－２？")
    assert [h.matched for h in hits] == [True, True]
    assert [h.matched for h in rubric_hits(question, "二氧化碳")] == [False, False]


def test_keyword_with_only_punctuation_never_matches():
    question = short("q", rubric=((1, ("，",)),))
    assert rubric_hits(question, "任何文字")[0].matched is False


def test_machine_graded_short_answer_is_final():
    question = short("q")
    spool = pool("p", "short", [question], points="5", grading="machine")
    assert score_question(spool, question, "活动数据")["earned"] == D("2.00")
    assert score_question(spool, question, "活动数据")["status"] == "partial"
    assert score_question(spool, question, "活动数据和排放因子")["status"] == "correct"
    assert score_question(spool, question, "不知道")["status"] == "wrong"


def test_staff_graded_short_answer_is_pending_until_graded():
    question = short("q")
    spool = pool("p", "short", [question], points="5", grading="staff")
    pending = score_question(spool, question, "活动数据")
    assert (pending["status"], pending["earned"], pending["provisional"]) == ("pending", D("0.00"), D("2.00"))
    graded = score_question(spool, question, "活动数据", StaffGrade([D(2), D("1.5")], "good"))
    assert (graded["status"], graded["earned"], graded["comment"]) == ("graded", D("3.50"), "good")


def test_staff_grade_overrides_machine_score_and_is_clamped():
    question = short("q")
    spool = pool("p", "short", [question], points="5", grading="machine")
    assert score_question(spool, question, "x", StaffGrade([D(2), D(3)]))["earned"] == D("5.00")
    assert score_question(spool, question, "x", StaffGrade([D(9), D(9)]))["earned"] == D("5.00")


def test_empty_short_answer_is_unanswered_not_pending():
    question = short("q")
    spool = pool("p", "short", [question], points="5")
    assert score_question(spool, question, "   ")["status"] == "unanswered"
    assert score_question(spool, question, None)["status"] == "unanswered"
    assert score_question(spool, question, ["A"])["status"] == "unanswered"


def test_check_staff_grade():
    question = short("q")
    assert check_staff_grade(question, StaffGrade([D(2), D(3)])) == []
    assert [p.code for p in check_staff_grade(question, StaffGrade([D(2)]))] == ["grade-count"]
    problems = check_staff_grade(question, StaffGrade([D(-1), D("3.5")]))
    assert [(p.code, p.params["number"]) for p in problems] == [("grade-range", 1), ("grade-range", 2)]


def test_staff_grade_json_round_trip_and_refusals():
    grade = StaffGrade.from_json({"points": [2, "1.5"], "comment": "ok"})
    assert grade == StaffGrade([D(2), D("1.5")], "ok")
    assert StaffGrade.from_json(grade.to_json()) == grade
    for bad in ({"points": 3}, {"points": ["x"]}, {"points": [True]}, {"points": ["NaN"]}, {"points": [], "comment": 5},
                None):
        with pytest.raises(ValueError):
            StaffGrade.from_json(bad)


# Whole attempts ----------------------------------------------------------------------------------

def _exam():
    single = pool("s", "single", [choice("s1"), choice("s2")], points="20")
    multi = pool("m", "multiple", [choice("m1", correct="AB")], points="20", scoring="half")
    essay = pool("e", "short", [short("e1", rubric=((20, ("活动数据",)), (20, ("排放因子",))))], points="40")
    return paper(part("theory", single, multi, title="基础理论"), part("pro", essay, title="专业课程"), pass_mark="60")


def test_score_attempt_totals_parts_and_pending():
    exam = _exam()
    drawn = draw_paper(exam, "seed")
    answers = {"s1": ["B"], "s2": ["C"], "m1": ["A"], "e1": "活动数据与排放因子"}
    result = score_attempt(exam, drawn, answers)
    assert [(p.part_id, p.earned, p.possible, p.pending) for p in result.parts] == [
        ("theory", D("30.00"), D("60.00"), False), ("pro", D("0.00"), D("40.00"), True)]
    assert (result.earned, result.possible, result.pending, result.passed) == (D("30.00"), D("100.00"), True, None)
    assert result.provisional_total == D("70.00")
    assert result.question("e1").status == "pending"


def test_score_attempt_passes_once_graded():
    exam = _exam()
    drawn = draw_paper(exam, "seed")
    answers = {"s1": ["B"], "s2": ["C"], "m1": ["A"], "e1": "活动数据"}
    passed = score_attempt(exam, drawn, answers, {"e1": StaffGrade([D(20), D(10)])})
    assert (passed.earned, passed.pending, passed.passed) == (D("60.00"), False, True)
    failed = score_attempt(exam, drawn, answers, {"e1": StaffGrade([D(20), D("9.99")])})
    assert (failed.earned, failed.passed) == (D("59.99"), False)


def test_score_attempt_counts_only_drawn_questions_and_marks_missing_ones():
    exam = _exam()
    drawn = draw_paper(exam, "x")
    exam.parts[0].pools[0].questions.pop()  # a question deleted after the learner drew it
    result = score_attempt(exam, drawn, {"s1": ["B"], "s2": ["B"], "ghost": ["A"]})
    assert result.question("s2").status == "missing"
    assert result.question("ghost") is None
    assert result.possible == D("80.00")


def test_unanswered_attempt_scores_zero_and_fails():
    exam = _exam()
    result = score_attempt(exam, draw_paper(exam, 1), {})
    assert {q.status for q in result.questions} == {"unanswered"}
    assert (result.earned, result.passed) == (D("0.00"), False)


def test_attempt_result_json_is_plain():
    import json

    exam = _exam()
    result = score_attempt(exam, draw_paper(exam, 1), {"e1": "活动数据"})
    data = json.loads(json.dumps(result.to_json()))
    assert data["pending"] is True and data["passed"] is None
    e1 = next(q for q in data["questions"] if q["question"] == "e1")
    assert e1["provisional"] == 20.0 and e1["hits"][0]["keyword"] == "活动数据"


def test_pass_mark_is_inclusive():
    spool = pool("s", "single", [choice("a"), choice("b")], points="30")
    exam = one_pool_paper(spool, pass_mark="30")
    drawn = draw_paper(exam, 3)
    assert score_attempt(exam, drawn, {"a": ["B"], "b": ["A"]}).passed is True
    assert score_attempt(exam, drawn, {"a": ["A"], "b": ["A"]}).passed is False
