"""Drawing a learner's paper: which questions, in which order, with options in which order.

A draw is a pure function of the paper and a seed. Each pool and each question gets its own
random stream derived from the seed and its id, so editing one pool does not reshuffle the
others. Questions stay grouped by pool (all single-choice questions of a part, then the
multiple-choice ones...); ``shuffle_questions`` shuffles their order inside the pool, and
without it the drawn questions keep the pool's order. Store the :class:`DrawnPaper` (its JSON)
with the attempt: reloads then show the same paper even if the bank is edited later.

Exclusion groups (``Question.exclude``) keep questions that give each other away off the same
paper: pools are drawn least slack first (``Paper.exclusion_draw_order``: two short answers of
twelve before twenty single-choice of seventy), and a pool holding grouped questions walks a seeded
permutation of its questions, skipping any question whose group already has a drawn member.
Pools without grouped questions draw exactly as before. ``validate_paper`` refuses groups that
could leave a pool short (``exclusion-starves-pool``), so the walk never runs out.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass, field

from .paper import Paper, Pool


class PaperNotDrawable(ValueError):
    """A pool holds fewer questions than it must draw (validate the paper first)."""


@dataclass
class DrawnQuestion:
    """One drawn question: its id, its pool and its options' ids in display order."""

    id: str
    pool: str
    options: list[str] = field(default_factory=list)


@dataclass
class DrawnPart:
    """The drawn questions of one part, in display order."""

    id: str
    questions: list[DrawnQuestion] = field(default_factory=list)


@dataclass
class DrawnPaper:
    """A learner's paper; ``to_json``/``from_json`` convert it to and from plain JSON data."""

    seed: str
    parts: list[DrawnPart] = field(default_factory=list)

    def questions(self):
        """Yield ``(part_id, drawn_question)`` in display order."""
        for part in self.parts:
            for question in part.questions:
                yield part.id, question

    def question_ids(self) -> list[str]:
        """Every drawn question id, in display order."""
        return [question.id for _, question in self.questions()]

    def get(self, question_id: str) -> DrawnQuestion | None:
        """The drawn question with this id, or None."""
        return next((question for _, question in self.questions() if question.id == question_id), None)

    def to_json(self) -> dict:
        """JSON-ready data (a dict of strings and lists)."""
        return {
            "seed": self.seed,
            "parts": [
                {"id": part.id, "questions": [{"id": q.id, "pool": q.pool, "options": list(q.options)} for q in part.questions]}
                for part in self.parts
            ],
        }

    @classmethod
    def from_json(cls, data: dict | str) -> DrawnPaper:
        """Rebuild from :meth:`to_json` data (a dict or its JSON text); bad data is a ValueError."""
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        try:
            return cls(seed=_text(data["seed"]), parts=[_part_from_json(part) for part in _list(data["parts"])])
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a drawn paper: {error}") from None


def new_seed() -> str:
    """A fresh, unpredictable seed for a new attempt."""
    return secrets.token_hex(16)


def draw_paper(paper: Paper, seed: str | int, shuffle_questions: bool = True, shuffle_options: bool = True,
               track: str | None = None) -> DrawnPaper:
    """Draw ``paper`` for ``seed``: the same seed always gives the same paper.

    With ``track`` (the exam's ``professional_draw`` is ``own_track`` and the learner chose a track),
    pools of tracked questions draw only that track's questions (:meth:`Paper.for_track`); check
    :func:`paper.own_track_problems` first. Without it every track's questions are pooled.
    """
    if track:
        paper = paper.for_track(track)
    seed = str(seed)
    partners = paper.excluded_by()
    excluded: set[str] = set()
    chosen = {id(pool): _draw_pool(pool, seed, shuffle_questions, partners, excluded)
              for _, pool in paper.exclusion_draw_order()}
    parts = []
    for part in paper.parts:
        drawn = []
        for pool in part.pools:
            for question in chosen[id(pool)]:
                options = [option.id for option in question.options]
                if shuffle_options:
                    _stream(seed, "options", question.id).shuffle(options)
                drawn.append(DrawnQuestion(id=question.id, pool=pool.id, options=options))
        parts.append(DrawnPart(id=part.id, questions=drawn))
    return DrawnPaper(seed=seed, parts=parts)


def _draw_pool(pool: Pool, seed: str, shuffle: bool, partners: dict | None = None, excluded: set | None = None) -> list:
    partners = partners or {}
    excluded = set() if excluded is None else excluded
    if pool.draw > len(pool.questions):
        raise PaperNotDrawable(f"pool {pool.id!r} draws {pool.draw} questions but holds {len(pool.questions)}")
    stream = _stream(seed, "pool", pool.id)
    wanted = max(pool.draw, 0)
    if not any(question.id in partners for question in pool.questions):
        chosen = sorted(stream.sample(range(len(pool.questions)), wanted))
    else:
        chosen = []
        for index in stream.sample(range(len(pool.questions)), len(pool.questions)):
            question = pool.questions[index]
            if len(chosen) == wanted:
                break
            if question.id in excluded:
                continue
            chosen.append(index)
            excluded.update(partners.get(question.id, ()))
        if len(chosen) < wanted:
            raise PaperNotDrawable(f"pool {pool.id!r}: exclusion groups leave fewer than {wanted} questions")
        chosen.sort()
    if shuffle:
        stream.shuffle(chosen)
    return [pool.questions[index] for index in chosen]


def _stream(seed: str, kind: str, name: str) -> random.Random:
    # Not for secrets: the seed itself is secret; a str seed is hashed (SHA-512) by random.
    return random.Random(f"{seed}\x1f{kind}\x1f{name}")


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _list(value) -> list:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _part_from_json(data: dict) -> DrawnPart:
    questions = [
        DrawnQuestion(id=_text(q["id"]), pool=_text(q["pool"]), options=[_text(option) for option in _list(q["options"])])
        for q in _list(data["questions"])
    ]
    return DrawnPart(id=_text(data["id"]), questions=questions)
