"""What an import would bring in, item by item, before anything is applied.

Every importer returns an :class:`ImportPreview`: file-level ``errors`` and one
:class:`ImportItem` per source item (its line or row number, the parsed question or None, its
type and points when the source gives them, and its problems). ``check_against_pool`` adds the
problems an item would have in a given pool. Applying the items is the shell's job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from ..paper import Paper, Pool, Question, validate_question
from ..problems import Problem, problem

MAX_ITEMS = 2000


@dataclass
class BankEntry:
    """A question with the type and points of the pool it belongs to (what exporters write)."""

    type: str
    question: Question
    points: Decimal | None = None


@dataclass
class ImportItem:
    """One source item: where it starts, what it parsed to, and what is wrong with it."""

    line: int
    question: Question | None
    type: str | None = None
    points: Decimal | None = None
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.question is not None and not self.errors

    def error(self, code: str, **params) -> None:
        """Record a problem found at this item's line."""
        self.errors.append(problem(code, {"line": self.line}, **params))

    def to_json(self) -> dict:
        question = self.question
        return {
            "line": self.line,
            "ok": self.ok,
            "id": question.id if question else None,
            "type": self.type,
            "points": float(self.points) if self.points is not None else None,
            "stem": question.stem if question else None,
            "errors": [error.to_dict() for error in self.errors],
        }


@dataclass
class ImportPreview:
    """The outcome of reading one file in one format."""

    format: str
    items: list[ImportItem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # what was read but not used; never blocks

    @property
    def ok(self) -> bool:
        return not self.errors and all(item.ok for item in self.items)

    def refuse_if_empty(self) -> ImportPreview:
        """This preview, with the ``import-empty`` error when the file held no item."""
        if not self.items:
            self.errors.append(problem("import-empty"))
        return self

    def entries(self) -> list[BankEntry]:
        """The items without problems, as bank entries."""
        return [BankEntry(item.type or "", item.question, item.points) for item in self.items if item.ok]

    def to_json(self) -> dict:
        return {
            "format": self.format,
            "ok": self.ok,
            "errors": [error.to_dict() for error in self.errors],
            "notices": [notice.to_dict() for notice in self.notices],
            "items": [item.to_json() for item in self.items],
        }


def write_text_blocks(entries: list[BankEntry], format_name: str, writable, write) -> tuple[str, list[Problem]]:
    """A text export: ``write(entry)`` of each ``writable(entry)``, blank-line separated, and an
    ``export-unsupported-type`` problem for each other entry."""
    blocks, problems = [], []
    for entry in entries:
        if not writable(entry):
            problems.append(problem("export-unsupported-type", {"question": entry.question.id},
                                    format=format_name, kind=entry.type))
            continue
        blocks.append(write(entry))
    return "\n\n".join(blocks) + ("\n" if blocks else ""), problems


def question_id_for(stem: str) -> str:
    """A stable id for a question whose source gives none (the same stem gives the same id)."""
    return "q-" + hashlib.sha256(stem.strip().encode("utf-8")).hexdigest()[:10]


def option_ids(count: int) -> list[str]:
    """Option ids by position: A, B, C ... Z, then O27, O28 ..."""
    return [chr(ord("A") + n) if n < 26 else f"O{n + 1}" for n in range(count)]


def check_item(item: ImportItem) -> None:
    """Add the problems the question has on its own (its type's rules, its rubric).

    Skipped when the item already has format problems: those are fixed first, without the
    same mistake being reported twice.
    """
    if item.question is None or item.errors or item.type not in ("single", "multiple", "short"):
        return
    rubric_total = sum((point.points for point in item.question.rubric), Decimal(0))
    points = item.points if item.points is not None else rubric_total
    pool = Pool(id="", type=item.type, draw=1, points=points)
    for found in _question_problems(pool, item.question):
        found.line = item.line
        item.errors.append(found)


def _question_problems(pool: Pool, question: Question) -> list[Problem]:
    """The pool rules for one question; a missing rubric is left to paper validation (essays from
    Moodle have none, and the author adds it in Studio)."""
    found = validate_question(pool, question)
    return [p for p in found if question.rubric or p.code != "rubric-total"]


def check_against_pool(preview: ImportPreview, pool: Pool, paper: Paper | None = None) -> None:
    """Add to each item the problems it would have in ``pool``: type, points, ids, pool rules."""
    taken = {question.id for _, _, question in paper.questions()} if paper else {q.id for q in pool.questions}
    seen: set[str] = set()
    for item in preview.items:
        if item.question is None:
            continue
        format_errors = bool(item.errors)  # fixed first: the pool rules would report the same mistake again
        if item.type and item.type != pool.type:
            item.error("item-type-mismatch", found=item.type, expected=pool.type)
        if item.points is not None and item.points != pool.points:
            item.error("item-points-mismatch", found=item.points, expected=pool.points)
        if item.question.id in taken or item.question.id in seen:
            item.error("item-duplicate-id", id=item.question.id)
        seen.add(item.question.id)
        if item.type == pool.type and not format_errors:
            known = {error.code for error in item.errors}
            for found in _question_problems(pool, item.question):
                if found.code not in known:
                    found.line = item.line
                    item.errors.append(found)
