"""The study ledger's rules, pure: interval arithmetic and what server-received evidence credits.

No Django, no XBlock. Times are seconds (server receive time, any epoch); video positions are seconds of the
video's timeline. The rules (README "Study ledger"):

- video: a *span* runs from a ``play_video`` to the next event of the same video and session that reports a
  position (pause, stop, seek, complete, speed change). It claims the positions between the two; it credits at
  most ``wall × max_rate`` seconds of them, where ``wall`` is the span's server-clock time not already used by
  another span or reading of the learner (one wall-clock budget per learner: two tabs cannot both earn), and
  each second of a video once (union over sessions).
- reading: from the learner's arrival (the reading's completion reaching the server) to the learner's next
  server-received event, within the same wall-clock budget; the gate caps it at the reading's expected time
  (:func:`credit_reading`). No next event yet: nothing credited (``arrival_open``).
- practice: a submission with answers credits the check; an empty one does not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

VIDEO, READING, PRACTICE, NEXT = "video", "reading", "practice", "next"
KINDS = (VIDEO, READING, PRACTICE)

# Evidence each credit rests on (stored in the ledger, shown to staff).
EVIDENCE_VIDEO = "video_played"
EVIDENCE_VIDEO_OPEN = "video_playing"  # a play no later event has ended yet: nothing credited
EVIDENCE_READING = "arrival_to_next_event"
EVIDENCE_READING_OPEN = "arrival_open"
EVIDENCE_PRACTICE = "practice_answered"
EVIDENCE_PRACTICE_EMPTY = "practice_empty"
EVIDENCE_NONE = "none"

# Anomaly kinds (staff timeline).
IMPOSSIBLE_SPEED = "impossible_speed"
OVERLAPPING_SESSIONS = "overlapping_sessions"
LONG_IDLE = "long_idle"
AFTER_CLOSED = "after_closed"

PLAY, PAUSE, STOP, SEEK, COMPLETE = "play_video", "pause_video", "stop_video", "seek_video", "complete_video"
# The fastest rate the platform's player offers; claims beyond it (plus slack) cannot have been played.
PLAYER_MAX_SPEED = 2.0
SPEED_SLACK_SECONDS = 2.0
DEFAULT_IDLE_SECONDS = 30 * 60

Interval = tuple[float, float]


# ---------------------------------------------------------------- interval arithmetic

def union(intervals) -> list[Interval]:
    """Sorted, disjoint intervals covering the same points; empty and reversed intervals dropped."""
    merged: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in intervals if b > a):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def total(intervals) -> float:
    """Seconds covered by ``intervals`` (overlaps counted once)."""
    return sum(b - a for a, b in union(intervals))


def clip(intervals, low: float, high: float) -> list[Interval]:
    """The parts of ``intervals`` inside ``[low, high]``."""
    return union((max(a, low), min(b, high)) for a, b in intervals)


def subtract(intervals, removed) -> list[Interval]:
    """The parts of ``intervals`` not covered by ``removed``."""
    result = []
    cuts = union(removed)
    for start, end in union(intervals):
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                result.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


def take(intervals, seconds: float) -> list[Interval]:
    """The first ``seconds`` of ``intervals`` (in timeline order)."""
    taken, left = [], max(0.0, seconds)
    for start, end in union(intervals):
        if left <= 0:
            break
        length = min(end - start, left)
        taken.append((start, start + length))
        left -= length
    return taken


# ---------------------------------------------------------------- public records

@dataclass(frozen=True)
class Need:
    """What one credited item requires: its kind and seconds (video length, reading time; None: any)."""

    kind: str
    seconds: float | None = None


@dataclass(frozen=True)
class Studied:
    """What the ledger holds for one learner and item: seconds credited against the need."""

    seconds: float
    needed: float | None
    share: Fraction
    evidence: str


@dataclass(frozen=True)
class Anomaly:
    """Something staff should look at: ``kind`` is one of the anomaly constants."""

    kind: str
    usage_key: str
    when: object
    session: str = ""
    detail: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One thing the learner did, as the ledger credited it (``when``/``until``: server times)."""

    when: object
    usage_key: str
    kind: str
    seconds: float
    session: str
    evidence: str
    anomalies: tuple = ()
    until: object = None
    claimed: float | None = None


@dataclass(frozen=True)
class Event:
    """One server-received piece of evidence (see ``StudyEvent``); ``target`` is a seek's new position."""

    at: float
    item: str
    kind: str
    name: str
    position: float | None = None
    target: float | None = None
    speed: float | None = None
    session: str = ""


@dataclass
class ItemCredit:
    """One item's credit: seconds, the credited intervals (video positions or reading server times)."""

    item: str
    kind: str
    seconds: float = 0.0
    intervals: list = field(default_factory=list)
    evidence: str = EVIDENCE_NONE
    open_since: float | None = None


@dataclass
class CourseCredit:
    """Everything one learner's evidence in a course credits: per item, the timeline and the anomalies."""

    items: dict
    timeline: list
    anomalies: list


