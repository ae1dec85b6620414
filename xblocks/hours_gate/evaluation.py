"""Evaluate a gate for one learner or for every learner, with a fixed number of queries.

One learner (their own request): one completion query for every credited leaf, one for credits, one
for the application when required, and the unlock bookkeeping. Every learner (staff roster, export):
the same, each done once for the whole course.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from opaque_keys.edx.keys import UsageKey

from carbon_common.compat import course_staff_user_ids, enrolled_users, full_name, with_names

from . import records
from .hours import HOURS_MISSING, HoursStatus, MissingFact, all_completion_keys, describe_missing, earned_hours

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


def _application_status(gate, user_ids):
    """{user_id: status} of the referenced application (one query), or {} when none is required."""
    if not gate.require_application:
        return {}
    from carbon_common.models import Application

    usage_key = gate.application_key()
    return dict(Application.objects.filter(usage_key=str(usage_key), user_id__in=user_ids)
                .values_list("user_id", "status"))


def _state(gate, items, completions, credits, application_status, names=None) -> GateState:
    unavailable = gate.resolved_credits().unavailable
    if unavailable:  # an item withheld from the learner counts as not complete (structure.py's rule)
        completions = {key: value for key, value in completions.items() if key not in unavailable}
    status = earned_hours(items, completions, [records.to_manual_credit(c, names) for c in credits],
                          required=gate.required_decimal())
    app = (application_status or "none") if gate.require_application else None
    facts = describe_missing(status, application_required=gate.require_application,
                             application_status=None if app == "none" else app)
    withheld = [item for item in status.items if item.key in unavailable and item.credit]
    if withheld and not status.met:  # say which items cannot be earned yet, right after the missing hours
        fact = MissingFact(ITEMS_UNAVAILABLE, {"titles": [item.title for item in withheld],
                                               "hours": sum((item.credit for item in withheld), Decimal(0))})
        at = next((i + 1 for i, f in enumerate(facts) if f.code == HOURS_MISSING), 0)
        facts = (*facts[:at], fact, *facts[at:])
    return GateState(status, facts, not facts, app, tuple(credits))


def evaluate_learner(gate, user_id, sync=True) -> GateState:
    """The gate for the current learner (their completions come from the runtime's completion service).

    With ``sync`` the unlock record is kept in step (created when the gate opens, removed if it closes).
    """
    items = gate.credit_items()
    completions = {}
    service = gate.runtime.service(gate, "completion")
    keys = sorted(all_completion_keys(items))
    if service is not None and keys:
        found = service.get_completions([UsageKey.from_string(key) for key in keys])
        completions = {str(key): value for key, value in found.items()}
    credits = records.credits_for(gate.scope_ids.usage_id, user_id)
    application = _application_status(gate, [user_id]).get(user_id)
    state = _state(gate, items, completions, credits, application)
    if not sync:
        return state
    unlocked_at = records.sync_unlock(gate, user_id, state.is_open)
    return GateState(state.status, state.facts, state.is_open, state.application_status, state.credits, unlocked_at)


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
    completions = records.completions_by_user(
        course_key, ids, [UsageKey.from_string(key) for key in all_completion_keys(items)])
    credits = records.credits_by_user(usage_key, ids)
    names = records.staff_names(c for group in credits.values() for c in group)
    applications = _application_status(gate, ids)
    unlocks = records.unlocks_by_user(usage_key)
    rows = []
    for user in user_list:
        state = _state(gate, items, completions.get(user.id, {}), credits.get(user.id, []),
                       applications.get(user.id), names)
        rows.append(RosterRow(user.id, user.username, full_name(user), user.email, state,
                              unlocks.get(user.id) if state.is_open else None))
    return rows
