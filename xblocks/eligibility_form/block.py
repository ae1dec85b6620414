"""The application XBlock: form, rule check, uploads, review form PDF, staff review and exports.

The rules, validation, upload checks and the PDF live in pure modules (rules, validators, uploads,
photo, review_form); records and the audit trail in ``workflow``; handlers in two mixins.
"""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.settings import XBlockWithSettingsMixin
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from carbon_common.assets import add_shared_js
from carbon_common.i18n import I18nMixin, _, ngettext_noop
from carbon_common.identity import current_learner, is_course_staff
from carbon_common.studio_edits import CANNOT_SAVE, StudioAuthorEditsMixin
from carbon_common.views import results_sheet_url

from . import messages, workflow
from .learner_handlers import LearnerHandlersMixin
from .rules import DEFAULT_RELATED_MAJORS, DEGREE_CHOICES, EDUCATION_CHOICES, OTHER_MAJOR, TRACKS, parse_major_list
from .staff_handlers import READY_REASONS, REPORT_COLUMNS, StaffHandlersMixin
from .validators import GENDERS, ID_TYPES

loader = ResourceLoader(__name__)

COMPLETE_STATUSES = ("submitted", "returned", "approved", "rejected")
NOTICES = {  # status -> (title, what happens next); the learner reads them at the top of the form
    "submitted": (_("Your application has been submitted and is awaiting review."),
                  _("Course staff will check your details and documents. You will see their decision here and receive it by e-mail. Until then the application cannot be changed; you may withdraw it.")),
    "returned": (_("Your application was returned for correction."),
                 _("Correct the items named below, upload any documents asked for, then submit the application again.")),
    "approved": (_("Your application has been approved."),
                 _("You are eligible for the examination: complete the required study hours, then take the final exam in this course.")),
    "rejected": (_("Your application was not approved."),
                 _("The reason is given below. If you think this is a mistake, contact the course staff.")),
}


# The page's scripts, in load order: the pure rules, the views, then EligibilityFormInit.
SCRIPTS = ("eligibility_rules.js", "eligibility_materials.js", "eligibility_learner.js", "eligibility_downloads.js",
           "eligibility_decisions.js", "eligibility_staff.js", "eligibility_form.js")

STATUS_LABELS = {  # status -> what staff and learners read
    "none": _("Not started"), "draft": _("Draft"), "submitted": _("Submitted, awaiting review"),
    "returned": _("Returned for correction"), "approved": _("Approved"), "rejected": _("Rejected"),
}

ACTION_LABELS = {  # the audit trail's action codes, as staff read them
    "application_created": _("Application started"), "consent_given": _("Consent given"),
    "consent_withdrawn": _("Consent withdrawn"), "material_uploaded": _("Document uploaded"),
    "material_replaced": _("Document replaced"), "material_deleted": _("Document deleted"),
    "material_viewed": _("Document viewed"), "application_submitted": _("Application submitted"),
    "application_returned": _("Application returned for correction"), "application_approved": _("Application approved"),
    "application_rejected": _("Application rejected"), "application_withdrawn": _("Application withdrawn"),
    "id_number_revealed": _("Full ID number shown"), "applications_exported": _("Applications exported"),
    "materials_downloaded": _("Documents downloaded"),
}


