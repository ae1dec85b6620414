"""Course-staff handlers: the review queue, one application's details, decisions, exports, all documents as a ZIP."""
import functools
from datetime import date, datetime, time, timedelta

from django.db.models import Count

from carbon_common.api import ApiError, error_response, json_api
from carbon_common.charts import bar_chart_svg
from carbon_common.exports import download_response, export_response
from carbon_common.i18n import _
from carbon_common.identity import require_staff
from carbon_common.inputs import parse_id, parse_small_int, text_of
from carbon_common.models import AuditEntry

from . import workflow
from .masking import REVEALABLE, mask_date, mask_mobile, masked_answers
from .rules import major_name
from .validators import FIELDS

READY_REASONS = (
    _("The photo is not a 2-inch colour photo with a blue background."),
    _("The ID document copy is unclear or incomplete; please upload both sides."),
    _("The review form is not signed or not stamped by your employer."),
    _("The diploma or degree certificate copy is missing or unreadable."),
    _("The proof of work does not show the years of relevant work you declared."),
    _("The details in the form do not match the documents."),
)
SHORT_STATUS_LABELS = {  # chart and table labels; status_label() has the long forms
    "draft": _("Draft"), "submitted": _("Awaiting review"), "returned": _("Returned"), "approved": _("Approved"),
    "rejected": _("Rejected"),
}
EXPORT_COLUMNS = (  # (key, header): answer fields take their header from the form's own labels
    ("number", _("Application number")), ("username", _("Username")), ("name", None),
    ("status", _("Status")), ("qualifying_condition", _("Qualifying condition")), ("id_type", None),
    ("id_number", None), ("gender", None), ("birth_date", None), ("mobile", None), ("email", None),
    ("employer", None), ("job_title", None), ("education", None), ("degree", None), ("major", None),
    ("graduation_date", None), ("work_years", None), ("submitted_at", _("Submitted")),
    ("decided_at", _("Decided")), ("decision_reason", _("Decision reason")),
)
REPORT_COLUMNS = tuple(column for column in EXPORT_COLUMNS if column[0] in (  # the problem-response report's
    "number", "status", "qualifying_condition", "education", "degree", "work_years", "submitted_at", "decided_at",
    "id_number"))  # columns: what a report beside the exam's needs, identifiers masked
LABELLED_FIELDS = ("gender", "id_type", "education", "degree")  # answers stored as codes, exported as labels


def heading(text):
    """A field's label as a heading or column title: its first letter capitalised (English labels are written
    to sit inside a sentence; Chinese ones are unchanged)."""
    return text[:1].upper() + text[1:]


def _text_fields(data):
    """The exports' filters and options from a JSON body: text values only (the queue's filters are text)."""
    return {key: value for key, value in data.items() if isinstance(value, str)}


def _parse_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def readable_in_frame(handler):
    """For the download handlers, which the page posts into a hidden frame: a refusal may be shown in a frame of
    the same site (the platform sends every response with X-Frame-Options: DENY), so the page can read it back
    and say it next to the staff tools instead of nothing happening."""
    @functools.wraps(handler)
    def wrapper(self, data, request):
        try:
            return handler(self, data, request)
        except ApiError as error:
            response = error_response(error)
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
            return response

    return wrapper


