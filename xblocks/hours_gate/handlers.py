"""Handlers of the hours gate: the learner's status, and the staff roster, credits, import and export.

Every staff handler calls ``require_staff`` first. Errors are ``ApiError`` (4xx JSON naming the field).
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from carbon_common.api import ApiError, json_api
from carbon_common.charts import bar_chart_svg
from carbon_common.compat import enrolled_users, require_enrolled
from carbon_common.exports import export_response
from carbon_common.identity import require_learner, require_staff
from carbon_common.inputs import parse_id, text_of
from carbon_common.models import AuditEntry

from . import messages, records
from .distribution import distribution
from .evaluation import is_verified, roster
from .hours_import import DEFAULT_MAX_HOURS, EMAIL, MAX_REASON_LENGTH, parse_hours_file
from .ledger_handlers import ledger_columns

MAX_MANUAL_HOURS = Decimal("1000")
MAX_IMPORT_BYTES = 2 * 1000 * 1000
MAX_IDENTIFIER_LENGTH = 254  # the longest email address; usernames are shorter


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _iso(moment):
    return _local(moment).isoformat(timespec="minutes") if moment else None


class GateHandlersMixin:
    """Handlers; the block provides ``gettext`` (carbon_common.i18n.I18nMixin), ``state_for``, ``status_payload`` and the fields."""

    # --- learner -------------------------------------------------------------------------------
    @json_api(methods=("GET", "POST"))
    def gate_status(self, data, request):
        """The current learner's hours, items, what is missing, and whether the gate is open."""
        learner = require_enrolled(self, require_learner(self, self.gettext("Sign in to see your training hours.")))
        return self.status_payload(self.state_for(learner.user_id))

    # --- staff ---------------------------------------------------------------------------------
    def _require_staff(self):
        return require_staff(self, self.gettext("Only course staff can do this."))

    def _credit_payload(self, credit, names):
        return {
            "id": credit.id, "hours": messages.number(credit.hours), "reason": credit.reason,
            "source": credit.source, "by": names.get(credit.created_by_id, ""), "at": _iso(credit.created),
            "revoked": credit.revoked_at is not None, "revoked_at": _iso(credit.revoked_at),
            "revoked_by": names.get(credit.revoked_by_id, ""), "revoked_reason": credit.revoked_reason,
        }

    def _row_payload(self, row, names):
        status = row.state.status
        return {
            "user_id": row.user_id, "username": row.username, "full_name": row.full_name, "email": row.email,
            "earned": messages.number(status.earned), "required": messages.number(status.required),
            "manual": messages.number(status.manual_total), "missing": messages.number(status.missing),
            "hours_met": status.met, "open": row.state.is_open, "unlocked_at": _iso(row.unlocked_at),
            "application": row.state.application_status,
            "application_label": (messages.application_label(self.translator, row.state.application_status)
                                  if row.state.application_status else ""),
            "credits": [self._credit_payload(credit, names) for credit in row.state.credits],
        }

    def _rows(self, users=None):
        rows = roster(self, users)
        names = records.staff_names(credit for row in rows for credit in row.state.credits)
        return [self._row_payload(row, names) for row in rows]

    def _refresh_learners(self, user_ids):
        """After staff changed credits: keep the learners' unlock records in step; {user_id: roster row}."""
        users = enrolled_users(user_key_course(self)).filter(id__in=list(user_ids))
        rows = [dataclasses.replace(row, unlocked_at=records.sync_unlock(self, row.user_id, row.state.is_open))
                for row in roster(self, users)]
        names = records.staff_names(credit for row in rows for credit in row.state.credits)
        return {row.user_id: self._row_payload(row, names) for row in rows}

    @json_api(methods=("GET",))
    def staff_roster(self, data, request):
        """Every enrolled learner: earned, required, manual credits (with history), status; and the histogram."""
        self._require_staff()
        rows = roster(self)
        names = records.staff_names(credit for row in rows for credit in row.state.credits)
        spread = distribution(((row.state.status.earned, row.state.status.met, row.state.is_open) for row in rows),
                              self.required_decimal())
        return {"required": messages.number(self.required_decimal()),
                "rows": [self._row_payload(row, names) for row in rows],
                "distribution": self._distribution_payload(spread),
                "distribution_html": self._distribution_html(spread)}

    def _distribution_payload(self, spread):
        return {
            "total": spread.total, "hours_met": spread.hours_met, "unlocked": spread.unlocked,
            "buckets": [{"label": b.label, "low_percent": b.low_percent, "high_percent": b.high_percent,
                         "low_hours": messages.number(b.low_hours),
                         "high_hours": None if b.high_hours is None else messages.number(b.high_hours),
                         "met": b.met, "count": b.count} for b in spread.buckets],
        }

    def _distribution_html(self, spread):
        """The histogram (shared SVG chart, the met bucket highlighted) next to a table of the same figures."""
        t = self.translator
        title = t.gettext("Learners by share of the required training hours earned")
        description = t.ngettext("{unlocked} of {total} learner unlocked; {met} have met the hours.",
                                 "{unlocked} of {total} learners unlocked; {met} have met the hours.", spread.total,
                                 unlocked=spread.unlocked, total=spread.total, met=spread.hours_met)
        description += " " + " ".join(t.ngettext("{label}: {count} learner.", "{label}: {count} learners.", b.count,
                                                 label=b.label) for b in spread.buckets)
        svg = bar_chart_svg([(b.label, b.count) for b in spread.buckets], title, description,
                            highlight={len(spread.buckets) - 1}, colour="#0a58ca", highlight_colour="#116329")
        rows = [{"label": b.label, "met": b.met, "count": b.count,
                 "hours": (t.gettext("{low} or more", low=messages.number(b.low_hours)) if b.met else
                           t.gettext("{low} to under {high}", low=messages.number(b.low_hours),
                                     high=messages.number(b.high_hours)))}
                for b in spread.buckets]
        return self._render("templates/distribution.html", {
            "block": self, "svg": svg, "title": title, "rows": rows, "total": spread.total,
            "unlocked": spread.unlocked, "hours_met": spread.hours_met})

    def _enrolled_user(self, identifier):
        identifier = (identifier or "").strip()
        if not identifier or len(identifier) > MAX_IDENTIFIER_LENGTH:  # no username or email is longer
            return None
        users = enrolled_users(self.scope_ids.usage_id.context_key)
        field = "email__iexact" if "@" in identifier else "username__iexact"
        return users.filter(**{field: identifier}).first()

    @json_api(methods=("POST",))
    def staff_credit_hours(self, data, request):
        """Add a manual credit: {"user": username or email, "hours": "2.5" (negative corrects), "reason"}."""
        staff = self._require_staff()
        t = self.translator
        user = self._enrolled_user(text_of(data.get("user")))
        if user is None:
            raise ApiError(400, "user", t.gettext("No learner enrolled in this course has this username or email."),
                           code="user_not_found")
        try:
            hours = Decimal(str(data.get("hours", "")).strip())
        except InvalidOperation:
            hours = None
        if (hours is None or not hours.is_finite() or hours == 0 or abs(hours) > MAX_MANUAL_HOURS
                or hours != hours.quantize(Decimal("0.01"))):
            raise ApiError(400, "hours", t.gettext("Hours must be a non-zero number from -1000 to 1000 with at most "
                                           "two decimals."), code="hours_invalid")
        reason = _reason(data)
        if not reason or len(reason) > MAX_REASON_LENGTH:
            raise ApiError(400, "reason", t.gettext("Please give a reason (at most 500 characters)."), code="reason_invalid")
        credit = records.add_credit(self, user.id, hours, reason, staff.user_id)
        return {"credit_id": credit.id, "row": self._refresh_learners([user.id]).get(user.id)}

    @json_api(methods=("POST",))
    def staff_revoke_credit(self, data, request):
        """Revoke a credit of this gate: {"credit_id": 12, "reason": "..."}."""
        staff = self._require_staff()
        t = self.translator
        reason = _reason(data)
        if not reason or len(reason) > MAX_REASON_LENGTH:
            raise ApiError(400, "reason", t.gettext("Please give a reason (at most 500 characters)."), code="reason_invalid")
        credit_id = parse_id(data.get("credit_id"))  # strict: `true`, 1.0, "²" and ±Infinity are no ids
        credit = records.revoke_credit(self, credit_id, reason, staff.user_id) if credit_id else None
        if credit is None:
            raise ApiError(404, "credit_id", t.gettext("No active credit with this id in this gate."), code="credit_not_found")
        return {"credit_id": credit.id, "row": self._refresh_learners([credit.user_id]).get(credit.user_id)}

    @json_api(methods=("POST",))
    def staff_import_hours(self, data, request):
        """Import hours from a CSV/XLSX upload (field "file"); report rows applied, already applied, refused."""
        staff = self._require_staff()
        t = self.translator
        upload = data.get("file") if hasattr(data, "get") else None
        if upload is None or not hasattr(upload, "file"):
            raise ApiError(400, "file", t.gettext("Choose a CSV or XLSX file to import."), code="file_missing")
        content = upload.file.read(MAX_IMPORT_BYTES + 1)
        if len(content) > MAX_IMPORT_BYTES:
            raise ApiError(400, "file", t.gettext("The file is larger than 2 MB."), code="file_too_large")
        filename = getattr(upload, "filename", "") or getattr(upload, "name", "") or ""
        plan = parse_hours_file(filename, content, DEFAULT_MAX_HOURS)
        if plan.file_errors:
            raise ApiError(400, "file", " ".join(messages.import_error(t, e) for e in plan.file_errors),
                           code="file_invalid")
        users = self._users_for(plan.valid_rows)
        done = records.applied_fingerprints(self.scope_ids.usage_id, [row.fingerprint for row in plan.valid_rows])
        applied, skipped, refused = [], [], []
        with transaction.atomic():
            for row in plan.rows:
                entry = {"row": row.row_number, "identifier": row.identifier,
                         "hours": messages.number(row.hours) if row.hours is not None else "", "reason": row.reason}
                if row.errors:
                    refused.append({**entry, "errors": [messages.import_error(t, e) for e in row.errors]})
                    continue
                if row.fingerprint in done:
                    skipped.append({**entry, "errors": [messages.import_error(t, _Code("already_applied"))]})
                    continue
                user = users.get((row.identifier_kind, row.identifier.casefold()))
                if user is None:
                    refused.append({**entry, "errors": [messages.import_error(t, _Code("user_not_found"))]})
                    continue
                credit = records.import_credit(self, user.id, row.hours, row.reason, staff.user_id, row.fingerprint)
                target = applied if credit is not None else skipped
                target.append({**entry, "username": user.username})
                done.add(row.fingerprint)
        AuditEntry.record(self, "hours_imported", actor_id=staff.user_id, filename=filename[:200],
                          applied=len(applied), skipped=len(skipped), refused=len(refused))
        if applied:
            self._refresh_learners({user.id for user in users.values()})
        summary = t.gettext("Import finished: {applied} applied, {skipped} already applied, {refused} refused.",
                            applied=len(applied), skipped=len(skipped), refused=len(refused))
        return {"applied": applied, "skipped": skipped, "refused": refused, "summary": summary}

    def _users_for(self, rows):
        """{(kind, identifier casefolded): user} for the rows' identifiers, among enrolled learners (one query)."""
        names = {row.identifier.casefold() for row in rows if row.identifier_kind != EMAIL}
        emails = {row.identifier.casefold() for row in rows if row.identifier_kind == EMAIL}
        if not names and not emails:
            return {}
        users = (enrolled_users(user_key_course(self)).annotate(lower_username=Lower("username"),
                                                               lower_email=Lower("email"))
                 .filter(Q(lower_username__in=names) | Q(lower_email__in=emails)))
        found = {}
        for user in users:
            found[("username", user.username.casefold())] = user
            found[(EMAIL, user.email.casefold())] = user
        return found

    def roster_columns(self, zone=None):
        """The roster's columns as staff read them, for the hours export and the problem-response report:
        (headers, row -> values) in the current language; times in ``zone`` (default: Django's current one)."""
        t = self.translator
        headers = [t.gettext("Earned hours"), t.gettext("Required hours"), t.gettext("Manual hours"),
                   t.gettext("Missing hours"), t.gettext("Application"), t.gettext("Status"), t.gettext("Unlocked since")]
        verified = is_verified(self)
        if verified:  # the study ledger's figures behind the earned hours
            headers += [t.gettext("Minutes studied (ledger)"), t.gettext("Evidence")]
        opened, locked = t.gettext("Open"), t.gettext("Locked")

        def values(row):
            status, since = row.state.status, row.unlocked_at
            return [
                status.earned, status.required, status.manual_total, status.missing,
                messages.application_label(t, row.state.application_status) if row.state.application_status else "",
                opened if row.state.is_open else locked,
                (since.astimezone(zone) if zone else _local(since)).replace(tzinfo=None) if since else None,
                *(ledger_columns(self, row.state) if verified else ()),
            ]
        return headers, values

    @json_api(methods=("GET",))
    def export_hours(self, data, request):
        """Download the roster: ?format=csv (UTF-8 with BOM) or ?format=xlsx."""
        self._require_staff()
        t = self.translator
        fmt = data.get("format", "csv")
        columns, values = self.roster_columns()
        headers = [t.gettext("Username"), t.gettext("Full name"), t.gettext("Email"), *columns]
        rows = ([row.username, row.full_name, row.email, *values(row)]
                for row in roster(self))  # written row by row as the export streams
        try:
            return export_response(fmt, f"hours_{self.scope_ids.usage_id.block_id}", headers, rows,
                                   sheet_title=t.gettext("Training hours"))
        except ValueError:
            raise ApiError(400, "format", t.gettext("Choose csv or xlsx."), code="format_invalid")


class _Code:
    """A bare message code for ``messages.import_error``."""

    def __init__(self, code):
        self.code = code
        self.params = {}


def _reason(data):
    """The reason typed, whitespace collapsed; missing, null or not text is "" (never the text "None")."""
    return " ".join((text_of(data.get("reason"), max_length=100 * MAX_REASON_LENGTH) or "").split())


def user_key_course(block):
    return block.scope_ids.usage_id.context_key
