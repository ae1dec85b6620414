"""One rule for "pending" (issue 12): ``awaits_staff_grade`` is what scoring marks ``pending`` and what the grading
queue shows, and ``pending_answers`` counts those answers in a stored result (the column the queue sums)."""
from decimal import Decimal

import pytest

from carbon_exam.draw import draw_paper
from carbon_exam.scoring import StaffGrade, awaits_staff_grade, pending_answers, score_attempt, score_question

from .builders import choice, paper, part, pool, short


def two_staff_one_machine():
    return paper(part("a", pool("c", "single", [choice("c1")], points="10")),
                 part("b", pool("s", "short", [short("s1"), short("s2")], points="5", grading="staff"),
                      pool("m", "short", [short("m1")], points="5", grading="machine")))


@pytest.mark.parametrize("grading", ["staff", "machine"])
@pytest.mark.parametrize("answer", ["活动数据", "  ", "", None, ["A"], 5])
@pytest.mark.parametrize("grade", [None, StaffGrade([Decimal(1), Decimal(1)])])
def test_the_rule_is_scorings_pending(grading, answer, grade):
    question = short("q")
    spool = pool("p", "short", [question], points="5", grading=grading)
    scored = score_question(spool, question, answer, grade)
    assert awaits_staff_grade(spool, answer, grade) == (scored["status"] == "pending")
    stored = None if grade is None else grade.to_json()  # the queue passes the grade as stored
    assert awaits_staff_grade(spool, answer, stored) == (scored["status"] == "pending")


def test_choice_questions_never_wait():
    question = choice("c1")
    assert awaits_staff_grade(pool("c", "single", [question]), "A", None) is False


def test_pending_answers_counts_the_stored_results_pending_questions():
    exam = two_staff_one_machine()
    drawn = draw_paper(exam, "seed", False, False)
    answers = {"c1": ["B"], "s1": "活动数据", "s2": "排放因子", "m1": "活动数据"}
    result = score_attempt(exam, drawn, answers)
    assert pending_answers("submitted", result.to_json()) == 2
    graded = score_attempt(exam, drawn, answers, {"s1": StaffGrade([Decimal(1), Decimal(2)])})
    assert pending_answers("submitted", graded.to_json()) == 1
    blank = score_attempt(exam, drawn, {**answers, "s2": " "}, {"s1": StaffGrade([Decimal(1), Decimal(2)])})
    assert pending_answers("submitted", blank.to_json()) == 0 and blank.pending is False
    # Not submitted: nothing waits (in progress: not scored yet; reset: no longer graded).
    assert pending_answers("reset", result.to_json()) == 0
    assert pending_answers("in_progress", {}) == 0
    assert pending_answers("submitted", {}) == pending_answers("submitted", None) == 0
