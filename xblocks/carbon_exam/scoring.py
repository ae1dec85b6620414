"""Scoring an attempt: choice questions by rule, short answers by rubric and staff grades.

Rules (issue 3):

* single choice: full points for the correct option alone, otherwise 0;
* multiple choice: any wrong pick scores 0 in every mode; otherwise ``strict`` gives full points
  only for exactly the correct set, ``partial`` gives points x correct picked / correct total,
  ``half`` gives half the points when at least one but not all correct options are picked;
* short answer: the rubric gives provisional points from keyword hits (see
  :mod:`carbon_exam.normalize`); in a ``machine`` pool they are final, in a ``staff`` pool the
  question is ``pending`` until staff grade it. A staff grade always wins, in either pool.
  An empty short answer scores 0 and needs no grading.

Rounding: each question's points are computed exactly (fractions), then rounded to 2 decimals,
half up (2 x 2/3 = 1.33). Part and paper totals are sums of the rounded question points, so
what the learner sees always adds up. ``passed`` compares the total with the pass mark and is
None while anything is pending. A drawn question that is no longer in the paper is ``missing``
and counts 0 of 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .draw import DrawnPaper
from .normalize import normalize_text
from .paper import Paper, Pool, Question
from .problems import Problem, plain_number, problem

__all__ = [
    "AttemptResult", "PartResult", "QuestionResult", "RubricHit", "StaffGrade", "awaits_staff_grade",
    "check_staff_grade", "choice_credit", "normalize_text", "pending_answers", "provisional_points", "round_points",
    "rubric_hits", "score_attempt", "score_question",
]

STATUSES = ("correct", "partial", "wrong", "unanswered", "pending", "graded", "missing")
_CENT = Decimal("0.01")


def round_points(value: Fraction | Decimal | int) -> Decimal:
    """Points rounded to 2 decimals, half up."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


# Choice questions --------------------------------------------------------------------------------

def picked_options(answer) -> list[str]:
    """The option ids of a choice answer (a list of ids, or one id), duplicates dropped."""
    if isinstance(answer, str):
        picks = [answer] if answer else []
    elif isinstance(answer, (list, tuple)):
        picks = [pick for pick in answer if isinstance(pick, str) and pick]
    else:
        picks = []
    return list(dict.fromkeys(picks))


def is_answered(answer) -> bool:
    """Whether a stored answer says anything: a short answer's non-blank text, or at least one picked option."""
    if isinstance(answer, str):
        return bool(answer.strip())
    return bool(picked_options(answer))


def choice_credit(question: Question, pool_type: str, picks: list[str], scoring: str = "strict") -> Fraction:
    """The share of the points (0 to 1) that ``picks`` earn on a choice question."""
    correct = set(question.correct_option_ids())
    chosen = set(picks)
    if not chosen or not correct or chosen - correct:
        return Fraction(0)
    if pool_type == "single" or scoring == "strict":
        return Fraction(1 if chosen == correct else 0)
    if scoring == "partial":
        return Fraction(len(chosen), len(correct))
    if scoring == "half":
        return Fraction(1) if chosen == correct else Fraction(1, 2)
    raise ValueError(f"unknown scoring mode {scoring!r}")


# Short answers ---------------------------------------------------------------------------------

@dataclass
class RubricHit:
    """Whether rubric point ``number`` (from 1) matched an answer, and by which keyword."""

    number: int
    label: str
    points: Decimal
    matched: bool
    keyword: str | None = None

    def to_json(self) -> dict:
        return {"number": self.number, "label": self.label, "points": float(self.points),
                "matched": self.matched, "keyword": self.keyword}


def rubric_hits(question: Question, text: str) -> list[RubricHit]:
    """For each rubric point, the first keyword alternative found in the normalised answer."""
    answer = normalize_text(text)
    hits = []
    for number, point in enumerate(question.rubric, 1):
        keyword = next((k for k in point.keywords if normalize_text(k) and normalize_text(k) in answer), None)
        hits.append(RubricHit(number, point.label, point.points, keyword is not None, keyword))
    return hits


