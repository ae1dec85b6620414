"""The paper as JSON for the Studio question editor, and back.

``paper_to_json`` gives the structure the editor works on (parts -> pools -> questions, points as
plain-number strings so nothing is lost to floating point). ``paper_from_json`` reads it back,
checking the shape and every number; what it cannot read is reported as :class:`Problem`\\ s
(codes ``json-*``), never raised, so the server can refuse the save with a message naming the
part, pool or question. Validation of the paper itself stays in :func:`paper.validate_paper`.

Fields that do not apply to a pool's type are dropped on reading (options of a short answer,
the rubric and reference of a choice question), as the editor does not show them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .paper import (
    DEFAULT_GRADING,
    DEFAULT_SCORING,
    Option,
    Paper,
    Part,
    Pool,
    Question,
    RubricPoint,
    has_invalid_xml_characters,
)
from .problems import Problem, plain_number, problem

MAX_TEXT = 20000
MAX_ITEMS = 5000

# Problems found while reading the editor's JSON: the paper cannot be saved until they are fixed.
JSON_CODES = frozenset({"json-malformed", "json-bad-number", "json-bad-integer", "json-bad-text",
                        "json-invalid-character", "json-missing-option-id"})


def paper_to_json(paper: Paper) -> dict:
    """The editor's form of ``paper``."""
    return {"total_points": plain_number(paper.total_points), "pass_mark": plain_number(paper.pass_mark),
            "parts": [_part_json(part) for part in paper.parts]}


def _part_json(part: Part) -> dict:
    return {"id": part.id, "title": part.title, "pools": [_pool_json(pool) for pool in part.pools]}


def _pool_json(pool: Pool) -> dict:
    return {"id": pool.id, "type": pool.type, "draw": pool.draw, "points": plain_number(pool.points),
            "scoring": pool.scoring, "grading": pool.grading,
            "questions": [_question_json(question) for question in pool.questions]}


def _question_json(question: Question) -> dict:
    return {
        "id": question.id, "stem": question.stem,
        "options": [{"id": o.id, "text": o.text, "correct": o.correct} for o in question.options],
        "reference": question.reference,
        "rubric": [{"points": plain_number(p.points), "label": p.label, "keywords": list(p.keywords)}
                   for p in question.rubric],
        "explanation": question.explanation, "source": question.source,
        "exclude": list(question.exclude), "as_of": question.as_of, "track": question.track,
    }


class _Reader:
    """Reads the JSON, collecting problems instead of raising."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.count = 0

    def fail(self, code, where=None, **params):
        self.problems.append(problem(code, where, **params))

    def items(self, data, key, where, kind) -> list:
        value = data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail("json-malformed", where, detail=f"{kind}: {key}")
            return []
        self.count += len(value)
        if self.count > MAX_ITEMS:
            self.fail("json-malformed", where, detail=f"more than {MAX_ITEMS} items")
            return []
        return value

    def text(self, data, key, where, kind, owner, strip=True) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            self.fail("json-bad-text", where, field=key, kind=kind, id=owner, limit=MAX_TEXT)
            return ""
        if has_invalid_xml_characters(value):
            self.fail("json-invalid-character", where, field=key, kind=kind, id=owner)
            return ""
        return value.strip() if strip else value

    def number(self, data, key, where, kind, owner) -> Decimal:
        value = data.get(key)
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise InvalidOperation
            number = Decimal(str(value).strip())
            if not number.is_finite():
                raise InvalidOperation
            return number
        except (InvalidOperation, ValueError):
            self.fail("json-bad-number", where, field=key, kind=kind, id=owner, value=_shown(value))
            return Decimal(0)

    def integer(self, data, key, where, kind, owner) -> int:
        value = data.get(key)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        self.fail("json-bad-integer", where, field=key, kind=kind, id=owner, value=_shown(value))
        return 0


def _shown(value) -> str:
    return "" if value is None else str(value)[:40]


def paper_from_json(data, total_points: Decimal, pass_mark: Decimal) -> tuple[Paper | None, list[Problem]]:
    """``(paper, problems)`` read from the editor's JSON; the paper is None when a problem was found."""
    reader = _Reader()
    if not isinstance(data, dict):
        reader.fail("json-malformed", detail="paper")
        return None, reader.problems
    paper = Paper(total_points=total_points, pass_mark=pass_mark)
    for part_data in reader.items(data, "parts", {}, "paper"):
        part_id = reader.text(part_data, "id", {}, "part", "")
        part = Part(id=part_id, title=reader.text(part_data, "title", {"part": part_id}, "part", part_id))
        for pool_data in reader.items(part_data, "pools", {"part": part_id}, "part"):
            part.pools.append(_read_pool(reader, part_id, pool_data))
        paper.parts.append(part)
    if reader.problems:
        return None, reader.problems
    return paper, []


