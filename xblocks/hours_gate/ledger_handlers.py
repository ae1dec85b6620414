"""Staff view of the study ledger at a gate: one learner's timeline (ledger entries, manual credits and
revocations together) and the anomalies the ledger flagged; and the ledger's columns of the hours export.

Staff only (``require_staff`` first). The ledger itself is ``carbon_common.ledger``.
"""
from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from carbon_common.api import ApiError, json_api
from carbon_common.i18n import _
from carbon_common.inputs import parse_id

from . import messages, records
from .study_view import evidence_label, minutes

KIND_LABELS = {"video": _("Video"), "reading": _("Reading"), "practice": _("Practice check"), "manual": _("Manual credit")}
ANOMALY_LABELS = {
    "impossible_speed": _("Impossible speed: more video claimed than can have been played"),
    "overlapping_sessions": _("Overlapping sessions: studying in two places at once"),
    "long_idle": _("Long idle stretch"),
    "after_closed": _("Event after the item was closed"),
}


def _moment(value):
    """A ledger time (datetime, or seconds since the epoch) as an aware datetime."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=UTC)
    return value


def close_time(value):
    """A block's ``due`` as an aware datetime: the platform's Date field gives one, OLX text is parsed; None
    when there is none or it cannot be read."""
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        try:
            value = parse_datetime(value.strip().strip('"'))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def _iso(value):
    value = _moment(value)
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def ledger_columns(gate, state) -> list:
    """Export cells of one learner (verified mode): minutes studied on credited leaves and their evidence kinds."""
    studied = state.studied or {}
    seconds = sum(float(value.seconds) for value in studied.values())
    kinds = sorted({value.evidence for value in studied.values() if float(value.share) > 0})
    return [float(minutes(seconds)), ", ".join(evidence_label(gate.translator, kind) for kind in kinds)]


class GateLedgerMixin:
    """``staff_timeline``; the block provides ``translator`` (carbon_common.i18n.I18nMixin), ``_require_staff`` and ``_enrolled_user``."""

    def _titles(self, keys):
        """{usage key: display name} of the ledger's items (loaded as staff load them), the key when unknown."""
        from opaque_keys.edx.keys import UsageKey

        titles = {}
        for key in keys:
            try:
                block = self.runtime.get_block(UsageKey.from_string(key))
                titles[key] = getattr(block, "display_name", "") or key
            except Exception:  # a block deleted since, or a key of another course: show the key
                titles[key] = key
        return titles

    def _close_times(self):
        """{leaf key: when its credited item closed}: each resolved item's ``due`` (the platform inherits it down
        from the subsection), for every leaf of the item; items without a due date are left out."""
        from opaque_keys.edx.keys import UsageKey

        from .structure import load

        resolved, closes = self.resolved_credits(), {}
        for item in resolved.items:
            if item.key in resolved.unavailable:
                continue
            try:
                block = load(self.runtime, UsageKey.from_string(item.key))
            except Exception:  # deleted since it was resolved: no close time
                continue
            due = close_time(getattr(block, "due", None)) if block is not None else None
            if due is not None:
                closes.update({leaf: due for leaf in item.leaf_keys})
        return closes

    def _ledger_entry(self, entry, titles):
        t = self.translator
        return {"at": _iso(entry.when), "until": _iso(entry.until), "key": entry.usage_key,
                "title": titles.get(entry.usage_key, entry.usage_key), "kind": entry.kind,
                "kind_label": t.gettext(KIND_LABELS.get(entry.kind, entry.kind)), "minutes": minutes(entry.seconds),
                "claimed_minutes": None if entry.claimed is None else minutes(entry.claimed),
                "session": entry.session, "evidence": entry.evidence,
                "evidence_label": evidence_label(t, entry.evidence),
                "flags": [t.gettext(ANOMALY_LABELS.get(flag, flag)) for flag in entry.anomalies], "hours": None}

    def _credit_entries(self, credit, names):
        t, manual = self.translator, KIND_LABELS["manual"]
        base = {"key": "", "title": credit.reason, "kind": "manual", "kind_label": t.gettext(manual),
                "minutes": None, "claimed_minutes": None, "session": "", "until": None, "flags": [],
                "hours": messages.number(credit.hours)}
        entries = [{**base, "at": _iso(credit.created), "evidence": "manual_credit",
                    "evidence_label": evidence_label(t, "manual_credit"), "by": names.get(credit.created_by_id, "")}]
        if credit.revoked_at:
            entries.append({**base, "at": _iso(credit.revoked_at), "evidence": "manual_revoked",
                            "title": credit.revoked_reason, "evidence_label": evidence_label(t, "manual_revoked"),
                            "by": names.get(credit.revoked_by_id, "")})
        return entries

    @json_api(methods=("GET",))
    def staff_timeline(self, data, request):
        """One learner's study timeline and anomalies: ?user_id=12 (or ?user=username or email)."""
        from carbon_common import ledger

        self._require_staff()
        t = self.translator
        user = None
        user_id = parse_id(data.get("user_id")) if data.get("user_id") not in (None, "") else None
        if user_id:
            from carbon_common.compat import enrolled_users

            user = enrolled_users(self.scope_ids.usage_id.context_key).filter(id=user_id).first()
        elif data.get("user"):
            user = self._enrolled_user(str(data.get("user")))
        if user is None:
            raise ApiError(404, "user_id", t.gettext("No learner enrolled in this course has this username or email."),
                           code="user_not_found")
        course_key = self.scope_ids.usage_id.context_key
        closes = self._close_times()  # evidence after an item's due date is flagged (after_closed)
        timeline, anomalies = ledger.timeline(course_key, user.id, closes), ledger.anomalies(course_key, user.id, closes)
        titles = self._titles({entry.usage_key for entry in timeline} | {a.usage_key for a in anomalies})
        credits = list(records.credits_by_user(self.scope_ids.usage_id, [user.id]).get(user.id, []))
        names = records.staff_names(credits)
        # the ledger lists every gate's credits as "manual" entries; this gate's, with who and why, come from its
        # own records (a credit and, if revoked, its revocation at its own time)
        entries = [self._ledger_entry(entry, titles) for entry in timeline if entry.kind != "manual"]
        entries += [entry for credit in credits for entry in self._credit_entries(credit, names)]
        entries.sort(key=lambda entry: entry["at"] or "")
        return {"user_id": user.id, "username": user.username, "entries": entries, "anomalies": [{
            "kind": anomaly.kind, "label": t.gettext(ANOMALY_LABELS.get(anomaly.kind, anomaly.kind)),
            "key": anomaly.usage_key, "title": titles.get(anomaly.usage_key, anomaly.usage_key),
            "at": _iso(anomaly.when), "session": anomaly.session, "detail": anomaly.detail,
        } for anomaly in anomalies]}