def provisional_points(question: Question, text: str) -> Decimal:
    """The points of the rubric points an answer hits."""
    return sum((hit.points for hit in rubric_hits(question, text) if hit.matched), Decimal(0))


@dataclass
class StaffGrade:
    """A staff grade of a short answer: points per rubric point, in rubric order, and a comment."""

    points: list[Decimal]
    comment: str = ""

    @property
    def total(self) -> Decimal:
        return sum(self.points, Decimal(0))

    def to_json(self) -> dict:
        return {"points": [plain_number(p) for p in self.points], "comment": self.comment}

    @classmethod
    def from_json(cls, data: dict) -> StaffGrade:
        """From ``{"points": [2, "1.5", ...], "comment": "..."}``; bad data is a ValueError."""
        if not isinstance(data, dict) or not isinstance(data.get("points"), list):
            raise ValueError("a staff grade needs a list of points")
        comment = data.get("comment") or ""
        if not isinstance(comment, str):
            raise ValueError("a staff comment must be text")
        return cls(points=[_decimal(value) for value in data["points"]], comment=comment)


def check_staff_grade(question: Question, grade: StaffGrade) -> list[Problem]:
    """Problems with a staff grade: one value per rubric point, each between 0 and its points."""
    where = {"question": question.id}
    if len(grade.points) != len(question.rubric):
        return [problem("grade-count", where, count=len(grade.points), expected=len(question.rubric))]
    return [
        problem("grade-range", where, number=number, value=given, maximum=point.points)
        for number, (given, point) in enumerate(zip(grade.points, question.rubric, strict=True), 1)
        if not 0 <= given <= point.points
    ]


# Results ---------------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    """The outcome of one drawn question."""

    question_id: str
    part_id: str
    pool_id: str
    type: str
    earned: Decimal
    possible: Decimal
    status: str
    answer: list[str] | str | None = None
    provisional: Decimal | None = None
    hits: list[RubricHit] = field(default_factory=list)
    comment: str = ""

    def to_json(self) -> dict:
        return {
            "question": self.question_id, "part": self.part_id, "pool": self.pool_id, "type": self.type,
            "earned": float(self.earned), "possible": float(self.possible), "status": self.status,
            "answer": self.answer,
            "provisional": None if self.provisional is None else float(self.provisional),
            "hits": [hit.to_json() for hit in self.hits], "comment": self.comment,
        }


@dataclass
class PartResult:
    """Subtotal of one part."""

    part_id: str
    title: str
    earned: Decimal
    possible: Decimal
    pending: bool

    def to_json(self) -> dict:
        return {"part": self.part_id, "title": self.title, "earned": float(self.earned),
                "possible": float(self.possible), "pending": self.pending}


@dataclass
class AttemptResult:
    """Per-question results, part subtotals, the total and pass/fail (None while pending)."""

    questions: list[QuestionResult]
    parts: list[PartResult]
    earned: Decimal
    possible: Decimal
    pass_mark: Decimal
    pending: bool
    passed: bool | None

    @property
    def provisional_total(self) -> Decimal:
        """The total if every pending short answer kept its rubric score."""
        extra = sum((q.provisional or 0 for q in self.questions if q.status == "pending"), Decimal(0))
        return self.earned + extra

    def question(self, question_id: str) -> QuestionResult | None:
        return next((q for q in self.questions if q.question_id == question_id), None)

    def to_json(self) -> dict:
        return {
            "earned": float(self.earned), "possible": float(self.possible), "pass_mark": float(self.pass_mark),
            "pending": self.pending, "passed": self.passed,
            "parts": [part.to_json() for part in self.parts],
            "questions": [question.to_json() for question in self.questions],
        }


def score_question(pool: Pool, question: Question, answer, staff_grade: StaffGrade | None = None) -> dict:
    """``earned``, ``status`` and, for short answers, ``provisional``/``hits``/``comment`` of one answer."""
    if pool.type == "short":
        return _score_short(pool, question, answer if isinstance(answer, str) else "", staff_grade)
    picks = picked_options(answer)
    if not picks:
        return {"earned": round_points(0), "status": "unanswered", "answer": []}
    credit = choice_credit(question, pool.type, picks, pool.scoring)
    return {"earned": round_points(Fraction(pool.points) * credit), "status": _status(credit), "answer": picks}


