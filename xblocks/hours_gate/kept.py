"""A learner's records behind the gate, kept between their status checks and brought up to date by what changed.

Reading every credited leaf's record (edx-completion's ``BlockCompletion``, or the study ledger's ``StudyCredit``
in verified mode) and summing every item's hours grow with the course. One aggregate query per call (``COUNT`` and
latest write time of the learner's records in the course; both models stamp every write) says whether anything
changed. Nothing changed: the kept values and sums are used. Something changed: only the rows written since the
kept latest stamp (less :data:`SLACK`) are read, and only the items holding a changed leaf are summed afresh. A row
removed (the count is not the rows kept plus the new ones) or a first call reads every row of the learner in the
course (issue 13).

Stamps come from each writer's clock: a write whose transaction commits later than another's with a later stamp is
read when anything else next changes, provided it is no more than :data:`SLACK` older than the latest kept stamp.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import timedelta

from .hours import all_completion_keys

#: Rows stamped up to this long before the kept latest stamp are read again with every change.
SLACK = timedelta(seconds=5)
#: Per process, least recently used dropped first: (gate, user id, source) -> Kept.
KEPT_LEARNERS = 256
_KEPT: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Kept:
    """One learner's values of the credited leaves as of ``fingerprint``; ``pending``: leaves changed since
    ``derived`` (the caller's sums) was made, None when it must be made afresh."""

    fingerprint: tuple
    items: tuple
    leaves: frozenset
    values: dict  # {leaf key: the record's value}; leaves without a record are absent
    rows: dict  # {row id: leaf key, or None for a record of a block no item credits}
    pending: frozenset | None = None
    derived: object = None


class CompletionRecords:
    """The learner's edx-completion records in the gate's course: value = completion (0..1)."""

    def __init__(self, course_key, user_id):
        from completion.models import BlockCompletion

        self.course_key, self.model = course_key, BlockCompletion
        self.query = BlockCompletion.objects.filter(user_id=user_id, context_key=course_key)
        # A key of this course as edx-completion stores it: such a row that is no leaf is not credited.
        sample = str(course_key.make_usage_key("t", "b"))
        self.prefix = sample[:sample.index("type@") + len("type@")] if "type@" in sample else sample

    def fingerprint(self):
        from django.db.models import Count, Max

        found = self.query.aggregate(count=Count("id"), latest=Max("modified"))
        return found["count"], found["latest"]

    def rows(self, since=None):
        from carbon_common.models.base import stored_text

        query = self.query if since is None else self.query.filter(modified__gte=since)
        return query.values_list("id", stored_text("block_key"), "completion")

    def leaf(self, text, leaves):
        """The leaf a stored key names (as edx-completion's ``full_block_key``), or None."""
        if text in leaves or text.startswith(self.prefix):
            return text if text in leaves else None
        from opaque_keys import InvalidKeyError
        from opaque_keys.edx.keys import UsageKey

        try:
            key = UsageKey.from_string(text)
        except InvalidKeyError:
            return None
        if key.context_key.is_course and key.run is None:
            key = key.replace(course_key=self.course_key)
        return str(key) if str(key) in leaves else None


class LedgerRecords:
    """The learner's study-ledger credits in the gate's course: value = ``study_intervals.ItemCredit``."""

    def __init__(self, course_key, user_id):
        from carbon_common import ledger

        self.course_key, self.user_id, self.ledger = course_key, user_id, ledger

    def fingerprint(self):
        return self.ledger.credit_fingerprint(self.course_key, self.user_id)

    def rows(self, since=None):
        return self.ledger.credit_rows(self.course_key, self.user_id, since)

    def leaf(self, text, leaves):
        return text if text in leaves else None


def learner_records(gate, user_id, items, source, name) -> Kept:
    """The learner's kept records of ``items``' leaves, reused, brought up to date or read afresh."""
    key = (str(gate.scope_ids.usage_id), user_id, name)
    fingerprint = source.fingerprint()
    kept = _KEPT.get(key)
    if kept is not None and kept.items is items and kept.fingerprint == fingerprint:
        return kept
    fresh = _updated(kept, fingerprint, source) if kept is not None and kept.items is items else None
    if fresh is None:
        fresh = _read(items, fingerprint, source)
    keep(key, fresh)
    return fresh


def keep(key, kept: Kept) -> None:
    """Keep ``kept`` as the learner's latest (also once the caller has made its ``derived``)."""
    with _LOCK:
        _KEPT[key] = kept
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_LEARNERS:
            _KEPT.popitem(last=False)


def forget_kept() -> None:
    """Drop every learner's kept records and sums (tests; a process that must read afresh)."""
    with _LOCK:
        _KEPT.clear()


def _read(items, fingerprint, source) -> Kept:
    leaves = all_completion_keys(items)
    values, rows = {}, {}
    for row_id, text, value in source.rows():
        leaf = rows[row_id] = source.leaf(text, leaves)
        if leaf is not None:
            values[leaf] = value
    return Kept(fingerprint, items, leaves, values, rows)


def _updated(kept, fingerprint, source) -> Kept | None:
    """``kept`` with the rows written since its latest stamp; None when a row was removed (read afresh)."""
    since = kept.fingerprint[1]
    if since is None:
        return None
    found = list(source.rows(since - SLACK))
    new = {row_id for row_id, _text, _value in found if row_id not in kept.rows}
    if fingerprint[0] != len(kept.rows) + len(new):
        return None
    values, rows, changed = dict(kept.values), dict(kept.rows), set()
    for row_id, text, value in found:
        leaf = source.leaf(text, kept.leaves)
        if row_id in rows and rows[row_id] != leaf:  # an id reused by another block's row: one was removed
            return None
        rows[row_id] = leaf
        if leaf is not None and (leaf not in values or values[leaf] != value):
            values[leaf] = value
            changed.add(leaf)
    pending = None if kept.pending is None else kept.pending | changed
    return replace(kept, fingerprint=fingerprint, values=values, rows=rows, pending=pending)
