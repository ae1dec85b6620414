"""Item analysis of submitted attempts: how each question worked, and how the paper and its parts did.

Pure (:mod:`statistics`, and the grader's keyword matching from :mod:`.scoring`). The caller passes the paper's questions
(:class:`ItemInfo`, e.g. from :func:`items_from_paper`) and one :class:`Response` per counted,
fully graded attempt (pending attempts would bias every figure: leave them out).

Papers are drawn per learner, so a question is analysed over the attempts that drew it, and its
**total** is the attempt's total. Per question:

- ``facility``: mean points earned / points possible (0..1);
- ``point_biserial``: Pearson correlation of the question's score with the total, and
  ``point_biserial_rest`` with the rest of the paper (total minus this question), which does not
  count the question in its own criterion; for a right/wrong question both are point-biserials;
- ``upper_lower``: (mean score of the top 27% by total - mean of the bottom 27%) / points possible,
  groups of ``max(1, round(0.27 n))`` attempts (ties broken by the order given);
- ``options``: for choice questions, how often each option was picked (and ``None``: left blank);
  ``scores``: how often each score was earned (for short answers, the distribution of points);
- ``keywords``: for short answers (given the question and the answer texts), per rubric point how many
  answers hit each keyword and how many hit none, by the grader's own matching
  (:func:`~carbon_exam.scoring.rubric_hits`: a point's hit is its first keyword alternative found, so a
  point's counts add up to ``n``);
- ``flags``: ``too_easy`` (facility > 0.9), ``too_hard`` (< 0.2), ``not_discriminating``
  (``point_biserial_rest`` < 0.15). A question everybody scored the same on has no correlation
  (``None``) and is not flagged for it.

Per paper and part (:class:`Summary`): mean, median, standard deviation (sample, n - 1), pass rate
(paper only, total >= pass mark), and reliability: Cronbach's alpha, and KR-20 when every item is
right/wrong (where the two agree). Reliability needs the same items in every attempt: when papers
differ, the items are *slots* (the first, second ... question drawn from each pool, by question id),
which treats each draw as a parallel form; ``reliability_basis`` says which was used. Variances in
alpha and KR-20 are population variances (n), as in their textbook form.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .scoring import rubric_hits

EASY = 0.9
HARD = 0.2
DISCRIMINATING = 0.15
GROUP_SHARE = 0.27


@dataclass(frozen=True)
class ItemInfo:
    """A question as the analysis needs it."""

    id: str
    part: str
    pool: str
    possible: float
    type: str = "single"
    options: tuple[str, ...] = ()
    correct: tuple[str, ...] = ()
    #: The paper's :class:`~carbon_exam.paper.Question` (short answers: its rubric, for keyword hits).
    question: object = field(default=None, compare=False, hash=False, repr=False)


@dataclass
class Response:
    """One attempt: points per drawn question, options picked (choice questions), answer texts (short
    answers) and its total."""

    scores: dict[str, float]
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    total: float | None = None

    @property
    def total_score(self) -> float:
        return float(self.total) if self.total is not None else float(sum(self.scores.values()))


@dataclass
class KeywordHits:
    """One rubric point of a short answer: answers per keyword the grader credited, and answers with none."""

    number: int
    label: str
    hits: dict[str, int]
    none: int


@dataclass
class ItemStats:
    id: str
    n: int
    facility: float | None
    point_biserial: float | None
    point_biserial_rest: float | None
    upper_lower: float | None
    options: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict)
    keywords: list[KeywordHits] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class Summary:
    n: int
    mean: float | None
    median: float | None
    stdev: float | None
    alpha: float | None
    kr20: float | None
    reliability_basis: str | None
    items: int
    pass_rate: float | None = None


@dataclass
class Analysis:
    questions: dict[str, ItemStats]
    paper: Summary
    parts: dict[str, Summary]


def items_from_paper(paper) -> list[ItemInfo]:
    """:class:`ItemInfo` for every question of a :class:`~carbon_exam.paper.Paper`."""
    return [ItemInfo(id=q.id, part=part.id, pool=pool.id, possible=float(pool.points), type=pool.type,
                     options=tuple(o.id for o in q.options), correct=tuple(q.correct_option_ids()),
                     question=q if pool.type == "short" else None)
            for part, pool, q in paper.questions()]


# Plain statistics -----------------------------------------------------------------------------

def pearson(xs, ys) -> float | None:
    """Pearson's r, or None when either variable is constant or there are fewer than 2 pairs."""
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation([float(x) for x in xs], [float(y) for y in ys])


def cronbach_alpha(matrix) -> float | None:
    """Cronbach's alpha of rows (attempts) x columns (items); None if undefined (< 2 items or rows, no variance)."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    item_variance = sum(statistics.pvariance([float(row[j]) for row in matrix]) for j in range(k))
    total_variance = statistics.pvariance([float(sum(row)) for row in matrix])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variance / total_variance)


def kr20(matrix) -> float | None:
    """Kuder-Richardson 20 of right/wrong (0/1) items; None if undefined or an item is not 0/1."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    if any(value not in (0, 1) for row in matrix for value in row):
        return None
    k, n = len(matrix[0]), len(matrix)
    pq = 0.0
    for j in range(k):
        p = sum(row[j] for row in matrix) / n
        pq += p * (1 - p)
    total_variance = statistics.pvariance([float(sum(row)) for row in matrix])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - pq / total_variance)


# Questions ------------------------------------------------------------------------------------

