"""Learner handlers: read and save the form, upload documents, submit, withdraw, download the review form."""

from carbon_common.api import ApiError, json_api
from carbon_common.compat import require_enrolled
from carbon_common.exports import download_response
from carbon_common.identity import is_course_staff, require_learner
from carbon_common.inputs import parse_id
from carbon_common.storage import open_upload

from . import workflow
from .materials import prepare_material
from .messages import Problem
from .review_form import render_review_form
from .rules import MATERIAL_KINDS, evaluate_conditions, required_materials
from .uploads import CONTENT_TYPES, EXTENSIONS, IMAGE_KINDS, read_upload
from .validators import invalid_values, validate_application


def file_response(data, file_type, filename):
    """A document download: its own content type, never sniffed, never cached, in a sandbox.

    PDFs (uploaded ones and the review form) are attachments (RFC 5987 file name): a PDF opened by the browser
    could run what it carries in the LMS's origin. JPEG and PNG images stay inline (the staff review shows them),
    with ``Content-Security-Policy: sandbox`` and ``nosniff`` so that they are never anything but an image.
    """
    response = download_response(filename, body=data, content_type=CONTENT_TYPES[file_type],
                                 inline=file_type in IMAGE_KINDS)
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


VIEW_TOKEN_SALT = "eligibility_form.download_material"
VIEW_TOKEN_MAX_AGE = 12 * 3600  # seconds: a review page stays usable for a working day


def _view_token_value(usage_key, application_id, kind, staff_id):
    return f"{usage_key}|{application_id}|{kind}|{staff_id}"


def material_view_token(usage_key, application_id, kind, staff_id):
    """The signed token that lets staff member ``staff_id`` open one applicant's document (the staff review's
    links and previews carry it). Opening another applicant's document is recorded in the staff member's name,
    and a GET skips the CSRF check: without the token a page on another site could make a staff member's browser
    fetch the URL and write ``material_viewed`` entries in their name."""
    from django.core import signing

    value = _view_token_value(usage_key, application_id, kind, staff_id)
    return signing.TimestampSigner(salt=VIEW_TOKEN_SALT).sign(value).rsplit(":", 2)[1:]


def view_token_query(usage_key, application_id, kind, staff_id):
    stamp, signature = material_view_token(usage_key, application_id, kind, staff_id)
    return f"t={stamp}&s={signature}"


