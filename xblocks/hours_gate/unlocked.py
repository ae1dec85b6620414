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

from django.db import connections, router
from django.db.models import Exists, OuterRef

#: Which eligibility form a gate asks about needs a read of the course structure (``application_key``); on this
#: path it is kept per process for a minute. A key gone stale (a form added or renamed in Studio within the
#: minute) can only fail to find an approved application, which sends the learner to the full evaluation.
FORM_KEY_SECONDS = 60
_FORM_KEYS: dict = {}

# The query is the ORM's, compiled once per process and database with stand-in values, then run with the
# learner's (building it through the ORM on every autosave cost more than running it: issue 13).
_GATE = "block-v1:carbon+standin+gate+type@hours_gate+block@standin"
_FORM = "block-v1:carbon+standin+form+type@eligibility_form+block@standin"
_USER = -130013
_COMPILED: dict = {}


def unlocked_decision(gate, user_id):
    """A :class:`~hours_gate.api.GateDecision` (open) when ``user_id`` holds an unlock record of ``gate`` that still
    stands; None when the gate must be evaluated in full. One query."""
    from .api import GateDecision

    alias = _alias()
    sql, template = _compiled(alias, bool(gate.require_application))
    values = {_GATE: str(gate.scope_ids.usage_id), _USER: int(user_id)}
    if gate.require_application:
        values[_FORM] = _form_key(gate)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [values.get(param, param) for param in template])
        row = cursor.fetchone()
    if row is None or (gate.require_application and not row[1]):
        return None
    return GateDecision(True, [], None, gate.required_decimal())


def _alias():
    from carbon_common.models import GateUnlock

    return router.db_for_read(GateUnlock)


def _compiled(alias, require_application):
    """(SQL, parameters with stand-ins) of the unlock record's query, with the approved application's EXISTS."""
    key = (alias, connections[alias].vendor, require_application)
    if key not in _COMPILED:
        from carbon_common.models import Application, GateUnlock

        found = GateUnlock.objects.using(alias).filter(usage_key=_GATE, user_id=_USER)
        if require_application:
            approved = Application.objects.filter(usage_key=_FORM, user_id=OuterRef("user_id"), status="approved")
            found = found.annotate(approved=Exists(approved)).values_list("unlocked_at", "approved")
        else:
            found = found.values_list("unlocked_at")
        sql, params = found[:1].query.get_compiler(using=alias).as_sql()
        _COMPILED[key] = (sql, tuple(params))
    return _COMPILED[key]


def _form_key(gate) -> str:
    cache_key = (str(gate.scope_ids.usage_id), gate.application_url_name)
    found = _FORM_KEYS.get(cache_key)
    now = time.monotonic()
    if found is None or found[1] < now:
        if len(_FORM_KEYS) > 1000:
            _FORM_KEYS.clear()
        found = _FORM_KEYS[cache_key] = (str(gate.application_key()), now + FORM_KEY_SECONDS)
    return found[0]
