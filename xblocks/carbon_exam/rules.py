"""Exam rules on the server's clock: the exam window, attempt deadlines, attempts left, the counted score.

Pure functions over datetimes (always timezone-aware, UTC when a setting gives none) and plain
numbers, so handlers and staff tools apply exactly the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")
COUNT_HIGHEST, COUNT_LAST = "highest", "last"


def parse_datetime(text: str | None) -> datetime | None:
    """An ISO 8601 date-time setting ("2026-05-01T09:00+08:00"); naive values are UTC; blank is None."""
    if not text or not str(text).strip():
        return None
    value = datetime.fromisoformat(str(text).strip())
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def window_state(now: datetime, opens_at: datetime | None, closes_at: datetime | None) -> str:
    """``not_open``, ``open`` or ``closed``."""
    if opens_at and now < opens_at:
        return "not_open"
    if closes_at and now >= closes_at:
        return "closed"
    return "open"


def attempt_deadline(started_at: datetime, time_limit_minutes: int, extra_minutes: int,
                     closes_at: datetime | None) -> datetime | None:
    """When an attempt must end: the time limit plus extra time, and no later than the window's close
    (also extended by the extra time). None for an untimed attempt in an open-ended window."""
    extra = timedelta(minutes=max(extra_minutes, 0))
    limits = []
    if time_limit_minutes and time_limit_minutes > 0:
        limits.append(started_at + timedelta(minutes=time_limit_minutes) + extra)
    if closes_at:
        limits.append(closes_at + extra)
    return min(limits) if limits else None


def seconds_left(now: datetime, deadline: datetime | None) -> int | None:
    """Whole seconds until the deadline (0 when past), None without a deadline."""
    if deadline is None:
        return None
    return max(int((deadline - now).total_seconds()), 0)


def accepts_saves(now: datetime, deadline: datetime | None, grace_seconds: int) -> bool:
    """Whether a save or submit arriving now still counts (the grace covers saves in flight)."""
    return deadline is None or now <= deadline + timedelta(seconds=max(grace_seconds, 0))


@dataclass(frozen=True)
class StartCheck:
    """May the learner start a new attempt? ``reason`` is a stable code when not."""

    allowed: bool
    reason: str = ""


def may_start_attempt(used: int, max_attempts: int, retake_only_after_fail: bool,
                      last_passed: bool | None, last_pending: bool) -> StartCheck:
    """Apply the attempt limit (0 = unlimited) and the retake-only-after-failing rule."""
    if max_attempts > 0 and used >= max_attempts:
        return StartCheck(False, "no_attempts_left")
    if used and retake_only_after_fail:
        if last_pending:
            return StartCheck(False, "awaiting_grading")
        if last_passed:
            return StartCheck(False, "already_passed")
    return StartCheck(True)


def attempts_left(used: int, max_attempts: int) -> int | None:
    """Attempts the learner still has (None = unlimited)."""
    return None if max_attempts <= 0 else max(max_attempts - used, 0)


def counted_score(scores: Sequence[T], rule: str, points: Callable[[T], tuple[Decimal, Decimal]] | None = None) -> T | None:
    """Which attempt counts, the one rule for the gradebook and the staff histogram.

    ``scores`` are final attempts in attempt order (``(earned, possible)`` pairs, or anything ``points``
    turns into one). ``last``: the last attempt; ``highest``: the highest share of its possible points,
    ties going to the earlier attempt. None when there is no attempt.
    """
    if not scores:
        return None
    if rule == COUNT_LAST:
        return scores[-1]
    points = points or (lambda score: score)

    def share(score) -> Decimal:
        earned, possible = points(score)
        return Decimal(earned) / Decimal(possible) if possible else Decimal(0)

    return max(scores, key=share)


def gradebook_points(earned: Decimal, possible: Decimal, total: Decimal, pass_mark: Decimal) -> tuple[int, int]:
    """``(earned, possible)`` in whole points of the paper ``total``, for the platform's gradebook.

    edx-submissions keeps whole points and the platform shows them as they are (it applies no weight to a
    submissions score), so the paper's total is the points possible and the score is rounded half up, but
    never across the pass mark: a learner below it never shows at or above it, and one at it never below.
    """
    whole_total = int(total.to_integral_value(rounding=ROUND_HALF_UP))
    scaled = earned * total / possible if possible else Decimal(0)
    points = int(scaled.to_integral_value(rounding=ROUND_HALF_UP))
    if scaled < pass_mark:
        points = min(points, int(pass_mark.to_integral_value(rounding=ROUND_CEILING)) - 1)
    else:
        points = max(points, int(pass_mark.to_integral_value(rounding=ROUND_CEILING)))
    return max(0, min(points, whole_total)), whole_total
