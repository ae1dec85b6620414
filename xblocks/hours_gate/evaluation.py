"""Evaluate a gate for one learner or for every learner, with a fixed number of queries.

One learner (their own request): one completion query (verified mode: one study-ledger query) for every
credited leaf, one for credits, one
for the application when required, and the unlock bookkeeping. Every learner (staff roster, export):
the same, each done once for the whole course.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from opaque_keys.edx.keys import UsageKey

from carbon_common.compat import course_staff_user_ids, enrolled_users, full_name, with_names

from . import records
from .config import DEFAULT_READING_MINUTES, DEFAULT_VIDEO_SECONDS, VERIFIED_MODE
from .hours import HOURS_MISSING, HoursStatus, MissingFact, all_completion_keys, describe_missing, earned_hours
from .structure import video_seconds
from .verified import item_study, needs_for, shares

#: Message code: credited items withheld from the learner (their hours cannot be earned yet; see structure.py).
ITEMS_UNAVAILABLE = "items_unavailable"


@dataclass(frozen=True)
class GateState:
    """Where one learner stands at one gate."""

    status: HoursStatus
    facts: tuple[MissingFact, ...]
    is_open: bool
    application_status: str | None  # none|draft|... when the gate requires an application, else None
    credits: tuple
    unlocked_at: datetime | None = None
    study: Mapping | None = None  # verified mode: {item key: verified.ItemStudy}
    studied: Mapping | None = None  # verified mode: {leaf key: the ledger's Studied}


def is_verified(gate) -> bool:
    """True when the gate counts the study ledger rather than the platform's completion records."""
    return getattr(gate, "hours_mode", "") == VERIFIED_MODE


def video_complete_threshold() -> float:
    """The platform's share of a video that completes it (``COMPLETION_VIDEO_COMPLETE_PERCENTAGE``, 0.95)."""
    from django.conf import settings

    return float(getattr(settings, "COMPLETION_VIDEO_COMPLETE_PERCENTAGE", 0.95))


def leaf_needs(gate, items) -> dict:
    """{leaf key: Need} of the credited leaves (verified mode); items withheld from the user are left out."""
    unavailable = gate.resolved_credits().unavailable
    keys = all_completion_keys(item for item in items if item.key not in unavailable)
    leaf_types = {key: UsageKey.from_string(key).block_type for key in keys}
    fallback = getattr(gate, "fallback_video_seconds", None) or DEFAULT_VIDEO_SECONDS
    videos = {key: seconds or fallback  # a length the platform does not know: the author's figure
              for key, seconds in video_seconds(gate, [k for k, kind in leaf_types.items() if kind == "video"]).items()}
    reading = 60 * (getattr(gate, "reading_minutes", None) or DEFAULT_READING_MINUTES)
    return needs_for(leaf_types, videos, reading)


def ledger_studied(gate, user_ids, needs) -> dict:
    """{user_id: {leaf key: Studied}} from the study ledger, one query whatever the number of learners."""
    from carbon_common import ledger

    if not needs:
        return {}
    return ledger.studied(gate.scope_ids.usage_id.context_key, user_ids, needs)


def _application_status(gate, user_ids):
    """{user_id: status} of the referenced application (one query), or {} when none is required."""
    if not gate.require_application:
        return {}
    from eligibility_form.api import application_statuses

    return {user_id: found.status for user_id, found in application_statuses(gate.application_key(), user_ids).items()}


# A learner's later status checks (issue 13) -----------------------------------------------------------------
# Reading a learner's completions of every credited leaf (edx-completion parses two opaque keys a row: ~1,600 rows
# at 800 lessons) and summing exact hours over every item grow with the course. A learner's later call finds both
# kept when one aggregate query says their completions in the course are as they were (same count, same latest
# ``modified``: edx-completion stamps every write) and the credited items are the same resolved object (kept per
# content version by structure.py). Manual credits, the application and the required hours are read as always.

#: Per process, least recently used dropped first: (gate, user id) -> _Kept. Bounded: an entry holds the
#: learner's completions and sums (~1,600 values at 800 lessons).
KEPT_LEARNERS = 256
_KEPT: OrderedDict = OrderedDict()
_KEPT_LOCK = threading.Lock()


@dataclass
class _Kept:
    fingerprint: tuple | None
    items: tuple
    completions: dict
    sums: tuple | None = None  # ((manual credits, required, withheld), HoursStatus) of the last sum


def completions_fingerprint(gate, user_id) -> tuple | None:
    """(count, latest ``modified``) of the learner's completion records in the gate's course: one aggregate
    query; None where edx-completion's model is not installed (nothing is then kept)."""
    try:
        from completion.models import BlockCompletion
    except ImportError:
        return None
    from django.db.models import Count, Max

    found = BlockCompletion.objects.filter(user_id=user_id, context_key=gate.scope_ids.usage_id.context_key)\
        .aggregate(count=Count("id"), latest=Max("modified"))
    return found["count"], found["latest"]


def _keep(gate, user_id, kept):
    if kept.fingerprint is None:
        return
    with _KEPT_LOCK:
        _KEPT[(str(gate.scope_ids.usage_id), user_id)] = kept
        _KEPT.move_to_end((str(gate.scope_ids.usage_id), user_id))
        while len(_KEPT) > KEPT_LEARNERS:
            _KEPT.popitem(last=False)


def forget_kept() -> None:
    """Drop every learner's kept completions and sums (tests; a process that must read afresh)."""
    with _KEPT_LOCK:
        _KEPT.clear()