def _read_groups(reader: _Reader, data: dict, where: dict, question_id: str) -> list[str]:
    """Exclusion groups: a list of ids, or one text of ids separated by spaces or commas (the editor's field)."""
    value = data.get("exclude", [])
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").replace("，", " ").split()
    if not isinstance(value, list) or not all(isinstance(group, str) for group in value):
        reader.fail("json-malformed", where, detail=f"question {question_id}: exclude")
        return []
    groups = []
    for group in value:
        groups += reader.text({"exclude": group}, "exclude", where, "question", question_id).split()
    return groups


def _read_pool(reader: _Reader, part_id: str, data: dict) -> Pool:
    pool_id = reader.text(data, "id", {"part": part_id}, "pool", "")
    where = {"part": part_id, "pool": pool_id}
    pool = Pool(id=pool_id, type=reader.text(data, "type", where, "pool", pool_id),
                draw=reader.integer(data, "draw", where, "pool", pool_id),
                points=reader.number(data, "points", where, "pool", pool_id),
                scoring=reader.text(data, "scoring", where, "pool", pool_id) or DEFAULT_SCORING,
                grading=reader.text(data, "grading", where, "pool", pool_id) or DEFAULT_GRADING)
    if pool.type != "multiple":
        pool.scoring = DEFAULT_SCORING
    if pool.type != "short":
        pool.grading = DEFAULT_GRADING
    for question_data in reader.items(data, "questions", where, "pool"):
        pool.questions.append(_read_question(reader, pool, {**where}, question_data))
    return pool


def _read_question(reader: _Reader, pool: Pool, where: dict, data: dict) -> Question:
    question_id = reader.text(data, "id", where, "question", "")
    where = {**where, "question": question_id}
    read = lambda key: reader.text(data, key, where, "question", question_id)  # noqa: E731
    question = Question(id=question_id, stem=read("stem"), explanation=read("explanation"), source=read("source"),
                        exclude=_read_groups(reader, data, where, question_id), as_of=read("as_of"),
                        track=read("track"))
    if pool.type == "short":
        question.reference = read("reference")
        for point in reader.items(data, "rubric", where, "question"):
            keywords = point.get("keywords", [])
            if isinstance(keywords, str):
                keywords = [keywords]
            if not isinstance(keywords, list):
                reader.fail("json-malformed", where, detail=f"question {question_id}: keywords")
                keywords = []
            question.rubric.append(RubricPoint(
                points=reader.number(point, "points", where, "rubric point of question", question_id),
                label=reader.text(point, "label", where, "rubric point of question", question_id),
                keywords=[reader.text({"keyword": k}, "keyword", where, "question", question_id)
                          for k in keywords if not (isinstance(k, str) and not k.strip())]))
    else:
        for option in reader.items(data, "options", where, "question"):
            correct = option.get("correct", False)
            if not isinstance(correct, bool):
                reader.fail("json-malformed", where, detail=f"question {question_id}: correct")
            option_id = reader.text(option, "id", where, "option of question", question_id)
            if not option_id:
                reader.fail("json-missing-option-id", where, question=question_id)
            question.options.append(Option(
                id=option_id,
                text=reader.text(option, "text", where, "option of question", question_id),
                correct=correct is True))
    return question
