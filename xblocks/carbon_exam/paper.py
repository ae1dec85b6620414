"""The exam paper: parts -> pools -> questions, and :func:`validate_paper`.

A pool holds questions of one type (``single``, ``multiple`` or ``short``) and says how many to
draw and how many points each is worth; multiple-choice pools have a scoring mode and short-answer
pools a grading mode. Points are :class:`~decimal.Decimal`. ``line`` fields remember where an
object was read from OLX; they take no part in equality.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .normalize import normalize_text
from .problems import Problem, problem

QUESTION_TYPES = ("single", "multiple", "short")
SCORING_MODES = ("strict", "partial", "half")
GRADING_MODES = ("staff", "machine")
DEFAULT_SCORING = "strict"
DEFAULT_GRADING = "staff"
DEFAULT_TOTAL_POINTS = Decimal(100)
DEFAULT_PASS_MARK = Decimal(60)

# Problems that make a paper impossible to draw or score: such a paper is refused at import and
# cannot be started. The others (a weak question, say) are shown to authors but do not block.
BLOCKING_CODES = frozenset({
    "paper-no-parts", "bad-total", "total-mismatch", "bad-pass-mark", "pass-mark-above-total", "unknown-type",
    "unknown-scoring", "unknown-grading", "bad-draw", "bad-points", "pool-too-small", "duplicate-id", "missing-id",
    "exclusion-bad-id", "exclusion-starves-pool",
})

#: How the professional part is drawn: from every track's questions pooled, or from the learner's own track.
PROFESSIONAL_DRAW = ("pooled", "own_track")
DEFAULT_PROFESSIONAL_DRAW = "pooled"

#: An exclusion group id, and an "as of" date (year and month).
GROUP_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Option:
    """A choice of a single- or multiple-choice question."""

    id: str
    text: str
    correct: bool = False
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class RubricPoint:
    """A key point of a short answer: its points, what it rewards, and keyword alternatives."""

    points: Decimal
    label: str = ""
    keywords: list[str] = field(default_factory=list)
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class Question:
    """A question; choice questions use ``options``, short answers ``reference`` and ``rubric``."""

    id: str
    stem: str
    options: list[Option] = field(default_factory=list)
    reference: str = ""
    rubric: list[RubricPoint] = field(default_factory=list)
    explanation: str = ""
    source: str = ""
    #: Exclusion groups this question belongs to: two questions sharing a group are never drawn together.
    exclude: list[str] = field(default_factory=list)
    #: When the answer was last checked against its source (``YYYY-MM``), for answers that can change.
    as_of: str = ""
    #: The skill track (a section slug such as ``management``) of a professional question, for
    #: papers drawn from the learner's own track (``PROFESSIONAL_DRAW`` ``own_track``).
    track: str = ""
    line: int | None = field(default=None, compare=False, repr=False)

    def correct_option_ids(self) -> list[str]:
        """Ids of the correct options, in paper order."""
        return [option.id for option in self.options if option.correct]

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((option for option in self.options if option.id == option_id), None)


@dataclass
class Pool:
    """Questions of one type from which ``draw`` are picked, each worth ``points``."""

    id: str
    type: str
    draw: int
    points: Decimal
    questions: list[Question] = field(default_factory=list)
    scoring: str = DEFAULT_SCORING
    grading: str = DEFAULT_GRADING
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def drawn_points(self) -> Decimal:
        """Points this pool contributes to every drawn paper."""
        return self.points * self.draw


@dataclass
class Part:
    """A titled part of the paper (《基础理论》, 《专业课程》)."""

    id: str
    title: str = ""
    pools: list[Pool] = field(default_factory=list)
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class Paper:
    """The whole paper: its parts, the total every draw must reach, and the pass mark."""

    parts: list[Part] = field(default_factory=list)
    total_points: Decimal = DEFAULT_TOTAL_POINTS
    pass_mark: Decimal = DEFAULT_PASS_MARK

    def pools(self):
        """Yield ``(part, pool)`` for every pool, in paper order."""
        for part in self.parts:
            for pool in part.pools:
                yield part, pool

    def questions(self):
        """Yield ``(part, pool, question)`` for every question, in paper order."""
        for part, pool in self.pools():
            for question in pool.questions:
                yield part, pool, question

    def exclusion_groups(self) -> dict[str, list[str]]:
        """``{group id: [question ids]}`` in paper order."""
        groups: dict[str, list[str]] = {}
        for _, _, question in self.questions():
            for group in dict.fromkeys(question.exclude):
                groups.setdefault(group, []).append(question.id)
        return groups

    def excluded_by(self) -> dict[str, set[str]]:
        """``{question id: ids of the questions it may never be drawn with}`` (only grouped questions)."""
        partners: dict[str, set[str]] = {}
        for members in self.exclusion_groups().values():
            for member in members:
                partners.setdefault(member, set()).update(other for other in members if other != member)
        return partners

    def exclusion_draw_order(self) -> list:
        """``(part, pool)`` in the order the draw resolves exclusions: least slack (questions - draw) first.

        A pool with little to spare (two short answers of twelve) is drawn before a roomy one (twenty
        single-choice of seventy), so exclusions are borne by the pools that can afford them.
        """
        pools = list(self.pools())
        order = sorted(range(len(pools)), key=lambda n: (len(pools[n][1].questions) - pools[n][1].draw, n))
        return [pools[n] for n in order]

    def tracks(self) -> list[str]:
        """The tracks questions belong to, in paper order."""
        return list(dict.fromkeys(q.track for _, _, q in self.questions() if q.track))

    def for_track(self, track: str) -> Paper:
        """The paper a learner of ``track`` draws from: every pool holding tracked questions keeps only
        that track's questions; other pools (《基础理论》) stay whole. Questions are shared, not copied."""
        parts = []
        for part in self.parts:
            pools = []
            for pool in part.pools:
                if any(q.track for q in pool.questions):
                    pool = replace(pool, questions=[q for q in pool.questions if q.track == track])
                pools.append(pool)
            parts.append(replace(part, pools=pools))
        return replace(self, parts=parts)

    def find(self, question_id: str):
        """``(part, pool, question)`` for a question id, or None."""
        return next((found for found in self.questions() if found[2].id == question_id), None)

    @property
    def drawn_points(self) -> Decimal:
        """Points of every drawn paper (the sum over pools of draw x points)."""
        return sum((pool.drawn_points for _, pool in self.pools()), Decimal(0))


