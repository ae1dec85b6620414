"""The application XBlock: form, rule check, uploads, review form PDF, staff review and exports.

The rules, validation, upload checks and the PDF live in pure modules (rules, validators, uploads,
photo, review_form); records and the audit trail in ``workflow``; handlers in two mixins.
"""
from django.utils import translation
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from carbon_common.api import ApiError, json_api
from carbon_common.assets import add_shared_js
from carbon_common.identity import current_learner, is_course_staff, require_studio_author

from . import messages, workflow
from .learner_handlers import LearnerHandlersMixin
from .rules import DEFAULT_RELATED_MAJORS, DEGREE_CHOICES, EDUCATION_CHOICES, OTHER_MAJOR, parse_major_list
from .staff_handlers import READY_REASONS, StaffHandlersMixin
from .validators import GENDERS, ID_TYPES, mask_id_number

loader = ResourceLoader(__name__)


def _(text):
    """Mark a string for translation; it is translated through the i18n service where shown."""
    return text


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


@XBlock.wants("user")
@XBlock.wants("completion")
@XBlock.wants("settings")
@XBlock.wants("studio_user_permissions")
@XBlock.needs("i18n")
class EligibilityFormBlock(StudioEditableXBlockMixin, LearnerHandlersMixin, StaffHandlersMixin, XBlock):
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
    def ugettext(self, text):
        return self.runtime.service(self, "i18n").gettext(text)

    @staticmethod
    def language():
        return translation.get_language() or "zh-cn"

    def text(self, message):
        """A pure-core Message in the learner's language."""
        return messages.render(message, self.language())

    def label(self, category, code):
        return messages.label(category, code, self.language())

    def related_major_list(self):
        return parse_major_list(self.related_majors or "")

    def limits(self):
        """Upload limits from XBLOCK_SETTINGS["eligibility_form"] (MAX_UPLOAD_BYTES, MAX_IMAGE_PIXELS)."""
        service = self.runtime.service(self, "settings")
        bucket = service.get_settings_bucket(self) if service else {}
        from .uploads import MAX_IMAGE_PIXELS, MAX_UPLOAD_BYTES

        return {"max_bytes": int(bucket.get("MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)),
                "max_pixels": int(bucket.get("MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS))}

    def undo_seconds(self):
        """How long a confirmed staff decision waits, with an Undo button, before it is sent
        (XBLOCK_SETTINGS["eligibility_form"]["DECISION_UNDO_SECONDS"], default 5; 0 sends at once)."""
        service = self.runtime.service(self, "settings")
        bucket = service.get_settings_bucket(self) if service else {}
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
            "major": [{"value": m, "label": m} for m in self.related_major_list()]
            + [{"value": OTHER_MAJOR, "label": self.ugettext("Other (type it in)")}],
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
        frag.add_content(self._render("templates/student.html", {
            "block": self, "choices": self.choices(), "authenticated": learner.is_authenticated,
            "staff": staff, "consent_version": workflow.CONSENT_VERSION,
            "conditions": [self.label("condition", str(n)) for n in range(1, 7)],
        }))
        if staff:
            frag.add_content(self._staff_html(embedded=True))
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

    @json_api(methods=("POST",))
    def submit_studio_edits(self, data, request):
        """Studio's Save (StudioEditableXBlockMixin's handler), for Studio authors only: ``related_majors``
        decides who is eligible, so a learner must never reach it (403, and always through the LMS).
        Refusals also carry ``messages`` ([{"text", "type"}]), which xblock-utils' Studio editor shows."""
        from xblock.exceptions import JsonHandlerError

        try:
            require_studio_author(self, self.ugettext("Only course authors can change these settings."))
            values, defaults = data.get("values", {}), data.get("defaults", [])
            if not isinstance(values, dict) or not isinstance(defaults, list) \
                    or any(not isinstance(values[name], str) for name in self.editable_fields if name in values):
                raise ApiError(400, "values", self.ugettext("These settings cannot be saved."), code="invalid")
            edit = StudioEditableXBlockMixin.submit_studio_edits.__wrapped__
            try:
                return edit(self, {"values": values, "defaults": defaults})
            except JsonHandlerError as error:
                raise ApiError(error.status_code, "values", self.ugettext("These settings cannot be saved."),
                               code="invalid", details=getattr(error, "message", ""))
        except ApiError as error:
            error.extra.setdefault("messages", [{"text": str(error.message), "type": "error"}])
            raise

    def _staff_html(self, embedded=False):
        """The review tools; ``embedded`` below the learner's form (set apart by a rule), else on their own."""
        return self._render("templates/staff.html", {
            "block": self, "embedded": embedded, "statuses": workflow.Application.STATUSES, "reasons": [self.ugettext(r) for r in READY_REASONS],
            "status_labels": {s: self.status_label(s) for s in workflow.Application.STATUSES},
        })

    def _add_assets(self, frag):
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/eligibility_form.css"))
        add_shared_js(frag)
        for script in SCRIPTS:
            frag.add_javascript_url(self.runtime.local_resource_url(self, f"public/js/{script}"))

    def status_label(self, status):
        return self.ugettext({
            "none": "Not started", "draft": "Draft", "submitted": "Submitted, awaiting review",
            "returned": "Returned for correction", "approved": "Approved", "rejected": "Rejected",
        }.get(status, status))

    def notice_for(self, application):
        """What the learner is told at the top of the form about where the application stands: a title, the
        staff member's reason (when decided) and what to do next; ``None`` before anything was submitted."""
        status = application.status if application else "none"
        texts = NOTICES.get(status)
        if texts is None:
            return None
        title, next_step = texts
        return {"status": status, "title": self.ugettext(title), "next": self.ugettext(next_step),
                "reason": application.decision_reason if status in ("returned", "rejected", "approved") else ""}

    def js_strings(self):
        t = self.ugettext
        return {key: t(text) for key, text in {
            "saved": "Draft saved.", "saving": "Saving…", "failed": "The request failed. Please try again.",
            "saved_with_problems": "Draft saved. Please correct the fields marked above.",
            "submit_problems": "Not submitted yet. Please correct the fields marked above.",
            "uploading": "Uploading…", "uploaded": "Uploaded", "delete": "Delete", "view": "View",
            "replace": "Replace", "confirm_withdraw": "Withdraw the application and delete all its documents?",
            "submitted": "Your application has been submitted. Course staff will review it; you will see their decision at the top of this form and receive it by e-mail.",
            "withdrawn": "Your application was withdrawn.",
            "met": "met", "not_met": "not met", "no_results": "No applications match.",
            "approve": "Approve", "return": "Return for correction", "reject": "Reject",
            "reason_needed": "Please give a reason.", "decided": "Decision recorded.",
            "documents": "Documents", "history": "History", "show_id": "Show full ID number",
            "choose_file": "Choose file", "replace_file": "Choose another file", "no_file": "No file chosen",
            "view_size": "View ({size})", "labelled": "{label}: {text}", "label_prefix": "{label}: ",
            "confirm_approve": "Approve the application of {who}?",
            "confirm_return": "Return the application of {who} for correction? Reason: {reason}",
            "confirm_reject": "Reject the application of {who}? Reason: {reason}",
            "confirm_batch": "Approve these {count} applications: {who}?",
            "yes_approve": "Yes, approve", "yes_return": "Yes, return it", "yes_reject": "Yes, reject",
            "cancel": "Cancel", "cancelled": "Cancelled: nothing was changed.", "undo": "Undo",
            "pending": "The decision takes effect in {seconds} seconds (the applicant is then e-mailed).",
            "undone": "Undone: nothing was changed.",
        }.items()}

    def action_label(self, action):
        """The audit trail's action codes, as staff read them in an application's history."""
        return self.ugettext({
            "application_created": "Application started", "consent_given": "Consent given",
            "consent_withdrawn": "Consent withdrawn", "material_uploaded": "Document uploaded",
            "material_replaced": "Document replaced", "material_deleted": "Document deleted",
            "material_viewed": "Document viewed", "application_submitted": "Application submitted",
            "application_returned": "Application returned for correction", "application_approved": "Application approved",
            "application_rejected": "Application rejected", "application_withdrawn": "Application withdrawn",
            "id_number_revealed": "Full ID number shown", "applications_exported": "Applications exported",
            "materials_downloaded": "Documents downloaded",
        }.get(action, action))

    def note_label(self, key):
        """The label of a field or document a reviewer's note concerns."""
        label = self.label("field", key)
        return label if label != key else self.label("material", key)

    # --- reports -------------------------------------------------------------------------------
    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """Problem-response report rows: status, condition, education, years, times (the site's time zone, as the
        other exports write them), ID masked."""
        from carbon_common.compat import user_time_zone

        usage_key = str(self.scope_ids.usage_id)
        zone = user_time_zone(None)  # the report has no reader the block knows of: the site's time zone

        def local(moment):
            return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") if moment else ""

        count = 0
        for record in user_state_iterator:
            if limit_responses is not None and count >= limit_responses:
                return
            application = workflow.Application.objects.filter(
                usage_key=usage_key, user__username=record.username).first()
            if application is None:
                continue
            answers = application.answers
            count += 1
            yield record.username, {
                "status": application.status,
                "qualifying_condition": application.qualifying_condition or "",
                "education": answers.get("education", ""),
                "degree": answers.get("degree", ""),
                "work_years": answers.get("work_years", ""),
                "submitted_at": local(application.submitted_at),
                "decided_at": local(application.decided_at),
                "id_number": mask_id_number(answers.get("id_number", "")),
            }

    @staticmethod
    def workbench_scenarios():
        return [("Application form", "<eligibility_form/>")]