def _summed(gate, user_id, items, completions, manual, unavailable) -> HoursStatus:
    """``earned_hours`` of the learner, reused when the same kept completions meet the same items, manual credits,
    required hours and withheld items."""
    required = gate.required_decimal()
    kept = _KEPT.get((str(gate.scope_ids.usage_id), user_id)) if user_id is not None else None
    same = kept is not None and kept.completions is completions and kept.items is items
    key = (manual, required, frozenset(unavailable))
    if same and kept.sums is not None and kept.sums[0] == key:
        return kept.sums[1]
    if unavailable:  # an item withheld from the learner counts as not complete (structure.py's rule)
        completions = {leaf: value for leaf, value in completions.items() if leaf not in unavailable}
    status = earned_hours(items, completions, manual, required=required)
    if same:
        kept.sums = (key, status)
    return status


def _state(gate, items, completions, credits, application_status, names=None, needs=None, user_id=None) -> GateState:
    """The learner's state; with ``needs`` (verified mode) ``completions`` are the ledger's {leaf: Studied};
    ``user_id``: the learner's own evaluation, whose sum may be kept (:func:`_summed`)."""
    study = studied = None
    unavailable = gate.resolved_credits().unavailable
    if needs is not None:
        studied = completions
        completions = shares(studied, needs, video_complete_threshold())
        study = {item.key: item_study(item.key, item.leaf_keys, needs, studied, completions)
                 for item in items if item.key not in unavailable}
    manual = [records.to_manual_credit(c, names) for c in credits]
    status = _summed(gate, user_id if needs is None else None, items, completions, manual, unavailable)
    app = (application_status or "none") if gate.require_application else None
    facts = describe_missing(status, application_required=gate.require_application,
                             application_status=None if app == "none" else app)
    withheld = [item for item in status.items if item.key in unavailable and item.credit]
    if withheld and not status.met:  # say which items cannot be earned yet, right after the missing hours
        fact = MissingFact(ITEMS_UNAVAILABLE, {"titles": [item.title for item in withheld],
                                               "hours": sum((item.credit for item in withheld), Decimal(0))})
        at = next((i + 1 for i, f in enumerate(facts) if f.code == HOURS_MISSING), 0)
        facts = (*facts[:at], fact, *facts[at:])
    return GateState(status, facts, not facts, app, tuple(credits), study=study, studied=studied)


def evaluate_learner(gate, user_id, sync=True) -> GateState:
    """The gate for the current learner (their completions come from the runtime's completion service).

    With ``sync`` the unlock record is kept in step (created when the gate opens, removed if it closes).
    """
    items = gate.credit_items()
    completions, needs = {}, None
    service = gate.runtime.service(gate, "completion")
    if is_verified(gate):
        needs = leaf_needs(gate, items)
        completions = ledger_studied(gate, [user_id], needs).get(user_id, {})
    elif service is not None and items:
        fingerprint = completions_fingerprint(gate, user_id)
        kept = _KEPT.get((str(gate.scope_ids.usage_id), user_id))
        if fingerprint is not None and kept is not None and kept.fingerprint == fingerprint and kept.items is items:
            completions = kept.completions  # nothing completed, changed or removed since: the sums below reused
        elif keys := sorted(all_completion_keys(items)):
            found = service.get_completions([UsageKey.from_string(key) for key in keys])
            completions = {str(key): value for key, value in found.items()}
            _keep(gate, user_id, _Kept(fingerprint, items, completions))
    credits = records.credits_for(gate.scope_ids.usage_id, user_id)
    application = _application_status(gate, [user_id]).get(user_id)
    state = _state(gate, items, completions, credits, application, needs=needs, user_id=user_id)
    if not sync:
        return state
    return dataclasses.replace(state, unlocked_at=records.sync_unlock(gate, user_id, state.is_open))


@dataclass(frozen=True)
class RosterRow:
    user_id: int
    username: str
    full_name: str
    email: str
    state: GateState
    unlocked_at: datetime | None


def learners(course_key):
    """Enrolled users who are learners: course staff and instructors are left out (a User queryset)."""
    return enrolled_users(course_key).exclude(id__in=course_staff_user_ids(course_key))


def roster(gate, users=None) -> list[RosterRow]:
    """The state of ``users`` (a User queryset; default every enrolled learner, staff and instructors
    left out), in username order.

    A fixed number of queries whatever the number of learners or credited items.
    """
    course_key = gate.scope_ids.usage_id.context_key
    usage_key = gate.scope_ids.usage_id
    users = learners(course_key) if users is None else users
    user_list = list(with_names(users))
    if not user_list:
        return []
    ids = users.values("id")
    items = gate.credit_items()
    needs = leaf_needs(gate, items) if is_verified(gate) else None
    if needs is not None:
        completions = ledger_studied(gate, [user.id for user in user_list], needs)
    else:
        completions = records.completions_by_user(
            course_key, ids, [UsageKey.from_string(key) for key in all_completion_keys(items)])
    credits = records.credits_by_user(usage_key, ids)
    names = records.staff_names(c for group in credits.values() for c in group)
    applications = _application_status(gate, ids)
    unlocks = records.unlocks_by_user(usage_key)
    rows = []
    for user in user_list:
        state = _state(gate, items, completions.get(user.id, {}), credits.get(user.id, []),
                       applications.get(user.id), names, needs)
        rows.append(RosterRow(user.id, user.username, full_name(user), user.email, state,
                              unlocks.get(user.id) if state.is_open else None))
    return rows