def has_invalid_xml_characters(text: str) -> bool:
    """True when ``text`` holds control characters that XML 1.0 cannot store."""
    return bool(_XML_INVALID.search(text or ""))


def validate_paper(paper: Paper) -> list[Problem]:
    """Every problem that would stop the paper being drawn or scored fairly (empty when fine)."""
    problems = _paper_level_problems(paper)
    problems += _duplicate_id_problems(paper)
    problems += exclusion_problems(paper)
    for part in paper.parts:
        if not part.id.strip():
            problems.append(problem("missing-id", {"line": part.line}, kind="part"))
        for pool in part.pools:
            problems += _pool_problems(part, pool)
            for question in pool.questions:
                problems += _question_problems(part, pool, question)
    return problems


def _paper_level_problems(paper: Paper) -> list[Problem]:
    problems = []
    if not paper.parts:
        problems.append(problem("paper-no-parts"))
    if paper.total_points <= 0:
        problems.append(problem("bad-total"))
    elif paper.drawn_points != paper.total_points:
        problems.append(problem("total-mismatch", drawn=paper.drawn_points, total=paper.total_points))
    if paper.pass_mark <= 0:
        problems.append(problem("bad-pass-mark"))
    elif paper.pass_mark > paper.total_points:
        problems.append(problem("pass-mark-above-total", pass_mark=paper.pass_mark, total=paper.total_points))
    return problems