@dataclass
class _Span:
    item: str
    kind: str
    session: str
    start: float
    end: float | None
    claim: Interval | None = None  # video positions
    speed: float | None = None


# ---------------------------------------------------------------- credit rules

def credit_reading(arrival_time: float, next_event_time: float | None, expected_seconds: float | None):
    """A reading's credit: ``min(gap to the next server-received event, expected)``, and its evidence."""
    if next_event_time is None:
        return 0.0, EVIDENCE_READING_OPEN
    gap = max(0.0, next_event_time - arrival_time)
    return (gap if expected_seconds is None else min(gap, expected_seconds)), EVIDENCE_READING


def video_spans(events) -> list[_Span]:
    """Play spans of video events (ordered by server time), per item and session; open spans have no end."""
    spans, playing, speeds = [], {}, {}
    for event in events:
        if event.kind != VIDEO:
            continue
        key = (event.item, event.session)
        if event.speed:
            speeds[key] = event.speed
        started = playing.pop(key, None)
        end_position = event.position  # a seek's old position
        if started is not None and end_position is not None:
            start_at, start_position = started
            spans.append(_Span(event.item, VIDEO, event.session, start_at, event.at,
                               (start_position, end_position), speeds.get(key)))
        elif started is not None:
            playing[key] = started  # an event without a position does not end the span
            continue
        if event.name == SEEK:
            if started is not None and event.target is not None:
                playing[key] = (event.at, event.target)
        elif event.name == PLAY or (started is not None and event.name not in (PAUSE, STOP)):
            if event.position is not None:
                playing[key] = (event.at, event.position)
    for (item, session), (start_at, position) in playing.items():
        spans.append(_Span(item, VIDEO, session, start_at, None, (position, position), speeds.get((item, session))))
    return spans


def reading_spans(events, grace_seconds: float = 0.0) -> list[_Span]:
    """Each reading arrival, ended by the learner's next event (any item, any session), if any.

    Plain requests (``next``) within ``grace_seconds`` of the arrival (the page finishing loading) do not end it;
    the learner's own evidence (a video event, another reading, a practice submission) always does.
    """
    spans, ordered = [], sorted(events, key=lambda e: e.at)
    for index, event in enumerate(ordered):
        if event.kind != READING:
            continue
        later = next((e.at for e in _after(ordered, index) if _ends_reading(e, event, grace_seconds)), None)
        spans.append(_Span(event.item, READING, event.session, event.at, later))
    return spans


def _ends_reading(later: Event, arrival: Event, grace_seconds: float) -> bool:
    if later.kind == NEXT:
        return later.at > arrival.at + grace_seconds
    return later.at > arrival.at or later.item != arrival.item


def _after(ordered, index):
    for later in range(index + 1, len(ordered)):
        yield ordered[later]


class _WallClock:
    """The learner's server-clock time already used by credited spans (spans come in order of their start)."""

    def __init__(self):
        self.used: list[list[float]] = []

    def free(self, start: float, end: float) -> list[Interval]:
        """The parts of ``[start, end]`` not used yet (only the tail can overlap: starts come in order)."""
        tail = []
        for used_start, used_end in reversed(self.used):
            if used_end <= start:
                break
            tail.append((used_start, used_end))
        return subtract([(start, end)], tail)

    def use(self, start: float, end: float) -> None:
        while self.used and self.used[-1][1] >= start:
            used_start, used_end = self.used.pop()
            start, end = min(start, used_start), max(end, used_end)
        self.used.append([start, end])


def credit_course(events, *, max_rate: float = 1.0, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                  closes: dict | None = None, grace_seconds: float = 0.0) -> CourseCredit:
    """Credit one learner's evidence in a course (see the module docstring); ``closes``: item → close time."""
    events = sorted(events, key=lambda e: e.at)
    items: dict[str, ItemCredit] = {}
    timeline, anomalies = [], []
    clock = _WallClock()
    session_ends: dict[str, float] = {}
    spans = video_spans(events) + reading_spans(events, grace_seconds)
    for span in sorted(spans, key=lambda s: (s.start, s.end or s.start)):
        credit = items.setdefault(span.item, ItemCredit(span.item, span.kind))
        flags = []
        if span.end is None:
            if span.kind == READING:
                credit.open_since = span.start
                credit.evidence = EVIDENCE_READING if credit.seconds else EVIDENCE_READING_OPEN
            timeline.append(TimelineEntry(span.start, span.item, span.kind, 0.0, span.session,
                                          EVIDENCE_READING_OPEN if span.kind == READING else EVIDENCE_VIDEO_OPEN))
            continue
        wall = span.end - span.start
        free_wall = clock.free(span.start, span.end)
        free = sum(b - a for a, b in free_wall)
        if wall > 0 and any(end > span.start for session, end in session_ends.items() if session != span.session):
            flags.append(OVERLAPPING_SESSIONS)
        clock.use(span.start, span.end)
        session_ends[span.session] = max(session_ends.get(span.session, span.end), span.end)
        if span.kind == VIDEO:
            gained, claimed = _credit_video_span(credit, span, free, max_rate)
        else:
            gained, claimed = _credit_reading_span(credit, free_wall), wall
        flags += _speed_and_idle_flags(span, claimed, idle_seconds)
        if closes and closes.get(span.item) is not None and span.end > closes[span.item]:
            flags.append(AFTER_CLOSED)
        timeline.append(TimelineEntry(span.start, span.item, span.kind, gained, span.session,
                                      EVIDENCE_VIDEO if span.kind == VIDEO else EVIDENCE_READING,
                                      tuple(flags), span.end, claimed))
        anomalies.extend(Anomaly(flag, span.item, span.start, span.session, _detail(span, claimed))
                         for flag in flags)
    _credit_practice(events, items, timeline, anomalies, closes)
    timeline.sort(key=lambda entry: (entry.when, entry.usage_key))
    return CourseCredit(items, timeline, anomalies)


