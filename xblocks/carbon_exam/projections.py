"""What a learner's browser may see: the paper without keys, and the review after submitting.

``public_question`` and ``public_paper`` build dicts by listing the allowed fields (never by
removing secret ones), so correct flags, reference answers, rubrics, explanations and sources
cannot leak. ``review_view`` adds, after submission, only what the author's
:class:`ReviewOptions` allow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from .draw import DrawnPaper
from .paper import Paper, Question
from .scoring import AttemptResult


@dataclass(frozen=True)
class ReviewOptions:
    """What the learner sees in a review; ``score`` covers the total and pass/fail."""

    score: bool = True
    part_scores: bool = True
    correctness: bool = False
    correct_answers: bool = False
    explanations: bool = False
    staff_comments: bool = True

    @property
    def shows_questions(self) -> bool:
        """Whether the review lists the questions (comments alone come as a short list of their own)."""
        return self.correctness or self.correct_answers or self.explanations

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict | None) -> ReviewOptions:
        """From a dict of booleans; unknown keys or non-boolean values are a ValueError."""
        data = data or {}
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown review options: {', '.join(sorted(unknown))}")
        if not all(isinstance(value, bool) for value in data.values()):
            raise ValueError("review options must be true or false")
        return cls(**data)


REVIEW_AFTER_SUBMIT = ReviewOptions()
REVIEW_AFTER_CLOSE = ReviewOptions(correctness=True, correct_answers=True)
REVIEW_PRACTICE = ReviewOptions(correctness=True, correct_answers=True, explanations=True, staff_comments=True)


def public_question(question: Question, option_order: list[str]) -> dict:
    """The question as a learner sees it: id, stem and options (id, text) in ``option_order``.

    Options missing from ``option_order`` (added after the draw) follow in paper order.
    """
    by_id = {option.id: option for option in question.options}
    order = [option_id for option_id in option_order if option_id in by_id]
    order += [option.id for option in question.options if option.id not in order]
    return {
        "id": question.id,
        "stem": question.stem,
        "options": [{"id": option_id, "text": by_id[option_id].text} for option_id in order],
    }


def public_paper(paper: Paper, drawn: DrawnPaper) -> dict:
    """The learner's drawn paper: parts with numbered questions, their type and points."""
    index = {question.id: (pool, question) for _, pool, question in paper.questions()}
    titles = {part.id: part.title for part in paper.parts}
    parts, number = [], 0
    for drawn_part in drawn.parts:
        questions = []
        for drawn_question in drawn_part.questions:
            if drawn_question.id not in index:
                continue
            pool, question = index[drawn_question.id]
            number += 1
            questions.append({**public_question(question, drawn_question.options), "number": number,
                              "type": pool.type, "points": float(pool.points)})
        parts.append({"id": drawn_part.id, "title": titles.get(drawn_part.id, ""), "questions": questions})
    return {"parts": parts, "total_points": float(paper.total_points), "question_count": number}


def review_view(paper: Paper, drawn: DrawnPaper, result: AttemptResult, options: ReviewOptions) -> dict:
    """The review of a scored attempt, limited to what ``options`` allow."""
    view: dict = {}
    if options.score:
        pending = [q for q in result.questions if q.status == "pending"]
        view["score"] = {"earned": float(result.earned), "possible": float(result.possible),
                         "pass_mark": float(result.pass_mark), "passed": result.passed, "pending": result.pending,
                         "pending_count": len(pending), "pending_points": float(sum(q.possible for q in pending))}
    if options.part_scores:
        view["parts"] = [part.to_json() for part in result.parts]
    if options.shows_questions:
        view["questions"] = _reviewed_questions(paper, drawn, result, options)
    elif options.staff_comments:
        comments = _comments(paper, drawn, result)
        if comments:
            view["comments"] = comments
    return view


def _comments(paper: Paper, drawn: DrawnPaper, result: AttemptResult) -> list:
    """The course team's comments on graded answers, by the question's number on the learner's paper."""
    numbers = {q["id"]: q["number"] for part in public_paper(paper, drawn)["parts"] for q in part["questions"]}
    return [{"number": numbers[q.question_id], "comment": q.comment} for q in result.questions
            if q.comment and q.status != "pending" and q.question_id in numbers]


def paper_outline(paper: Paper) -> dict:
    """What a learner is told before starting: how many questions, how many points, of which types (in
    paper order; a type's count is what its pools draw)."""
    types: dict = {}
    for _part, pool in paper.pools():
        row = types.setdefault(pool.type, {"type": pool.type, "count": 0, "points": 0.0})
        row["count"] += pool.draw
        row["points"] += float(pool.points) * pool.draw
    rows = list(types.values())
    return {"question_count": sum(row["count"] for row in rows), "total_points": float(paper.total_points),
            "types": rows}


def _reviewed_questions(paper: Paper, drawn: DrawnPaper, result: AttemptResult, options: ReviewOptions) -> list:
    public = {q["id"]: q for part in public_paper(paper, drawn)["parts"] for q in part["questions"]}
    index = {question.id: question for _, _, question in paper.questions()}
    reviewed = []
    for question_result in result.questions:
        if question_result.question_id not in public:
            continue
        item = {**public[question_result.question_id], "answer": question_result.answer}
        item.update(_review_details(index[question_result.question_id], question_result, options))
        _add_letters(item)
        reviewed.append(item)
    return reviewed


def letter(position: int) -> str:
    """The letter an option is shown with: A, B, … in the learner's (shuffled) order."""
    return chr(65 + position) if position < 26 else str(position + 1)


def _add_letters(item: dict) -> None:
    """Give each option the letter it had on the learner's page, and the chosen (and, when shown, correct)
    options by letter, so a review reads "B. text" exactly as the learner saw it."""
    letters = {}
    options = []
    for position, option in enumerate(item.get("options", [])):
        letters[option["id"]] = letter(position)
        options.append({**option, "letter": letters[option["id"]]})
    item["options"] = options
    if isinstance(item.get("answer"), list):
        item["answer_letters"] = sorted(letters[option_id] for option_id in item["answer"] if option_id in letters)
    if "correct_options" in item:
        item["correct_letters"] = sorted(letters[option_id] for option_id in item["correct_options"]
                                         if option_id in letters)


def _review_details(question: Question, question_result, options: ReviewOptions) -> dict:
    details = {}
    if options.correctness:
        details["status"] = question_result.status
        if question_result.status != "pending":
            details["earned"] = float(question_result.earned)
    if options.correct_answers:
        details["correct_options"] = question.correct_option_ids()
        if question.reference:
            details["reference"] = question.reference
    if options.explanations and question.explanation:
        details["explanation"] = question.explanation
    if options.staff_comments and question_result.comment:
        details["comment"] = question_result.comment
    return details
