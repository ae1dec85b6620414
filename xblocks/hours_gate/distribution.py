"""How far the learners of a gate have got: counts per tenth of the required 学时. Pure.

Buckets are 0-10 %, 10-20 %, ... 90-100 % of the requirement and a last bucket "met" (>= 100 %).
A learner is in the last bucket exactly when their hours are met (``HoursStatus.met``), so an unmet
39.996 of 40 is counted in 90-100 %, never as met. With no requirement (0) everyone has met it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from carbon_common.charts import histogram

from .hours import exact, round_half_up

TENTHS = 10
_MET = Fraction(TENTHS)  # the share, in tenths, that counts a learner in the last bucket
EDGES = [Fraction(i) for i in range(TENTHS + 1)] + [Fraction(TENTHS + 1)]


@dataclass(frozen=True)
class Bucket:
    """One bar: learners whose earned hours are ``low_percent``..``high_percent`` of the requirement."""

    low_percent: int
    high_percent: int | None  # None for the last bucket (met, >= 100 %)
    low_hours: Decimal
    high_hours: Decimal | None
    count: int

    @property
    def met(self) -> bool:
        return self.high_percent is None

    @property
    def label(self) -> str:
        return f"≥{self.low_percent}%" if self.met else f"{self.low_percent}–{self.high_percent}%"


@dataclass(frozen=True)
class Distribution:
    buckets: tuple[Bucket, ...]
    total: int
    hours_met: int
    unlocked: int


def tenths(earned, required, met: bool) -> Fraction:
    """The learner's place on the 0..10 scale (10 = met); an unmet share is kept below 10."""
    if met:
        return _MET
    required = exact(required)
    if required <= 0:
        return _MET
    share = max(Fraction(0), exact(earned) * TENTHS / required)
    return min(share, _MET - Fraction(1, 10 ** 6))


def distribution(learners: Iterable[tuple[object, bool, bool]], required) -> Distribution:
    """``learners`` as (earned, hours met, gate unlocked) -> counts per bucket and the totals."""
    learners = list(learners)
    counts = histogram([tenths(earned, required, met) for earned, met, _ in learners], EDGES)
    required = exact(required)
    buckets = []
    for index, count in enumerate(counts):
        last = index == TENTHS
        buckets.append(Bucket(
            low_percent=index * 10, high_percent=None if last else (index + 1) * 10,
            low_hours=round_half_up(required * index / TENTHS),
            high_hours=None if last else round_half_up(required * (index + 1) / TENTHS),
            count=count))
    return Distribution(tuple(buckets), len(learners), sum(1 for _, met, _ in learners if met),
                        sum(1 for _, _, unlocked in learners if unlocked))