def _duplicate_id_problems(paper: Paper) -> list[Problem]:
    problems = []
    kinds = {
        "part": [part.id for part in paper.parts],
        "pool": [pool.id for _, pool in paper.pools()],
        "question": [question.id for _, _, question in paper.questions()],
    }
    for kind, ids in kinds.items():
        for duplicate, count in Counter(ids).items():
            if count > 1 and duplicate.strip():
                problems.append(problem("duplicate-id", kind=kind, id=duplicate))
    return problems


def exclusion_problems(paper: Paper) -> list[Problem]:
    """Bad group ids, groups of one question (a typo, or a partner deleted) and pools a group could starve.

    Pools are drawn in :meth:`Paper.exclusion_draw_order`. A pool is safe when, even if every group
    member in a pool drawn before it were drawn and one member of each group inside it, enough questions
    are left: ``len(pool) - sum(blocked) >= draw``, where a group blocks all its members in the pool if it
    has members in an earlier pool, else all but one. ``draw_paper`` then never runs out.
    """
    problems = []
    groups = paper.exclusion_groups()
    for part, pool, question in paper.questions():
        where = {"part": part.id, "pool": pool.id, "question": question.id, "line": question.line}
        for group in question.exclude:
            if not GROUP_ID.match(group):
                problems.append(problem("exclusion-bad-id", where, question=question.id, group=group))
        for group, count in Counter(question.exclude).items():
            if count > 1:
                problems.append(problem("exclusion-repeated", where, question=question.id, group=group))
        if question.as_of and not AS_OF.match(question.as_of):
            problems.append(problem("bad-as-of", where, question=question.id, value=question.as_of))
    for group, members in groups.items():
        if len(members) == 1 and GROUP_ID.match(group):
            found = paper.find(members[0])
            problems.append(problem("exclusion-single", {"part": found[0].id, "pool": found[1].id,
                                                         "question": members[0], "line": found[2].line},
                                    group=group, question=members[0]))
    earlier: set[str] = set()
    for part, pool in paper.exclusion_draw_order():
        ids = {question.id for question in pool.questions}
        blocked = 0
        for members in groups.values():
            inside = sum(member in ids for member in members)
            if inside and len(members) > 1:
                blocked += inside if any(member in earlier for member in members) else inside - 1
        earlier |= ids
        if blocked and 0 < pool.draw <= len(pool.questions) and len(pool.questions) - blocked < pool.draw:
            problems.append(problem("exclusion-starves-pool", {"part": part.id, "pool": pool.id, "line": pool.line},
                                    pool=pool.id, draw=pool.draw, available=max(0, len(pool.questions) - blocked)))
    return problems


def own_track_problems(paper: Paper) -> list[Problem]:
    """Why the paper cannot be drawn from each learner's own track: for every track, the blocking
    problems of :meth:`Paper.for_track` (a pool with too few of the track's questions, exclusion groups
    that could starve it), each naming the track. Empty when every track can fill every pool."""
    problems = []
    for track in paper.tracks():
        for found in validate_paper(paper.for_track(track)):
            if found.code in ("pool-too-small", "exclusion-starves-pool"):
                problems.append(problem("track-pool-too-small", {"part": found.part, "pool": found.pool},
                                        track=track, pool=found.pool, draw=found.params.get("draw"),
                                        available=found.params.get("available")))
    return problems