class StaffHandlersMixin:
    """Handlers only course staff may call (each starts with `require_staff`)."""

    def _staff(self):
        return require_staff(self, self.gettext("Only course staff can do this."))

    def _filtered(self, data):
        """The applications staff may see (never drafts: a learner's unsubmitted data and files are their own)."""
        condition = data.get("condition")
        rows = workflow.applications_of(
            self.scope_ids.usage_id, status=data.get("status") or None,
            condition=parse_small_int(condition, 1, 6),
        ).exclude(status=workflow.Application.DRAFT)
        # `from`/`to` are days in the staff member's time zone (as the queue shows the times)
        zone, first, last = self._time_zone(), _parse_date(data.get("from")), _parse_date(data.get("to"))
        if first:
            rows = rows.filter(submitted_at__gte=datetime.combine(first, time.min, zone))
        if last:
            rows = rows.filter(submitted_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone))
        return rows

    def _time_zone(self):
        """The current staff member's time zone (``compat.user_time_zone``): every time they see or export."""
        from django.contrib.auth import get_user_model

        from carbon_common.compat import user_time_zone
        from carbon_common.identity import current_learner

        user_id = current_learner(self).user_id
        cached = getattr(self, "_carbon_time_zone", None)
        if cached is None or cached[0] != user_id:
            cached = (user_id, user_time_zone(get_user_model().objects.filter(id=user_id).first()))
            self._carbon_time_zone = cached
        return cached[1]

    def _local(self, moment):
        """``moment`` in the staff member's time zone (``None`` stays ``None``)."""
        return moment.astimezone(self._time_zone()) if moment else None

    def _application(self, application_id):
        application = workflow.Application.objects.filter(
            id=parse_id(application_id) or -1,  # strict: `true`, "²" and floats are no ids
            usage_key=str(self.scope_ids.usage_id)).exclude(status=workflow.Application.DRAFT).select_related(
            "user").first()
        if application is None:
            raise ApiError(404, "id", self.gettext("There is no such application."), code="not_found")
        return application

    def _row(self, application):
        answers = application.answers
        return {
            "id": application.id, "number": application.number or "", "username": application.user.username,
            "name": answers.get("name", ""),
            "status": application.status, "status_label": self.status_label(application.status),
            "qualifying_condition": application.qualifying_condition,
            "qualifying_condition_label": self.condition_label(application.qualifying_condition),
            "id_number": workflow.shown_id(answers),
            "submitted_at": self._local(application.submitted_at).isoformat() if application.submitted_at else None,
            "decided_at": self._local(application.decided_at).isoformat() if application.decided_at else None,
        }

    def condition_label(self, number):
        """The qualifying condition as staff read it (条件1 / "Condition 1"); "" when none."""
        return self.gettext("Condition {number}", number=number) if number else ""

    def queue_summary(self):
        """Every application of this block counted by status and by qualifying condition (two queries)."""
        rows = workflow.Application.objects.filter(usage_key=str(self.scope_ids.usage_id))
        statuses = dict(rows.values_list("status").annotate(n=Count("id")).order_by())
        conditions = dict(rows.values_list("qualifying_condition").annotate(n=Count("id")).order_by())
        return {
            "total": sum(statuses.values()),
            "by_status": [{"key": s, "label": self.gettext(SHORT_STATUS_LABELS[s]), "count": statuses.get(s, 0)}
                          for s in workflow.Application.STATUSES],
            "by_condition": [{"key": str(n), "label": self.gettext("Condition {number}", number=n),
                              "count": conditions.get(n, 0)} for n in range(1, 7)]
            + [{"key": "none", "label": self.gettext("None met"), "count": conditions.get(None, 0)}],
        }

    def summary_html(self, summary):
        """The two charts, each next to a table of the same figures."""
        charts = []
        for key, title, heading in (
            ("by_status", self.gettext("Applications by status"), self.gettext("Status")),
            ("by_condition", self.gettext("Applications by qualifying condition"), self.gettext("Qualifying condition")),
        ):
            bars = summary[key]
            description = "; ".join(f"{bar['label']}: {bar['count']}" for bar in bars)
            charts.append({
                "key": key, "title": title, "heading": heading, "bars": bars,
                "svg": bar_chart_svg([(bar["label"], bar["count"]) for bar in bars], title, description, height=200),
            })
        return self._render("templates/summary.html", {"block": self, "charts": charts, "total": summary["total"]})

    @json_api(methods=("GET",))
    def staff_applications(self, data, request):
        """The queue: `status`, `condition` (1-6), `from`/`to` (submission dates, YYYY-MM-DD) filter it.

        Also `summary` (all applications by status and by condition) and `summary_html` (charts and tables).
        """
        self._staff()
        summary = self.queue_summary()
        return {"applications": [self._row(a) for a in self._filtered(data)[:500]], "summary": summary,
                "summary_html": self.summary_html(summary)}

    @json_api(methods=("POST",))
    def staff_reveal_identifiers(self, data, request):
        """POST ``{"id": n}``: the application's full ID number, mobile and birth date; every reveal is recorded."""
        staff = self._staff()
        application = self._application(data.get("id"))
        answers = application.answers
        revealed = {field: answers.get(field, "") for field in REVEALABLE}
        AuditEntry.record(self, "id_number_revealed", actor_id=staff.user_id, subject_id=application.user_id,
                          application=application.id, fields=[field for field in REVEALABLE if revealed[field]])
        return {"id": application.id, "answers": revealed}

    @json_api(methods=("GET",))
    def staff_application_detail(self, data, request):
        """One application: answers (ID number, mobile and birth date masked: ``staff_reveal_identifiers`` shows
        them), documents, history. A GET changes nothing, so it reveals nothing."""
        self._staff()
        application = self._application(data.get("id"))
        answers = masked_answers(application.answers)
        result, eligibility = self.eligibility_for(application.answers)
        labelled = {field: heading(self.label(field, answers[field])) for field in LABELLED_FIELDS if answers.get(field)}
        eligibility = {**eligibility, "summary": self.reviewer_summary(result)}  # about the applicant, not "you"
        return {
            **self._row(application), "answers": answers, "labels": labelled,
            "field_labels": {field: heading(self.label("field", field)) for field in FIELDS},
            "eligibility": eligibility,
            "materials": self.materials_for(application, application.answers, result, staff=True),
            "decision": {"reason": application.decision_reason, "notes": application.item_notes},
            "consent": {"at": self._local(application.consent_at).isoformat() if application.consent_at else None,
                        "version": application.consent_version},
            "history": [{"action": e.action, "action_label": self.action_label(e.action), "at": self._local(e.created).isoformat(),
                         "actor": e.actor.username if e.actor else "", "details": e.details}
                        for e in workflow.history(application)],
        }

    def reviewer_summary(self, result):
        """Where the applicant stands on the six conditions, told to the reviewer (the learner's form says "you")."""
        if result.qualifying is None:
            lines = [self.gettext("The applicant meets none of the six eligibility conditions.")]
        else:
            lines = [self.gettext("The applicant meets eligibility condition {conditions} (applying under condition "
                                  "{condition}).", conditions=self.gettext(", ").join(map(str, result.met)),
                                  condition=result.qualifying)]
        if not result.law_abiding:
            lines.append(self.gettext("The applicant has not declared that they abide by the laws and regulations."))
        return lines

    @json_api(methods=("POST",))
    def staff_review(self, data, request):
        """`decision` approve | return | reject for `id` (or `ids`, approve only); `reason`; `notes` per item."""
        staff = self._staff()
        decision = data.get("decision")
        if not isinstance(decision, str) or decision not in workflow.DECISIONS:
            raise ApiError(400, "decision", self.gettext("Choose approve, return or reject."), code="choice_invalid")
        reason = (text_of(data.get("reason")) or "").strip()[:2000]
        notes = data.get("notes") or {}
        if not isinstance(notes, dict):
            raise ApiError(400, "notes", self.gettext("Notes must name the field or document they concern."),
                           code="invalid")
        notes = {str(k)[:32]: str(v)[:500] for k, v in notes.items() if str(v).strip()}
        if decision == "reject" and not reason:
            raise ApiError(400, "reason", self.gettext("Please give a reason."), code="reason_required")
        if decision == "return" and not (reason or notes):
            raise ApiError(400, "reason", self.gettext("Please say what must be corrected."), code="reason_required")
        ids = data.get("ids") if data.get("ids") is not None else [data.get("id")]
        if not isinstance(ids, list) or not ids or len(ids) > 500 or (len(ids) > 1 and decision != "approve"):
            raise ApiError(400, "ids", self.gettext("Only approval can be given to several applications at once."),
                           code="invalid")
        applications = [self._application(i) for i in ids]
        for application in applications:
            if application.status != workflow.Application.SUBMITTED:
                raise ApiError(409, "status", self.gettext("Only submitted applications can be decided."),
                               code="not_submitted", id=application.id)
        for application in applications:
            workflow.review(self, application, decision, reason, notes, staff.user_id)
        return {"updated": [self._row(a) for a in applications]}

    @json_api(methods=("POST",))  # recorded in the staff member's name: never on a GET, which skips CSRF
    @readable_in_frame
    def export_applications(self, data, request):
        """POST `{"format": "csv|xlsx"}`, same filters as the queue; ID numbers, birth dates and mobiles masked
        unless `"reveal_ids": "1"` (recorded, with the applications revealed)."""
        staff = self._staff()
        data = _text_fields(data)
        reveal = data.get("reveal_ids") == "1"
        fmt = data.get("format", "csv")
        rows = self._filtered(data)
        if not rows.exists():  # say so, rather than hand over a file with only its headers
            raise ApiError(404, "filters", self.gettext("No applications match these filters: nothing to export."),
                           code="nothing_to_export")
        revealed = list(rows.values_list("id", flat=True)) if reveal else []
        AuditEntry.record(self, "applications_exported", actor_id=staff.user_id, format=fmt, reveal_ids=reveal,
                          **({"fields": list(REVEALABLE), "applications": revealed} if reveal else {}))

        def values():
            for application in rows.iterator():
                yield self._export_row(application, reveal)

        try:
            return export_response(fmt, "applications", self.export_headers(), values(),
                                   sheet_title=self.gettext("Applications"))
        except ValueError:
            raise ApiError(400, "format", self.gettext("The format must be csv or xlsx."), code="choice_invalid")

    def export_headers(self, columns=EXPORT_COLUMNS):
        """The export's column headers in the staff member's language."""
        return [self.gettext(header) if header else heading(self.label("field", key)) for key, header in columns]

    def _export_row(self, application, reveal, columns=EXPORT_COLUMNS, zone=None):
        """One application as the export writes it: labels, not codes; local times (``zone``, default the staff
        member's); identifiers masked unless ``reveal``."""
        answers = application.answers
        condition = application.qualifying_condition

        def local(moment):
            return (moment.astimezone(zone) if zone else self._local(moment)).replace(tzinfo=None) if moment else None

        values = {
            "number": application.number or "", "username": application.user.username,
            "status": self.status_label(application.status),
            "qualifying_condition": self.condition_label(condition),
            "id_number": workflow.shown_id(answers, reveal),
            "birth_date": answers.get("birth_date", "") if reveal else mask_date(answers.get("birth_date")),
            "mobile": answers.get("mobile", "") if reveal else mask_mobile(answers.get("mobile")),
            "major": major_name(answers), "submitted_at": local(application.submitted_at),
            "decided_at": local(application.decided_at), "decision_reason": application.decision_reason,
            **{field: heading(self.label(field, answers[field])) for field in LABELLED_FIELDS if answers.get(field)},
        }
        return [values[key] if key in values else answers.get(key, "") for key, _header in columns]

    @json_api(methods=("POST",))  # recorded in the staff member's name: never on a GET, which skips CSRF
    @readable_in_frame
    def download_materials_zip(self, data, request):
        """POST the queue's filters: every (filtered) application's documents as one ZIP, streamed file by file."""
        staff = self._staff()
        data = _text_fields(data)
        filtered = self._filtered(data)
        if not filtered.filter(materials__isnull=False).exists():
            raise ApiError(404, "filters", self.gettext("No documents match these filters: nothing to download."),
                           code="nothing_to_download")
        AuditEntry.record(self, "materials_downloaded", actor_id=staff.user_id, status=data.get("status", ""),
                          applications=list(filtered.filter(materials__isnull=False).distinct()
                                            .order_by("id").values_list("id", flat=True)))
        rows = filtered.iterator(chunk_size=50)
        return download_response("application_documents.zip", app_iter=workflow.zip_stream(rows))
