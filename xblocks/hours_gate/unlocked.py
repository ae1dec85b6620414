"""The gate's verdict for a learner already let in, re-checked in one query (issue 13).

Blocks inside a gate ask it on every learner write (the exam's ``start_exam``, each autosave, ``submit_exam``).
Evaluating the gate walks and resolves every credited item of the course and reads their completions; for a
learner the gate has already let in, the unlock record (``GateUnlock``, kept in step by every full evaluation
and by staff credit changes) says so, and one query re-checks what can close the gate again from outside:

- the unlock record is gone (a full evaluation found the gate closed, or staff revoked a credit: both delete it);
- the gate requires an application and the learner's is no longer approved (withdrawn, returned, rejected).

What this path does not re-check (the next full evaluation does: the learner's ``gate_status``, the gate's own
view, a staff credit change): completions taken back, required hours raised or credits changed in Studio, a
credited item withheld later. A learner let in stays in until then, which also spares an examinee being locked
out mid-exam by a settings change.
"""
from __future__ import annotations

import time

from django.db.models import Exists, OuterRef

#: Which eligibility form a gate asks about needs a read of the course structure (``application_key``); on this
#: path it is kept per process for a minute. A key gone stale (a form added or renamed in Studio within the
#: minute) can only fail to find an approved application, which sends the learner to the full evaluation.
FORM_KEY_SECONDS = 60
_FORM_KEYS: dict = {}


def unlocked_decision(gate, user_id):
    """A :class:`~hours_gate.api.GateDecision` (open) when ``user_id`` holds an unlock record of ``gate`` that still
    stands; None when the gate must be evaluated in full. One query."""
    from carbon_common.models import Application, GateUnlock

    from .api import GateDecision

    found = GateUnlock.objects.filter(usage_key=str(gate.scope_ids.usage_id), user_id=user_id)
    if gate.require_application:
        approved = Application.objects.filter(usage_key=_form_key(gate), user_id=OuterRef("user_id"),
                                              status="approved")
        row = found.annotate(approved=Exists(approved)).values_list("unlocked_at", "approved").first()
        if row is None or not row[1]:
            return None
    elif not found.exists():
        return None
    return GateDecision(True, [], None, gate.required_decimal())


def _form_key(gate) -> str:
    cache_key = (str(gate.scope_ids.usage_id), gate.application_url_name)
    found = _FORM_KEYS.get(cache_key)
    now = time.monotonic()
    if found is None or found[1] < now:
        if len(_FORM_KEYS) > 1000:
            _FORM_KEYS.clear()
        found = _FORM_KEYS[cache_key] = (str(gate.application_key()), now + FORM_KEY_SECONDS)
    return found[0]