@XBlock.wants("user")
@XBlock.wants("completion")
@XBlock.wants("settings")
@XBlock.wants("studio_user_permissions")
@XBlock.needs("i18n")
class EligibilityFormBlock(I18nMixin, XBlockWithSettingsMixin, StudioAuthorEditsMixin, StudioEditableXBlockMixin, LearnerHandlersMixin, StaffHandlersMixin, XBlock):
    """The programme's application: six conditions, documents, review form, staff decision."""

    block_settings_key = "eligibility_form"
    has_author_view = True
    # Complete when the learner has submitted (their part is done; staff decide after), published by the block
    # itself from ``submit_application``, never by the courseware's complete-on-view call (docs/eligibility_form.md).
    has_custom_completion = True

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Application"))
    related_majors = String(
        display_name=_("Related majors"),
        help=_("One major per line. Applicants whose major is on this list count as having a related major."),
        scope=Scope.settings, multiline_editor=True, default="\n".join(DEFAULT_RELATED_MAJORS),
    )
    report_status = String(scope=Scope.user_state, default="")  # so the problem-response report lists applicants
    editable_fields = ("display_name", "related_majors")

    # --- shared helpers ------------------------------------------------------------------------
    def text(self, message):
        """A pure-core Message in the learner's language (the runtime's i18n service)."""
        return messages.render(message, self.translator)

    def label(self, category, code):
        return messages.label(category, code, self.translator)

    def related_major_list(self):
        return parse_major_list(self.related_majors or "")

    def limits(self):
        """Upload limits from XBLOCK_SETTINGS["eligibility_form"] (MAX_UPLOAD_BYTES, MAX_IMAGE_PIXELS)."""
        bucket = self.get_xblock_settings(default={}) or {}
        from .uploads import MAX_IMAGE_PIXELS, MAX_UPLOAD_BYTES

        return {"max_bytes": int(bucket.get("MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)),
                "max_pixels": int(bucket.get("MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS))}

    def undo_seconds(self):
        """How long a confirmed staff decision waits, with an Undo button, before it is sent
        (XBLOCK_SETTINGS["eligibility_form"]["DECISION_UNDO_SECONDS"], default 5; 0 sends at once)."""
        bucket = self.get_xblock_settings(default={}) or {}
        try:
            return max(0, min(60, int(bucket.get("DECISION_UNDO_SECONDS", 5))))
        except (TypeError, ValueError):
            return 5

    def choices(self):
        """Choice lists with labels in the learner's language, for the form."""
        def pairs(category, codes):
            return [{"value": code, "label": self.label(category, code)} for code in codes]

        return {
            "gender": pairs("gender", GENDERS),
            "id_type": pairs("id_type", ID_TYPES),
            "education": pairs("education", EDUCATION_CHOICES),
            "degree": pairs("degree", DEGREE_CHOICES),
            "track": pairs("track", TRACKS),
            "major": [{"value": m, "label": m} for m in self.related_major_list()]
            + [{"value": OTHER_MAJOR, "label": self.gettext("Other (type it in)")}],
        }

    # --- views ---------------------------------------------------------------------------------
    def publish_completion_for(self, status):
        """Tell the platform's completion service what this learner's application stands at: complete (1.0)
        once submitted (also while under review, returned, approved or rejected), else not (0.0)."""
        self.runtime.publish(self, "completion", {"completion": 1.0 if status in COMPLETE_STATUSES else 0.0})

    def _catch_up_completion(self, learner):
        """An application submitted before the block published its completion (or seeded) counts as well."""
        from carbon_common.compat import is_masquerading, is_studio

        service = self.runtime.service(self, "completion")
        if service is None or not service.completion_tracking_enabled() or is_studio(self) or is_masquerading(self):
            return
        application = workflow.find(self.scope_ids.usage_id, learner.user_id)
        if application is None or application.status not in COMPLETE_STATUSES:
            return
        usage_key = self.scope_ids.usage_id
        if service.get_completions([usage_key]).get(usage_key, 0.0) < 1.0:
            self.publish_completion_for(application.status)

    def _render(self, template, context):
        # The template tags merge the service's catalogue; the LMS service exposes it by delegating
        # to its `translator`, which we hand over directly (works with any service that has one).
        service = self.runtime.service(self, "i18n")
        return loader.render_django_template(template, context, i18n_service=getattr(service, "translator", service))

    def student_view(self, context=None):
        """The form for learners; course staff also get the review tools."""
        learner = current_learner(self)
        frag = Fragment()
        staff = is_course_staff(learner)
        if learner.is_authenticated:
            self._catch_up_completion(learner)
        if staff:  # their tools first; their own (learner's) form follows, folded away (templates/student.html)
            frag.add_content(self._staff_html(embedded=True))
        frag.add_content(self._render("templates/student.html", {
            "block": self, "choices": self.choices(), "authenticated": learner.is_authenticated,
            "staff": staff, "consent_version": workflow.CONSENT_VERSION,
            "conditions": [self.label("condition", str(n)) for n in range(1, 7)],
        }))
        self._add_assets(frag)
        frag.initialize_js("EligibilityFormInit", {
            "state": self.state_for(learner) if learner.is_authenticated else None,
            "strings": self.js_strings(), "staff": staff, "undo_seconds": self.undo_seconds(),
        })
        return frag

    def staff_view(self, context=None):
        """The review queue (the instructor dashboard shows it)."""
        frag = Fragment(self._staff_html())
        self._add_assets(frag)
        frag.initialize_js("EligibilityFormInit", {"state": None, "strings": self.js_strings(), "staff": True,
                                                   "undo_seconds": self.undo_seconds()})
        return frag

    def author_view(self, context=None):
        return Fragment(self._render("templates/author.html", {"block": self, "majors": self.related_major_list()}))

    def studio_kind_problems(self, values):
        """Both settings are text: anything else is refused whole (``related_majors`` decides who is eligible)."""
        if all(isinstance(value, str) for value in values.values()):
            return []
        return [{"text": self.gettext(CANNOT_SAVE), "type": "error", "field": "values", "code": "invalid"}]

    def _staff_html(self, embedded=False):
        """The review tools; ``embedded`` above the learner's own form (set apart by a rule), else on their own."""
        return self._render("templates/staff.html", {
            "block": self, "embedded": embedded, "statuses": workflow.Application.STATUSES, "reasons": [self.gettext(r) for r in READY_REASONS],
            "status_labels": {s: self.status_label(s) for s in workflow.Application.STATUSES},
            "results_sheet": results_sheet_url(self.scope_ids.usage_id.context_key),
        })

    def _add_assets(self, frag):
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/eligibility_form.css"))
        add_shared_js(frag)
        for script in SCRIPTS:
            frag.add_javascript_url(self.runtime.local_resource_url(self, f"public/js/{script}"))

    def status_label(self, status):
        return self.gettext(STATUS_LABELS.get(status, status))

    def notice_for(self, application):
        """What the learner is told at the top of the form about where the application stands: a title, the
        staff member's reason (when decided) and what to do next; ``None`` before anything was submitted."""
        status = application.status if application else "none"
        texts = NOTICES.get(status)
        if texts is None:
            return None
        title, next_step = texts
        return {"status": status, "title": self.gettext(title), "next": self.gettext(next_step),
                "reason": application.decision_reason if status in ("returned", "rejected", "approved") else ""}

    def js_strings(self):
        return self.js_texts({
            "saved": _("Draft saved."), "saving": _("Saving…"), "failed": _("The request failed. Please try again."),
            "saved_with_problems": _("Draft saved. Please correct the fields marked above."),
            "submit_problems": _("Not submitted yet. Please correct the fields marked above."),
            "uploading": _("Uploading…"), "uploaded": _("Uploaded"), "delete": _("Delete"), "view": _("View"),
            "replace": _("Replace"), "confirm_withdraw": _("Withdraw the application and delete all its documents?"),
            "submitted": _("Your application has been submitted. Course staff will review it; you will see their decision at the top of this form and receive it by e-mail."),
            "withdrawn": _("Your application was withdrawn."),
            "met": _("met"), "not_met": _("not met"), "no_results": _("No applications match."),
            "approve": _("Approve"), "return": _("Return for correction"), "reject": _("Reject"),
            "reason_needed": _("Please give a reason."), "decided": _("Decision recorded."),
            "documents": _("Documents"), "history": _("History"), "show_id": _("Show full ID number"),
            "choose_file": _("Choose file"), "replace_file": _("Choose another file"), "no_file": _("No file chosen"),
            "view_size": _("View ({size})"), "labelled": _("{label}: {text}"), "label_prefix": _("{label}: "),
            "confirm_approve": _("Approve the application of {who}?"),
            "confirm_return": _("Return the application of {who} for correction? Reason: {reason}"),
            "confirm_reject": _("Reject the application of {who}? Reason: {reason}"),
            "confirm_batch": ngettext_noop("Approve this {count} application: {who}?",
                                           "Approve these {count} applications: {who}?"),
            "yes_approve": _("Yes, approve"), "yes_return": _("Yes, return it"), "yes_reject": _("Yes, reject"),
            "cancel": _("Cancel"), "cancelled": _("Cancelled: nothing was changed."), "undo": _("Undo"),
            "pending": ngettext_noop("The decision takes effect in {count} second (the applicant is then e-mailed).",
                                     "The decision takes effect in {count} seconds (the applicant is then e-mailed)."),
            "undone": _("Undone: nothing was changed."),
        })

    def action_label(self, action):
        """The audit trail's action codes, as staff read them in an application's history."""
        return self.gettext(ACTION_LABELS.get(action, action))

    def note_label(self, key):
        """The label of a field or document a reviewer's note concerns."""
        label = self.label("field", key)
        return label if label != key else self.label("material", key)

    # --- reports -------------------------------------------------------------------------------
    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """Problem-response report rows: the applications export's columns (``REPORT_COLUMNS``) under the same
        translated headers, labels not codes, ID masked, times in the site's time zone (the report has no reader
        the block knows of). One query per 500 learners."""
        from itertools import islice

        from carbon_common.compat import user_time_zone
        from carbon_common.exports import csv_cell

        zone, headers = user_time_zone(None), self.export_headers(REPORT_COLUMNS)
        applications = workflow.Application.objects.filter(usage_key=str(self.scope_ids.usage_id)).select_related("user")
        count = 0
        user_state_iterator = iter(user_state_iterator)
        while records := list(islice(user_state_iterator, 500)):
            found = {a.user.username: a for a in applications.filter(user__username__in=[r.username for r in records])}
            for record in records:
                application = found.get(record.username)
                if application is None:
                    continue
                if limit_responses is not None and count >= limit_responses:
                    return
                count += 1
                row = self._export_row(application, reveal=False, columns=REPORT_COLUMNS, zone=zone)
                yield record.username, dict(zip(headers, map(csv_cell, row), strict=True))

    @staticmethod
    def workbench_scenarios():
        return [("Application form", "<eligibility_form/>")]
