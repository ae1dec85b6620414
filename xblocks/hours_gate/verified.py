"""Verified mode of the hours gate: what each credited leaf needs from the study ledger, and what is missing.

Pure: imports neither XBlock nor Django. The ledger (``carbon_common.ledger``) answers, per leaf, the
seconds studied and a share 0..1 (``Studied``); ``hours.earned_hours`` then sums ``credit x share`` as it
sums completion values in completion mode. A leaf needs:

* a video: its duration in seconds (``None`` when the platform does not know it: the ledger then uses the
  duration the player reported with its events);
* a reading (an HTML block): the gate's expected reading time;
* anything else (a practice check, a problem): a submission with answers. Only blocks that report to the
  ledger can earn it, so in verified mode a leaf of a type that reports nothing never counts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from carbon_common.study_intervals import Need, Studied

VIDEO, READING, PRACTICE = "video", "reading", "practice"
KIND_OF_BLOCK_TYPE = {"video": VIDEO, "html": READING}


def leaf_kind(block_type: str) -> str:
    """The kind of evidence a leaf of ``block_type`` needs: video, reading, or practice (an answered submission)."""
    return KIND_OF_BLOCK_TYPE.get(block_type, PRACTICE)


def needs_for(leaf_types: Mapping[str, str], video_seconds: Mapping[str, float | None],
              reading_seconds: float) -> dict[str, Need]:
    """{leaf key: Need} for leaves given as {leaf key: block type}."""
    needs = {}
    for key, block_type in leaf_types.items():
        kind = leaf_kind(block_type)
        seconds = video_seconds.get(key) if kind == VIDEO else reading_seconds if kind == READING else None
        needs[key] = Need(kind, seconds)
    return needs


def shares(studied: Mapping[str, Studied], needs: Mapping[str, Need],
           video_complete: Fraction | float = 1) -> dict[str, Fraction]:
    """{leaf key: share 0..1}: what ``hours.earned_hours`` takes as completion values.

    A video whose share reaches ``video_complete`` (the platform's completion threshold, 0.95 by default in the
    LMS) counts whole, as the platform counts it complete: a video played to its end in real time is credited
    a little less than its length (the server receives the first and last events a moment apart)."""
    threshold = Fraction(str(video_complete))
    found = {}
    for key, value in studied.items():
        share = min(max(Fraction(value.share), Fraction(0)), Fraction(1))
        need = needs.get(key)
        if need is not None and need.kind == VIDEO and share >= threshold:
            share = Fraction(1)
        found[key] = share
    return found


@dataclass(frozen=True)
class LeafShortfall:
    """One leaf of an item not yet fully studied: its kind, seconds studied and needed (None: unknown or a
    practice check, which needs an answered submission rather than time)."""

    key: str
    kind: str
    studied_seconds: float
    needed_seconds: float | None


@dataclass(frozen=True)
class ItemStudy:
    """Time studied against time needed on one credited item (its timed leaves), and what is still missing."""

    key: str
    studied_seconds: float
    needed_seconds: float
    missing: tuple[LeafShortfall, ...]


def item_study(key: str, leaf_keys: Iterable[str], needs: Mapping[str, Need],
               studied: Mapping[str, Studied], leaf_shares: Mapping[str, Fraction]) -> ItemStudy:
    """Sum the timed leaves of one item (a leaf counts at most what it needs) and list the leaves whose share
    (``leaf_shares``, see :func:`shares`) is not yet whole."""
    total_studied, total_needed, missing = 0.0, 0.0, []
    for leaf in leaf_keys:
        need = needs.get(leaf) or Need(PRACTICE, None)
        record = studied.get(leaf)
        seconds = float(record.seconds) if record is not None else 0.0
        needed = _needed(need, record)
        if needed is not None:
            total_needed += needed
            total_studied += min(seconds, needed)
        if leaf_shares.get(leaf, 0) < 1:
            missing.append(LeafShortfall(leaf, need.kind, seconds, needed))
    return ItemStudy(key, total_studied, total_needed, tuple(missing))


def _needed(need: Need, record: Studied | None) -> float | None:
    if need.kind == PRACTICE:
        return None
    if need.seconds:
        return float(need.seconds)
    return float(record.needed) if record is not None and record.needed else None
