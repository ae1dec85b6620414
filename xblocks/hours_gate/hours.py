"""Study-hour (学时) sums behind the hours gate. Pure: imports neither XBlock nor Django.

Rules encoded here:

* A credited item earns ``credit x completion share``. A leaf's share is its completion value
  from the platform (clamped to 0..1; a key missing from the mapping counts 0). A container's
  share is the sum of its completable leaves' values divided by the number of leaves, so a video
  watched halfway counts half a leaf.
* Manual credits count while not revoked; a negative credit is a correction. The earned total
  never drops below zero.
* Arithmetic is exact (``Fraction``); figures are reported as ``Decimal`` to 0.01 学时 with
  ROUND_HALF_UP. ``met`` compares the exact sums, and an unmet total is never reported as
  reaching the requirement: it is shown at most as ``required - 0.01`` and ``missing`` is
  ``required - earned`` as shown (so at least 0.01 while the gate is locked).
* Video credit from a duration is exact too (``seconds / (60 * minutes_per_hour)``), so twenty
  ten-minute videos at 45 minutes per 学时 are exactly 4.44... 学时, not twenty rounded parts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction

Number = Decimal | Fraction | int | str

DEFAULT_MINUTES_PER_HOUR = 45
APPLICATION_APPROVED = "approved"

# Message codes of describe_missing(); the block shell turns them into translated sentences.
HOURS_MISSING = "hours_missing"
ITEM_INCOMPLETE = "item_incomplete"
APPLICATION_NOT_SUBMITTED = "application_not_submitted"
APPLICATION_NOT_APPROVED = "application_not_approved"


def exact(value: Number | float) -> Fraction:
    """Return ``value`` as an exact fraction; floats are read by their shortest repr (0.95 -> 19/20)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return Fraction(value)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact value to ``places`` decimals, halves away from zero (ROUND_HALF_UP)."""
    scale = 10 ** places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    return Decimal(-magnitude if value < 0 else magnitude).scaleb(-places)


def round_up(value: Fraction, places: int = 2) -> Decimal:
    """Round a non-negative exact value up to ``places`` decimals."""
    return Decimal(math.ceil(value * 10 ** places)).scaleb(-places)


@dataclass(frozen=True)
class CreditItem:
    """A block of the course worth ``hours`` 学时 once all its completable leaves are complete.

    ``leaf_keys`` lists the completable leaves (usage keys as strings); empty means the item is
    its own leaf (a video, say). ``hours`` accepts Decimal, int, str or an exact Fraction.
    """

    key: str
    title: str
    hours: Decimal | Fraction
    leaf_keys: tuple[str, ...] = ()

    def __post_init__(self):
        hours = exact(self.hours)
        if hours < 0:
            raise ValueError(f"credit of {self.key} is negative: {self.hours}")
        if not isinstance(self.hours, (Decimal, Fraction)):
            object.__setattr__(self, "hours", Decimal(str(self.hours)))
        object.__setattr__(self, "leaf_keys", tuple(dict.fromkeys(self.leaf_keys)) or (self.key,))


@dataclass(frozen=True)
class ManualCredit:
    """Hours granted (or, if negative, withdrawn) by staff, with who, when and why."""

    id: int | str
    hours: Decimal
    reason: str
    by: str
    at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoked_reason: str = ""

    @property
    def active(self) -> bool:
        """True while the credit has not been revoked."""
        return self.revoked_at is None


@dataclass(frozen=True)
class VideoDuration:
    """A course video and its duration in seconds (``None`` when the platform does not know it)."""

    key: str
    title: str
    duration_seconds: float | int | None


@dataclass(frozen=True)
class ItemProgress:
    """Progress on one credited item, rounded for display."""

    key: str
    title: str
    credit: Decimal
    completion: Decimal  # share 0..1, 4 decimals
    earned: Decimal
    leaves_complete: int
    leaves_total: int

    @property
    def complete(self) -> bool:
        """True when every leaf of the item is complete."""
        return self.leaves_complete == self.leaves_total


@dataclass(frozen=True)
class HoursStatus:
    """Earned against required 学时 (see the module docstring for rounding)."""

    earned: Decimal
    required: Decimal
    items: tuple[ItemProgress, ...]
    manual_total: Decimal
    met: bool
    missing: Decimal


@dataclass(frozen=True)
class MissingFact:
    """One thing standing between the learner and the exam: a message code and its parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


def video_hours(duration_seconds: float | int, minutes_per_hour: int = DEFAULT_MINUTES_PER_HOUR) -> Fraction:
    """Exact 学时 for a video of ``duration_seconds`` at ``minutes_per_hour`` minutes per 学时."""
    if minutes_per_hour <= 0:
        raise ValueError("minutes_per_hour must be positive")
    return exact(duration_seconds) / (60 * exact(minutes_per_hour))


def with_video_credits(
    items: Iterable[CreditItem],
    videos: Iterable[VideoDuration],
    minutes_per_hour: int = DEFAULT_MINUTES_PER_HOUR,
) -> tuple[CreditItem, ...]:
    """Return ``items`` plus a credit item for every video with a known, positive duration.

    Explicit items win: a video that is an item or a leaf of an item is not credited again.
    Videos whose duration is unknown are left out (the shell can list them for authors).
    """
    items = tuple(items)
    covered = {key for item in items for key in (item.key, *item.leaf_keys)}
    extra = []
    for video in videos:
        if video.key in covered or not video.duration_seconds or video.duration_seconds <= 0:
            continue
        covered.add(video.key)
        extra.append(CreditItem(video.key, video.title, video_hours(video.duration_seconds, minutes_per_hour)))
    return items + tuple(extra)


def all_completion_keys(items: Iterable[CreditItem]) -> frozenset[str]:
    """Every leaf key the items depend on: ask the completion service for these in one query."""
    return frozenset(key for item in items for key in item.leaf_keys)