def item_statistics(item: ItemInfo, responses) -> ItemStats:
    """The statistics of one question over the attempts that drew it."""
    drawn = [r for r in responses if item.id in r.scores]
    n = len(drawn)
    if not n or item.possible <= 0:
        return ItemStats(item.id, n, None, None, None, None)
    scores = [float(r.scores[item.id]) for r in drawn]
    totals = [r.total_score for r in drawn]
    facility = statistics.fmean(scores) / item.possible
    stats = ItemStats(
        id=item.id, n=n, facility=facility,
        point_biserial=pearson(scores, totals),
        point_biserial_rest=pearson(scores, [t - s for t, s in zip(totals, scores, strict=True)]),
        upper_lower=_upper_lower(scores, totals, item.possible),
        scores={value: count for value, count in sorted(Counter(scores).items())},
    )
    if item.type in ("single", "multiple"):
        picked = Counter()
        for r in drawn:
            chosen = r.choices.get(item.id, ())
            if not chosen:
                picked[None] += 1
            for option in chosen:
                picked[option] += 1
        stats.options = {option: picked.get(option, 0) for option in item.options}
        stats.options[None] = picked.get(None, 0)
        for option in picked:
            stats.options.setdefault(option, picked[option])
    if item.type == "short" and item.question is not None:
        stats.keywords = keyword_hits(item.question, [r.texts.get(item.id, "") for r in drawn])
    if facility > EASY:
        stats.flags.append("too_easy")
    if facility < HARD:
        stats.flags.append("too_hard")
    if stats.point_biserial_rest is not None and stats.point_biserial_rest < DISCRIMINATING:
        stats.flags.append("not_discriminating")
    return stats


def keyword_hits(question, texts) -> list[KeywordHits]:
    """Per rubric point of ``question``: how many of ``texts`` hit each keyword (the one the grader credits) or none."""
    points = [KeywordHits(number, point.label, dict.fromkeys(point.keywords, 0), 0)
              for number, point in enumerate(question.rubric, 1)]
    for text in texts:
        for hit, counts in zip(rubric_hits(question, text if isinstance(text, str) else ""), points, strict=True):
            if hit.matched:
                counts.hits[hit.keyword] += 1
            else:
                counts.none += 1
    return points


def _upper_lower(scores, totals, possible) -> float | None:
    n = len(scores)
    size = max(1, round(GROUP_SHARE * n))
    if 2 * size > n:
        return None
    order = sorted(range(n), key=lambda i: totals[i])  # stable: ties keep the order given
    lower = [scores[i] for i in order[:size]]
    upper = [scores[i] for i in order[n - size:]]
    return (statistics.fmean(upper) - statistics.fmean(lower)) / possible


# Paper and parts ------------------------------------------------------------------------------

def summary(items, responses, pass_mark: float | None = None) -> Summary:
    """Mean, median, SD, reliability (and pass rate when ``pass_mark`` is given) over ``items``.

    Totals are the sums of the attempts' scores on ``items`` (the whole paper: pass every item).
    """
    ids = [item.id for item in items]
    id_set = set(ids)
    rows = [r for r in responses if id_set & set(r.scores)]
    totals = [float(sum(r.scores[q] for q in r.scores if q in id_set)) for r in rows]
    n = len(totals)
    matrix, basis = _reliability_matrix(items, rows)
    result = Summary(
        n=n,
        mean=statistics.fmean(totals) if n else None,
        median=statistics.median(totals) if n else None,
        stdev=statistics.stdev(totals) if n >= 2 else None,
        alpha=cronbach_alpha(matrix) if matrix else None,
        kr20=None, reliability_basis=basis if matrix else None,
        items=len(matrix[0]) if matrix else 0,
    )
    if matrix and _dichotomous(items, rows):
        result.kr20 = kr20([[1 if value else 0 for value in row] for row in matrix])
    if pass_mark is not None and n:
        result.pass_rate = sum(total >= float(pass_mark) for total in totals) / n
    return result


def _reliability_matrix(items, rows):
    ids = [item.id for item in items]
    id_set = set(ids)
    drawn_sets = {frozenset(q for q in r.scores if q in id_set) for r in rows}
    if len(drawn_sets) == 1:
        columns = [q for q in ids if q in next(iter(drawn_sets))]
        return [[float(r.scores[q]) for q in columns] for r in rows], "questions"
    pool_of = {item.id: item.pool for item in items}
    pools = list(dict.fromkeys(item.pool for item in items))
    matrix = []
    width = None
    for r in rows:
        row = []
        for pool in pools:
            row += [float(r.scores[q]) for q in sorted(q for q in r.scores if pool_of.get(q) == pool)]
        if width is None:
            width = len(row)
        if len(row) != width:
            return [], None  # attempts drew different numbers of questions: no common items
        matrix.append(row)
    return matrix, "slots"


def _dichotomous(items, rows) -> bool:
    """Every item right/wrong (0 or full points) and worth the same, so 0/1 scores keep alpha's ratio."""
    possible = {item.id: item.possible for item in items}
    drawn = [(q, float(score)) for r in rows for q, score in r.scores.items() if q in possible]
    return len({possible[q] for q, _ in drawn}) == 1 and all(score in (0.0, possible[q]) for q, score in drawn)


def analyse(items, responses, pass_mark: float | None = None) -> Analysis:
    """Every question's statistics, the paper's summary (with the pass rate) and each part's."""
    items = list(items)
    responses = list(responses)
    parts = {}
    for part in dict.fromkeys(item.part for item in items):
        parts[part] = summary([item for item in items if item.part == part], responses)
    return Analysis(
        questions={item.id: item_statistics(item, responses) for item in items},
        paper=summary(items, responses, pass_mark),
        parts=parts,
    )