def _pool_problems(part: Part, pool: Pool) -> list[Problem]:
    where = {"part": part.id, "pool": pool.id, "line": pool.line}
    problems = []
    if not pool.id.strip():
        problems.append(problem("missing-id", where, kind="pool"))
    if pool.type not in QUESTION_TYPES:
        problems.append(problem("unknown-type", where, pool=pool.id, value=pool.type))
    if pool.type == "multiple" and pool.scoring not in SCORING_MODES:
        problems.append(problem("unknown-scoring", where, pool=pool.id, value=pool.scoring))
    if pool.type == "short" and pool.grading not in GRADING_MODES:
        problems.append(problem("unknown-grading", where, pool=pool.id, value=pool.grading))
    if pool.draw < 1:
        problems.append(problem("bad-draw", where, pool=pool.id))
    elif len(pool.questions) < pool.draw:
        problems.append(problem("pool-too-small", where, pool=pool.id, draw=pool.draw, available=len(pool.questions)))
    if pool.points <= 0:
        problems.append(problem("bad-points", where, pool=pool.id))
    return problems


def _question_problems(part: Part, pool: Pool, question: Question) -> list[Problem]:
    return validate_question(pool, question, part_id=part.id)


def validate_question(pool: Pool, question: Question, part_id: str | None = None) -> list[Problem]:
    """Problems of one question as a member of ``pool`` (its type, points and modes)."""
    where = {"part": part_id, "pool": pool.id or None, "question": question.id, "line": question.line}
    problems = _text_problems(question, where)
    if pool.type in ("single", "multiple"):
        problems += _choice_problems(pool, question, where)
    elif pool.type == "short":
        problems += _short_problems(pool, question, where)
    return problems


def _text_problems(question: Question, where: dict) -> list[Problem]:
    problems = []
    if not question.id.strip():
        problems.append(problem("missing-id", where, kind="question"))
    if not question.stem.strip():
        problems.append(problem("empty-stem", where, question=question.id))
    texts = {"text": question.stem, "reference": question.reference, "explanation": question.explanation,
             "source": question.source}
    texts.update({f"option {option.id}": option.text for option in question.options})
    texts.update({f"rubric point {n}": point.label + "".join(point.keywords)
                  for n, point in enumerate(question.rubric, 1)})
    for name, text in texts.items():
        if has_invalid_xml_characters(text):
            problems.append(problem("invalid-character", where, field=name, question=question.id))
    return problems


def _choice_problems(pool: Pool, question: Question, where: dict) -> list[Problem]:
    problems = []
    if question.rubric:
        problems.append(problem("choice-has-rubric", where, question=question.id))
    if len(question.options) < 2:
        problems.append(problem("too-few-options", where, question=question.id, count=len(question.options)))
    for option_id, count in Counter(option.id for option in question.options).items():
        if count > 1:
            problems.append(problem("duplicate-option", where, question=question.id, option=option_id))
    for option in question.options:
        if not option.text.strip():
            problems.append(problem("empty-option", {**where, "line": option.line or question.line},
                                    question=question.id, option=option.id))
    correct = len(question.correct_option_ids())
    if pool.type == "single" and correct != 1:
        problems.append(problem("single-correct-count", where, question=question.id, count=correct))
    if pool.type == "multiple" and correct < 2:
        problems.append(problem("multiple-too-few-correct", where, question=question.id, count=correct))
    if pool.type == "multiple" and question.options and correct == len(question.options):
        problems.append(problem("multiple-no-wrong", where, question=question.id))
    return problems


def _short_problems(pool: Pool, question: Question, where: dict) -> list[Problem]:
    problems = []
    if question.options:
        problems.append(problem("short-has-options", where, question=question.id))
    rubric_total = sum((point.points for point in question.rubric), Decimal(0))
    if rubric_total != pool.points:
        problems.append(problem("rubric-total", where, question=question.id, rubric=rubric_total, points=pool.points))
    for number, point in enumerate(question.rubric, 1):
        point_where = {**where, "line": point.line or question.line}
        if point.points <= 0:
            problems.append(problem("rubric-bad-points", point_where, question=question.id, number=number))
        if not point.keywords and pool.grading == "machine":
            problems.append(problem("rubric-no-keywords", point_where, question=question.id, number=number))
        if any(not normalize_text(keyword) for keyword in point.keywords):
            problems.append(problem("empty-keyword", point_where, question=question.id, number=number))
    return problems
