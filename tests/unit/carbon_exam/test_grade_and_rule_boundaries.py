"""Boundaries of staff grades, attempt rules and result rows (each test kills mutants that survived `make mutation`)."""
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from carbon_exam.draw import draw_paper
from carbon_exam.rules import accepts_saves, attempt_deadline, attempts_left, gradebook_points
from carbon_exam.scoring import StaffGrade, check_staff_grade, score_attempt

from .builders import choice, paper, part, pool, short

QUESTION = short("q1", rubric=((2, ("活动数据",)), (3, ("排放因子",))))
NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("points", [["0", "0"], ["2", "3"], ["0", "3"], ["1.5", "0.5"]])
def test_grades_from_zero_to_each_points_maximum_are_accepted(points):
    assert check_staff_grade(QUESTION, StaffGrade([D(p) for p in points])) == []


@pytest.mark.parametrize(("points", "number", "value", "maximum"), [
    (["-0.01", "0"], 1, "-0.01", "2"), (["2", "3.5"], 2, "3.5", "3"), (["2.01", "3"], 1, "2.01", "2")])
def test_a_grade_out_of_range_names_the_point_the_value_the_maximum_and_the_question(points, number, value, maximum):
    [found] = check_staff_grade(QUESTION, StaffGrade([D(p) for p in points]))
    assert (found.code, found.question, found.params) == (
        "grade-range", "q1", {"number": number, "value": value, "maximum": maximum})
    assert f"between 0 and {maximum}" in found.message


def test_a_grade_with_the_wrong_count_says_both_counts_and_the_question():
    [found] = check_staff_grade(QUESTION, StaffGrade([D(1)]))
    assert (found.code, found.question, found.params) == ("grade-count", "q1", {"count": 1, "expected": 2})


@pytest.mark.parametrize(("minutes", "deadline"), [(1, NOW + timedelta(minutes=1)), (0, None), (-5, None),
                                                    (None, None)])
def test_a_time_limit_of_one_minute_counts_and_zero_or_less_means_none(minutes, deadline):
    assert attempt_deadline(NOW, minutes, 0, None) == deadline


def test_negative_grace_is_no_grace():
    deadline = NOW
    assert accepts_saves(deadline, deadline, -30)
    assert not accepts_saves(deadline + timedelta(milliseconds=500), deadline, -30)
    assert accepts_saves(deadline + timedelta(seconds=30), deadline, 30)


def test_one_attempt_allowed_is_a_limit_not_unlimited():
    assert attempts_left(0, 1) == 1 and attempts_left(1, 1) == 0 and attempts_left(5, 0) is None


def test_gradebook_totals_round_half_up_and_the_pass_mark_rounds_up():
    assert gradebook_points(D("1"), D("1"), D("2.5"), D("1")) == (3, 3)  # half up, not to even
    # A pass mark of 59.2 is 60 whole points: 59.1 stays below it, 59.3 reaches it.
    assert gradebook_points(D("59.1"), D("100"), D("100"), D("59.2")) == (59, 100)
    assert gradebook_points(D("59.3"), D("100"), D("100"), D("59.2")) == (60, 100)


def test_result_rows_carry_their_part_title_pool_and_type_and_a_missing_question_is_marked():
    exam = paper(part("theory", pool("singles", "single", [choice("s1")], points="2"), title="基础理论"),
                 part("pro", pool("essays", "short", [short("e1")], points="5"), title="专业课程"))
    drawn = draw_paper(exam, "seed", shuffle_questions=False, shuffle_options=False)
    result = score_attempt(exam, drawn, {"s1": ["B"]})
    rows = {row.question_id: row for row in result.questions}
    assert (rows["s1"].part_id, rows["s1"].pool_id, rows["s1"].type) == ("theory", "singles", "single")
    assert (rows["e1"].part_id, rows["e1"].pool_id, rows["e1"].type) == ("pro", "essays", "short")
    assert [(p.part_id, p.title) for p in result.parts] == [("theory", "基础理论"), ("pro", "专业课程")]
    exam.parts[1].pools[0].questions.clear()  # the question was removed after the draw
    missing = {row.question_id: row for row in score_attempt(exam, drawn, {}).questions}["e1"]
    assert (missing.part_id, missing.pool_id, missing.type, missing.status) == ("pro", "essays", "", "missing")