def _score_short(pool: Pool, question: Question, text: str, grade: StaffGrade | None) -> dict:
    if not text.strip() and grade is None:
        return {"earned": round_points(0), "status": "unanswered", "answer": text}
    hits = rubric_hits(question, text)
    provisional = _clamp(sum((hit.points for hit in hits if hit.matched), Decimal(0)), pool.points)
    result = {"answer": text, "hits": hits, "provisional": round_points(provisional)}
    if grade is not None:
        return {**result, "earned": round_points(_clamp(grade.total, pool.points)), "status": "graded",
                "comment": grade.comment}
    if not awaits_staff_grade(pool, text, grade):  # a machine-graded pool: the rubric's points are final
        return {**result, "earned": round_points(provisional), "status": _status(_share(provisional, pool.points))}
    return {**result, "earned": round_points(0), "status": "pending"}


def awaits_staff_grade(pool: Pool, answer, grade) -> bool:
    """The one rule for "pending": a non-blank short answer in a staff-graded pool without a staff grade yet
    (``grade``: the staff grade given, as a :class:`StaffGrade` or as stored, or None)."""
    return (pool.type == "short" and pool.grading != "machine" and grade is None and isinstance(answer, str)
            and bool(answer.strip()))


def pending_answers(attempt_status: str, result: dict | None) -> int:
    """How many answers of an attempt wait for a staff grade: the questions its stored result (``to_json``) scored
    ``pending``; none unless the attempt is submitted (in progress: not yet scored; reset: no longer waited for)."""
    if attempt_status != "submitted":
        return 0
    return sum(1 for question in (result or {}).get("questions", ()) if question.get("status") == "pending")


def score_attempt(paper: Paper, drawn: DrawnPaper, answers: dict,
                  staff_grades: dict[str, StaffGrade] | None = None) -> AttemptResult:
    """Score a learner's ``answers`` ({question id: [option ids] | text}) on their drawn paper."""
    answers, staff_grades = answers or {}, staff_grades or {}
    index = {question.id: (pool, question) for _, pool, question in paper.questions()}
    titles = {part.id: part.title for part in paper.parts}
    results = []
    for part_id, drawn_question in drawn.questions():
        found = index.get(drawn_question.id)
        if found is None:
            results.append(QuestionResult(drawn_question.id, part_id, drawn_question.pool, "", Decimal("0.00"),
                                          Decimal("0.00"), "missing"))
            continue
        pool, question = found
        outcome = score_question(pool, question, answers.get(question.id), staff_grades.get(question.id))
        results.append(QuestionResult(question.id, part_id, pool.id, pool.type, possible=round_points(pool.points),
                                      **outcome))
    parts = [_part_result(part.id, titles.get(part.id, ""), results) for part in drawn.parts]
    return _attempt_result(results, parts, paper.pass_mark)


def _part_result(part_id: str, title: str, results: list[QuestionResult]) -> PartResult:
    mine = [result for result in results if result.part_id == part_id]
    return PartResult(part_id, title, sum((r.earned for r in mine), Decimal("0.00")),
                      sum((r.possible for r in mine), Decimal("0.00")), any(r.status == "pending" for r in mine))


def _attempt_result(results: list[QuestionResult], parts: list[PartResult], pass_mark: Decimal) -> AttemptResult:
    earned = sum((part.earned for part in parts), Decimal("0.00"))
    possible = sum((part.possible for part in parts), Decimal("0.00"))
    pending = any(part.pending for part in parts)
    passed = None if pending else earned >= pass_mark
    return AttemptResult(results, parts, earned, possible, Decimal(pass_mark), pending, passed)


def _status(credit: Fraction) -> str:
    if credit >= 1:
        return "correct"
    return "wrong" if credit <= 0 else "partial"


def _share(earned: Decimal, possible: Decimal) -> Fraction:
    return Fraction(earned) / Fraction(possible) if possible > 0 else Fraction(0)


def _clamp(value: Decimal, maximum: Decimal) -> Decimal:
    return max(Decimal(0), min(value, maximum))


def _decimal(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"not a number: {value!r}")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number
