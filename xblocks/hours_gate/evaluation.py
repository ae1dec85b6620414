"""Evaluate a gate for one learner or for every learner, with a fixed number of queries.

One learner (their own request): one aggregate query over their completion records (verified mode: their
study-ledger credits) and, when it moved, one read of the rows written since (kept.py); one for credits, one
for the application when required, and the unlock bookkeeping. Every learner (staff roster, export):
the same, each done once for the whole course.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from opaque_keys.edx.keys import UsageKey

from carbon_common.compat import course_staff_user_ids, enrolled_users, full_name, with_names

from . import kept, records
from .config import DEFAULT_READING_MINUTES, DEFAULT_VIDEO_SECONDS, VERIFIED_MODE
from .hours import HOURS_MISSING, HoursStatus, ItemSums, MissingFact, all_completion_keys, describe_missing
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
    leaf_types = {key: _block_type(key) for key in keys}
    fallback = getattr(gate, "fallback_video_seconds", None) or DEFAULT_VIDEO_SECONDS
    videos = {key: seconds or fallback  # a length the platform does not know: the author's figure
              for key, seconds in video_seconds(gate, [k for k, kind in leaf_types.items() if kind == "video"]).items()}
    reading = 60 * (getattr(gate, "reading_minutes", None) or DEFAULT_READING_MINUTES)
    return needs_for(leaf_types, videos, reading)


#: {usage key string: its block type}: a key's type never changes; parsing 1,600 keys on every verified-mode call
#: was half of it at 800 lessons (issue 13). Cleared when it grows past the bound.
_BLOCK_TYPES: dict = {}
BLOCK_TYPES_KEPT = 200_000


def _block_type(key: str) -> str:
    found = _BLOCK_TYPES.get(key)
    if found is None:
        if len(_BLOCK_TYPES) >= BLOCK_TYPES_KEPT:
            _BLOCK_TYPES.clear()
        found = _BLOCK_TYPES[key] = UsageKey.from_string(key).block_type
    return found


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


# A learner's later status checks (issue 13): see kept.py. ``derived`` of a kept record is the learner's sums:
# (withheld items, ItemSums) in completion mode; in verified mode (needs, withheld, studied, shares, study, ItemSums).

def forget_kept() -> None:
    """Drop every learner's kept records and sums (tests; a process that must read afresh)."""
    kept.forget_kept()


def _kept_completions(gate, user_id, items, unavailable):
    """(completions, ItemSums) of the learner, from their kept records; None without edx-completion."""
    try:
        source = kept.CompletionRecords(gate.scope_ids.usage_id.context_key, user_id)
    except ImportError:
        return None
    key = (str(gate.scope_ids.usage_id), user_id, "completion")
    found = kept.learner_records(gate, user_id, items, source, "completion")
    derived = found.derived
    if derived is not None and derived[0] == unavailable and found.pending is not None:
        if not found.pending:
            return found.values, derived[1]
        completions = _available(found.values, unavailable)
        sums = derived[1].updated(completions, found.pending)
    else:
        completions = _available(found.values, unavailable)
        sums = ItemSums(items, completions)
    kept.keep(key, dataclasses.replace(found, pending=frozenset(), derived=(unavailable, sums)))
    return completions, sums


def _kept_ledger(gate, user_id, items, needs, unavailable):
    """(studied, shares, study, ItemSums) of the learner in verified mode, from their kept ledger credits."""
    key = (str(gate.scope_ids.usage_id), user_id, "ledger")
    found = kept.learner_records(gate, user_id, items, kept.LedgerRecords(gate.scope_ids.usage_id.context_key,
                                                                           user_id), "ledger")
    derived = found.derived
    if derived is not None and found.pending is not None and derived[0] == needs and derived[1] == unavailable:
        if not found.pending:
            return derived[2:]
        studied, leaf_shares, study = dict(derived[2]), dict(derived[3]), dict(derived[4])
        changed = [leaf for leaf in found.pending if leaf in needs]
        studied.update(_studied(needs, found.values, changed))
        leaf_shares.update(shares({leaf: studied[leaf] for leaf in changed}, needs, video_complete_threshold()))
        for item in items:
            if item.key not in unavailable and found.pending.intersection(item.leaf_keys):
                study[item.key] = item_study(item.key, item.leaf_keys, needs, studied, leaf_shares)
        sums = derived[5].updated(_available(leaf_shares, unavailable), changed)
    else:
        studied = _studied(needs, found.values, needs)
        leaf_shares = shares(studied, needs, video_complete_threshold())
        study = {item.key: item_study(item.key, item.leaf_keys, needs, studied, leaf_shares)
                 for item in items if item.key not in unavailable}
        sums = ItemSums(items, _available(leaf_shares, unavailable))
    kept.keep(key, dataclasses.replace(found, pending=frozenset(),
                                       derived=(needs, unavailable, studied, leaf_shares, study, sums)))
    return studied, leaf_shares, study, sums


def _studied(needs, credits, leaves) -> dict:
    from carbon_common.study_intervals import studied_item

    return {leaf: studied_item(needs[leaf], credits.get(leaf)) for leaf in leaves}


def _available(completions, unavailable):
    return {leaf: value for leaf, value in completions.items() if leaf not in unavailable} if unavailable \
        else completions


def _state(gate, items, completions, credits, application_status, names=None, needs=None,
           kept_sums=None) -> GateState:
    """The learner's state; with ``needs`` (verified mode) ``completions`` are the ledger's {leaf: Studied};
    ``kept_sums``: the learner's own evaluation, (studied, shares, study, ItemSums) already made from kept
    records (``completions`` is then not read)."""
    study = studied = None
    unavailable = gate.resolved_credits().unavailable
    if kept_sums is not None:
        studied, _shares, study, sums = kept_sums
    else:
        if needs is not None:
            studied = completions
            completions = shares(studied, needs, video_complete_threshold())
            study = {item.key: item_study(item.key, item.leaf_keys, needs, studied, completions)
                     for item in items if item.key not in unavailable}
        sums = ItemSums(items, _available(completions, unavailable))
    manual = [records.to_manual_credit(c, names) for c in credits]
    status = sums.status(manual, required=gate.required_decimal())
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
    """The gate for the current learner (their completions come from edx-completion's records, kept between
    calls: kept.py).

    With ``sync`` the unlock record is kept in step (created when the gate opens, removed if it closes).
    """
    items = gate.credit_items()
    unavailable = frozenset(gate.resolved_credits().unavailable)
    completions, needs, kept_sums = {}, None, None
    if is_verified(gate):
        needs = leaf_needs(gate, items)
        kept_sums = _kept_ledger(gate, user_id, items, needs, unavailable) if needs else None
    elif items and gate.runtime.service(gate, "completion") is not None:
        found = _kept_completions(gate, user_id, items, unavailable)
        if found is not None:
            completions, sums = found
            kept_sums = (None, None, None, sums)
        else:  # no edx-completion model: the runtime's service
            keys = sorted(all_completion_keys(items))
            found = gate.runtime.service(gate, "completion").get_completions([UsageKey.from_string(k) for k in keys])
            completions = {str(key): value for key, value in found.items()}
    credits = records.credits_for(gate.scope_ids.usage_id, user_id)
    application = _application_status(gate, [user_id]).get(user_id)
    state = _state(gate, items, completions, credits, application, needs=needs, kept_sums=kept_sums)
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
