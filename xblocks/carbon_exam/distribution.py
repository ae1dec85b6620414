"""The spread of exam scores for staff: ten buckets of the paper total (0–9 … 90–100) and the pass rate.

One score per learner: among a learner's submitted attempts whose every question is graded, the one that
counts for the grade (the highest, or the last, per the block's ``attempt_counts``), so a learner with two
attempts is counted once. Attempts still waiting for staff grading are listed apart. A bucket is failing when all of it lies below the pass mark (with the default 60 of 100,
0–9 … 50–59). Scores are percentages of each attempt's possible points, so a paper total other than
100 spreads the same way. Pure: no XBlock, no Django (``carbon_common.charts`` is plain Python).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from carbon_common.charts import histogram

from .rules import COUNT_HIGHEST, counted_score

EDGES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]


@dataclass(frozen=True)
class GradedScore:
    """One submitted attempt: who, which attempt, its score and whether it is still pending."""

    username: str
    number: int
    earned: Decimal | None
    possible: Decimal | None
    passed: bool | None
    pending: bool


@dataclass
class Bucket:
    label: str
    low: int
    high: int
    count: int
    failing: bool


@dataclass
class Distribution:
    buckets: list[Bucket]
    graded: int
    passed: int
    pending: list[GradedScore] = field(default_factory=list)

    @property
    def pass_rate(self) -> Decimal | None:
        """Learners whose counted attempt passed, as a percentage (one decimal), or None when nothing is graded."""
        if not self.graded:
            return None
        return (Decimal(100) * self.passed / self.graded).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def highlight(self) -> set[int]:
        return {index for index, bucket in enumerate(self.buckets) if bucket.failing}


def percent(earned: Decimal, possible: Decimal) -> Decimal:
    """``earned`` as a percentage of ``possible``, clamped to 0..100."""
    if not possible or possible <= 0:
        return Decimal(0)
    return min(max(Decimal(earned) * 100 / Decimal(possible), Decimal(0)), Decimal(100))


def counted_per_learner(scores: list[GradedScore], rule: str = COUNT_HIGHEST) -> list[GradedScore]:
    """The graded score that counts for each learner (``rule``: ``highest`` or ``last``), by username.

    Which attempt counts is :func:`rules.counted_score`, the gradebook's own rule.
    """
    graded = [s for s in scores if not s.pending and s.earned is not None and s.possible]
    by_learner: dict[str, list[GradedScore]] = {}
    for score in sorted(graded, key=lambda s: (s.username, s.number)):
        by_learner.setdefault(score.username, []).append(score)
    return [counted_score(attempts, rule, lambda s: (s.earned, s.possible)) for attempts in by_learner.values()]


def score_distribution(scores: list[GradedScore], pass_mark: Decimal, total: Decimal,
                       rule: str = COUNT_HIGHEST) -> Distribution:
    """Bucket one counted score per learner (see :func:`counted_per_learner`); ``pass_mark`` of ``total``
    decides which buckets are failing. ``graded`` and ``passed`` count learners."""
    graded = counted_per_learner(scores, rule)
    pending = [s for s in scores if s.pending]
    counts = histogram([percent(s.earned, s.possible) for s in graded], EDGES)
    pass_percent = percent(pass_mark, total) if total else Decimal(60)
    buckets = []
    for index, count in enumerate(counts):
        low, high = EDGES[index], EDGES[index + 1]
        last = index == len(counts) - 1
        label = f"{low}–{high}" if last else f"{low}–{high - 1}"
        buckets.append(Bucket(label=label, low=low, high=high, count=count, failing=high <= pass_percent))
    return Distribution(buckets=buckets, graded=len(graded), passed=sum(1 for s in graded if s.passed),
                        pending=pending)