_WHOLE, _NONE = Fraction(1), Fraction(0)


def _completion_value(completions: Mapping[str, float], key: str) -> Fraction:
    value = completions.get(key, 0) or 0
    if type(value) in (float, int, Fraction) and (value == 1 or value == 0):  # most leaves: done or not begun
        return _WHOLE if value == 1 else _NONE
    value = exact(value)
    return min(max(value, Fraction(0)), Fraction(1))


def _item_earned(item: CreditItem, completions: Mapping[str, float]) -> tuple[Fraction, ItemProgress]:
    values = [_completion_value(completions, key) for key in item.leaf_keys]
    share = sum(values, Fraction(0)) / len(values)
    hours = exact(item.hours)
    earned = hours * share
    return earned, ItemProgress(
        key=item.key,
        title=item.title,
        credit=round_half_up(hours),
        completion=round_half_up(share, 4),
        earned=round_half_up(earned),
        leaves_complete=sum(1 for value in values if value == 1),
        leaves_total=len(values),
    )


class ItemSums:
    """The items' exact earnings for given completions, kept per item so that a change of a few leaves re-sums
    only the items holding them (:meth:`updated`); :meth:`status` is :func:`earned_hours`' result."""

    def __init__(self, items: Iterable[CreditItem], completions: Mapping[str, float]):
        self.items = tuple(items)
        self._earned, progress = [], []
        for item in self.items:
            earned, shown = _item_earned(item, completions)
            self._earned.append(earned)
            progress.append(shown)
        self.progress = tuple(progress)
        self.total = sum(self._earned, Fraction(0))
        self._by_leaf: dict | None = None

    def updated(self, completions: Mapping[str, float], leaves: Iterable[str]) -> ItemSums:
        """A copy whose items holding any of ``leaves`` are summed afresh from ``completions``."""
        if self._by_leaf is None:
            by_leaf: dict = {}
            for at, item in enumerate(self.items):
                for leaf in item.leaf_keys:
                    by_leaf.setdefault(leaf, []).append(at)
            self._by_leaf = by_leaf
        copy = object.__new__(ItemSums)
        copy.items, copy._earned, copy.total, copy._by_leaf = self.items, list(self._earned), self.total, self._by_leaf
        progress = list(self.progress)
        for at in sorted({at for leaf in leaves for at in self._by_leaf.get(leaf, ())}):
            earned, progress[at] = _item_earned(self.items[at], completions)
            copy.total += earned - copy._earned[at]
            copy._earned[at] = earned
        copy.progress = tuple(progress)
        return copy

    def status(self, manual_credits: Iterable[ManualCredit] = (), *, required: Number) -> HoursStatus:
        """Earned against ``required`` with active ``manual_credits`` (see :func:`earned_hours`)."""
        required_exact = _required(required)
        manual_total = sum((exact(credit.hours) for credit in manual_credits if credit.active), Fraction(0))
        total = max(self.total + manual_total, Fraction(0))
        met = total >= required_exact
        required_shown = round_half_up(required_exact)
        earned_shown = round_half_up(total)
        if met:
            missing = Decimal("0.00")
        else:
            earned_shown = min(earned_shown, required_shown - Decimal("0.01"))
            missing = required_shown - earned_shown
        return HoursStatus(
            earned=earned_shown,
            required=required_shown,
            items=self.progress,
            manual_total=round_half_up(manual_total),
            met=met,
            missing=missing,
        )


def _required(required: Number) -> Fraction:
    required_exact = exact(required)
    if required_exact < 0 or (required_exact * 100).denominator != 1:
        raise ValueError(f"required hours must be a non-negative multiple of 0.01: {required}")
    return required_exact


def earned_hours(
    items: Iterable[CreditItem],
    completions: Mapping[str, float],
    manual_credits: Iterable[ManualCredit] = (),
    *,
    required: Number,
) -> HoursStatus:
    """Sum the 学时 earned from ``items`` (given ``completions`` by leaf key) and active manual credits.

    ``required`` must be a non-negative multiple of 0.01.
    """
    _required(required)
    return ItemSums(items, completions).status(manual_credits, required=required)


def describe_missing(
    status: HoursStatus,
    *,
    application_required: bool = False,
    application_status: str | None = None,
) -> tuple[MissingFact, ...]:
    """What still keeps the gate closed, as message codes with parameters; empty when open.

    Incomplete items are listed only while hours are missing (author order, zero-credit items
    skipped). ``application_status`` is the referenced form's status, ``None`` when nothing was
    submitted; only :data:`APPLICATION_APPROVED` satisfies the requirement.
    """
    facts = []
    if not status.met:
        facts.append(MissingFact(HOURS_MISSING, {
            "missing": status.missing, "earned": status.earned, "required": status.required,
        }))
        for item in status.items:
            if item.complete or item.credit == 0:
                continue
            facts.append(MissingFact(ITEM_INCOMPLETE, {
                "key": item.key,
                "title": item.title,
                "completion": item.completion,
                "remaining_hours": item.credit - item.earned,
                "leaves_remaining": item.leaves_total - item.leaves_complete,
            }))
    if application_required and application_status != APPLICATION_APPROVED:
        if application_status is None:
            facts.append(MissingFact(APPLICATION_NOT_SUBMITTED))
        else:
            facts.append(MissingFact(APPLICATION_NOT_APPROVED, {"status": application_status}))
    return tuple(facts)


def is_unlocked(
    status: HoursStatus,
    *,
    application_required: bool = False,
    application_status: str | None = None,
) -> bool:
    """True when nothing is missing: hours met and, when required, the application approved."""
    return not describe_missing(
        status, application_required=application_required, application_status=application_status,
    )