def _credit_video_span(credit: ItemCredit, span: _Span, free: float, max_rate: float):
    """Add to ``credit`` the span's not-yet-credited positions, at most ``free × max_rate`` of them."""
    start, end = span.claim
    claimed = max(0.0, end - start)
    new = subtract([(start, end)], credit.intervals)
    gained = take(new, free * max_rate)
    if gained:
        credit.intervals = union(credit.intervals + gained)
        credit.seconds = sum(b - a for a, b in credit.intervals)
    credit.evidence = EVIDENCE_VIDEO
    return sum(b - a for a, b in gained), claimed


def _credit_reading_span(credit: ItemCredit, free_wall) -> float:
    """Add to ``credit`` the reading's server-clock time no other span used; returns the seconds gained."""
    credit.intervals = union(credit.intervals + free_wall)
    credit.seconds = sum(b - a for a, b in credit.intervals)
    credit.evidence = EVIDENCE_READING
    return sum(b - a for a, b in free_wall)


def _speed_and_idle_flags(span: _Span, claimed: float, idle_seconds: float) -> list:
    wall, flags = span.end - span.start, []
    if span.kind == VIDEO and claimed > wall * PLAYER_MAX_SPEED + SPEED_SLACK_SECONDS:
        flags.append(IMPOSSIBLE_SPEED)
    progress = claimed / max(span.speed or 1.0, 1.0) if span.kind == VIDEO else 0.0
    if wall - progress > idle_seconds:
        flags.append(LONG_IDLE)
    return flags


def _credit_practice(events, items, timeline, anomalies, closes):
    for event in events:
        if event.kind != PRACTICE:
            continue
        credit = items.setdefault(event.item, ItemCredit(event.item, PRACTICE))
        answered = event.name == EVIDENCE_PRACTICE
        if answered or credit.evidence != EVIDENCE_PRACTICE:
            credit.evidence = EVIDENCE_PRACTICE if answered else EVIDENCE_PRACTICE_EMPTY
        flags = (AFTER_CLOSED,) if closes and closes.get(event.item) is not None and event.at > closes[event.item] \
            else ()
        timeline.append(TimelineEntry(event.at, event.item, PRACTICE, 0.0, event.session,
                                      EVIDENCE_PRACTICE if answered else EVIDENCE_PRACTICE_EMPTY, flags))
        anomalies.extend(Anomaly(flag, event.item, event.at, event.session, "") for flag in flags)


def credit_video(events, *, max_rate: float = 1.0) -> ItemCredit:
    """Credit one learner's events of ONE video (see the module docstring)."""
    events = [event for event in events if event.kind == VIDEO]
    items = credit_course(events, max_rate=max_rate).items
    item = events[0].item if events else ""
    return items.get(item, ItemCredit(item, VIDEO))


def _detail(span, claimed):
    wall = (span.end or span.start) - span.start
    return f"{claimed:.1f}s claimed in {wall:.1f}s"


def share(seconds: float, needed: float | None) -> Fraction:
    """``seconds / needed`` in 0..1, exact to the millisecond; no need (None or 0): 1 once anything counts."""
    if not needed:
        return Fraction(1 if seconds > 0 else 0)
    return min(Fraction(1), Fraction(round(seconds * 1000), round(needed * 1000)))


def studied_item(need: Need, credit: ItemCredit | None) -> Studied:
    """What a stored credit is worth against ``need`` (readings capped at their expected time)."""
    if credit is None or credit.evidence in (EVIDENCE_NONE, EVIDENCE_PRACTICE_EMPTY):
        return Studied(0.0, need.seconds, Fraction(0), credit.evidence if credit else EVIDENCE_NONE)
    if need.kind == PRACTICE:
        answered = credit.evidence == EVIDENCE_PRACTICE
        seconds = float(need.seconds or 0.0) if answered else 0.0
        return Studied(seconds, need.seconds, Fraction(1 if answered else 0), credit.evidence)
    if need.kind == READING:
        seconds, _ = credit_reading(0.0, credit.seconds, need.seconds)
    else:
        seconds = credit.seconds if need.seconds is None else min(credit.seconds, float(need.seconds))
    return Studied(seconds, need.seconds, share(seconds, need.seconds), credit.evidence)