def valid_view_token(usage_key, application_id, kind, staff_id, stamp, signature):
    from django.core import signing

    if not isinstance(stamp, str) or not isinstance(signature, str) or not stamp or not signature:
        return False
    value = f"{_view_token_value(usage_key, application_id, kind, staff_id)}:{stamp}:{signature}"
    try:
        signing.TimestampSigner(salt=VIEW_TOKEN_SALT).unsign(value, max_age=VIEW_TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return False
    return True


class LearnerHandlersMixin:
    """Handlers a learner calls on their own application."""

    # --- state ---------------------------------------------------------------------------------
    def eligibility_for(self, answers):
        result = evaluate_conditions(answers, self.related_major_list())
        return result, {
            "qualifying": result.qualifying,
            "eligible": result.eligible,
            "summary": [self.text(m) for m in result.summary()],
            "conditions": [
                {"number": c.number, "text": self.label("condition", str(c.number)), "met": c.met,
                 "missing": [self.text(m) for m in c.missing]}
                for c in result.conditions
            ],
        }

    def material_urls(self, application, material, staff=False):
        query = f"kind={material.kind}"
        if staff:
            from carbon_common.identity import current_learner

            query += f"&application={application.id}&" + view_token_query(
                self.scope_ids.usage_id, application.id, material.kind, current_learner(self).user_id)
        return self.runtime.handler_url(self, "download_material", query=query)

    def materials_for(self, application, answers, result, staff=False):
        have = workflow.materials_by_kind(application) if application else {}
        required = required_materials(answers, result)
        kinds = required + [kind for kind in have if kind not in required]
        return [
            {"kind": kind, "label": self.label("material", kind), "required": kind in required,
             "accepts": "image/jpeg,image/png" if kind == "photo" else "image/jpeg,image/png,application/pdf",
             "file": None if kind not in have else {
                 "name": have[kind].original_name, "size": have[kind].size, "file_type": have[kind].file_type,
                 "uploaded_at": have[kind].uploaded_at.isoformat(), "url": self.material_urls(application, have[kind], staff),
             }}
            for kind in kinds
        ]

    def state_for(self, learner):
        """Everything the form shows: answers, status, eligibility, documents, errors, staff decision."""
        application = workflow.find(self.scope_ids.usage_id, learner.user_id)
        answers = application.answers if application else {"name": learner.full_name, "email": learner.email}
        result, eligibility = self.eligibility_for(answers)
        status = application.status if application else "none"
        errors = validate_application(answers, partial=True) if application else {}
        return {
            "status": status,
            "status_label": self.status_label(status),
            "editable": application is None or application.editable,
            "answers": answers,
            "consent": {"given": bool(application and application.consent_at),
                        "at": application.consent_at.isoformat() if application and application.consent_at else None,
                        "version": application.consent_version if application else ""},
            "eligibility": eligibility,
            "materials": self.materials_for(application, answers, result),
            "errors": {field: self.text(m) for field, m in errors.items()},
            "decision": None if not application or not application.decided_at else {
                "reason": application.decision_reason, "notes": application.item_notes,
                "note_labels": {key: self.note_label(key) for key in application.item_notes or {}},
                "decided_at": application.decided_at.isoformat()},
            "submitted_at": application.submitted_at.isoformat() if application and application.submitted_at else None,
            "notice": self.notice_for(application),
        }

    def _learner(self, write=False):
        """The signed-in, enrolled learner; with ``write``, refused first in Studio and under masquerade."""
        if write:
            self._refuse_preview_writes()
        return require_enrolled(self, require_learner(self, self.gettext("Please sign in to apply.")))

    def _refuse_preview_writes(self):
        """Studio's preview and staff viewing the course as this learner change none of the learner's records."""
        from carbon_common.compat import is_masquerading, is_studio

        if is_studio(self):
            raise ApiError(403, "user", self.gettext("This is a preview in Studio: apply in the LMS. Nothing is saved here."), code="studio_preview")
        if is_masquerading(self):
            raise ApiError(403, "user", self.gettext("You are viewing this course as a learner: nothing you do here is saved."), code="masquerade")

    def _editable_application(self, learner, create=False):
        self._refuse_preview_writes()
        application = (workflow.get_or_create(self, learner) if create
                       else workflow.find(self.scope_ids.usage_id, learner.user_id))
        if application is None:
            raise ApiError(404, "application", self.gettext("You have not started an application yet."),
                           code="no_application")
        if not application.editable:
            raise ApiError(409, "status", self.gettext("This application can no longer be changed."),
                           code="locked")
        return application

    # --- handlers ------------------------------------------------------------------------------
    @json_api(methods=("GET", "POST"))
    def application_state(self, data, request):
        """The learner's application as the form shows it."""
        return self.state_for(self._learner())

    @json_api(methods=("POST",))
    def save_application(self, data, request):
        """Save the draft exactly as typed and re-check the conditions.

        The draft is always stored (nothing typed is lost). When a filled-in field has an invalid value
        (format, range, consistency; an empty field is not one, drafts are partial) the answer is 400
        `invalid_value` naming the first such field, with every such field's message in `errors` and the
        saved `state`; otherwise the state.
        """
        learner = self._learner(write=True)
        application = self._editable_application(learner, create=True)
        # Fields the body does not carry keep their value: an empty body erases neither the draft nor consent
        # (consent is withdrawn only by an explicit `"pi_consent": false`).
        answers = {**(application.answers or {}), **workflow.restrict_answers(data)}
        workflow.save_answers(self, application, answers, learner.user_id)
        self.report_status = application.status
        state = self.state_for(learner)
        invalid = invalid_values(validate_application(application.answers, partial=True))
        if invalid:
            messages = {field: self.text(message) for field, message in invalid.items()}
            field = next(iter(messages))
            raise ApiError(400, field, messages[field], code="invalid_value", errors=messages, state=state)
        return state

    @json_api(methods=("POST",))
    def upload_material(self, data, request):
        """Multipart `kind` + `file`: checked by content, size and (photo) 二寸 rules, then stored."""
        learner = self._learner(write=True)
        self._refuse_preview_writes()
        kind = data.get("kind", "")
        if kind not in MATERIAL_KINDS:
            raise ApiError(400, "kind", self.gettext("Unknown document kind."), code="choice_invalid")
        upload = data.get("file")
        if upload is None or not hasattr(upload, "file"):
            raise ApiError(400, "file", self.gettext("Please choose a file."), code="file_missing")
        application = self._editable_application(learner, create=True)
        if application.consent_at is None:
            raise ApiError(400, "pi_consent", self.gettext(
                "Please agree to the processing of your sensitive personal information before uploading documents."),
                code="consent_required")
        limits = self.limits()
        try:
            content = read_upload(upload.file, limits["max_bytes"])
            info, content = prepare_material(kind, content, **limits)
        except Problem as problem:
            raise ApiError(400, "file", " ".join(self.text(m) for m in problem.messages), code=problem.code,
                           problems=[m.to_dict() for m in problem.messages], kind=kind)
        workflow.attach_material(self, application, kind, info, content, getattr(upload, "filename", ""),
                                 learner.user_id)
        return self.state_for(learner)

    @json_api(methods=("POST",))
    def delete_material(self, data, request):
        learner = self._learner(write=True)
        application = self._editable_application(learner)
        if not workflow.remove_material(self, application, data.get("kind", ""), learner.user_id):
            raise ApiError(404, "kind", self.gettext("There is no such document."), code="not_found")
        return self.state_for(learner)

    @json_api(methods=("GET",))
    def download_material(self, data, request):
        """GET `?kind=`: the owner's own document; course staff add `&application=<id>`."""
        learner = self._learner()
        application_id = data.get("application")
        if application_id:
            if not is_course_staff(learner):
                raise ApiError(403, "user", self.gettext("Only course staff can open other applicants' documents."),
                               code="staff_only")
            application = workflow.Application.objects.filter(
                id=parse_id(application_id) or -1,  # strict: "²" passes str.isdigit but is no id
                usage_key=str(self.scope_ids.usage_id)).exclude(status=workflow.Application.DRAFT).first()  # not drafts
        else:
            application = workflow.find(self.scope_ids.usage_id, learner.user_id)
        material = application.materials.filter(kind=data.get("kind", "")).first() if application else None
        if material is None:
            raise ApiError(404, "kind", self.gettext("There is no such document."), code="not_found")
        if application_id and not valid_view_token(self.scope_ids.usage_id, application.id, material.kind,
                                                    learner.user_id, data.get("t"), data.get("s")):
            raise ApiError(403, "user", self.gettext(
                "This link to the document has expired or is not yours: open the application again."),
                code="token_invalid")
        if application.user_id != learner.user_id:
            workflow.AuditEntry.record(self, "material_viewed", actor_id=learner.user_id,
                                       subject_id=application.user_id, application=application.id, kind=material.kind)
        with open_upload(material.storage_key) as handle:
            content = handle.read()
        return file_response(content, material.file_type, f"{material.kind}{EXTENSIONS[material.file_type]}")

    @json_api(methods=("POST",))
    def submit_application(self, data, request):
        """Check everything on the server (fields, conditions, documents) and submit for review."""
        learner = self._learner(write=True)
        application = self._editable_application(learner)
        errors, result, missing = workflow.submission_problems(application, self.related_major_list())
        if errors:
            field, message = next(iter(errors.items()))
            raise ApiError(400, field, self.text(message), code=message.code,
                           errors={f: self.text(m) for f, m in errors.items()})
        if not result.eligible:
            raise ApiError(400, "conditions", " ".join(self.text(m) for m in result.summary()),
                           code="not_eligible")
        if missing:
            names = "、".join(self.label("material", kind) for kind in missing)
            raise ApiError(400, "materials", self.gettext("Please upload: {documents}", documents=names),
                           code="materials_missing", missing=missing)
        workflow.submit(self, application, result, learner.user_id)
        self.report_status = application.status
        self.publish_completion_for(application.status)  # the learner's part is done: the unit counts as complete
        return self.state_for(learner)

    @json_api(methods=("POST",))
    def withdraw_application(self, data, request):
        """Withdraw and delete the application and its documents (not possible once approved)."""
        learner = self._learner(write=True)
        self._refuse_preview_writes()
        application = workflow.find(self.scope_ids.usage_id, learner.user_id)
        if application is None:
            raise ApiError(404, "application", self.gettext("You have not started an application yet."),
                           code="no_application")
        if application.status == workflow.Application.APPROVED:
            raise ApiError(409, "status", self.gettext("An approved application cannot be withdrawn."),
                           code="locked")
        workflow.withdraw(self, application, learner.user_id)
        self.report_status = "withdrawn"
        self.publish_completion_for("none")  # nothing submitted any more
        return self.state_for(learner)

    @json_api(methods=("GET",))
    def review_form_pdf(self, data, request):
        """The review form (报名审核表) pre-filled with the learner's answers, as a PDF to print and sign."""
        learner = self._learner()
        application = workflow.find(self.scope_ids.usage_id, learner.user_id)
        answers = application.answers if application else {}
        photo = None
        material = application.materials.filter(kind="photo").first() if application else None
        if material is not None:
            with open_upload(material.storage_key) as handle:
                photo = handle.read()
        uploaded = application.materials.values_list("kind", flat=True) if application else ()
        pdf = render_review_form(answers, related_majors=self.related_major_list(), photo=photo,
                                 uploaded=uploaded, reference=(application.number or "") if application else "")
        return file_response(pdf, "pdf", "报名审核表.pdf")
