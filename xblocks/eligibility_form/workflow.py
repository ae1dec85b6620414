"""The application's life on the server: records, documents in storage, state changes and the audit trail.

Django ORM only (no XBlock): the block's handlers check who may do what and call these functions.
Every state change and staff action is written to ``AuditEntry``.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.utils import timezone

from carbon_common.models import Application, ApplicationMaterial, AuditEntry
from carbon_common.storage import delete_upload_on_commit, discard_on_failure, open_upload, save_upload

from .rules import MATERIAL_KINDS, evaluate_conditions, required_materials
from .uploads import EXTENSIONS, UploadInfo, zip_member_name
from .validators import FIELDS, clean_answers, mask_id_number, validate_application

CONSENT_VERSION = "2026-01"
MAX_ANSWER_LENGTH = 500
DECISIONS = {"approve": Application.APPROVED, "return": Application.RETURNED, "reject": Application.REJECTED}


def _record(block_or_keys, action, application, actor_id, **details):
    """Audit entry for `application` (subject = the applicant)."""
    AuditEntry.record(block_or_keys, action, actor_id=actor_id, subject_id=application.user_id,
                      application=application.id, **details)


def _lock(application):
    """Lock the application's row for the rest of the transaction (waits for a concurrent change of it)."""
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk", flat=True))


def find(usage_key, user_id) -> Application | None:
    return Application.objects.filter(usage_key=str(usage_key), user_id=user_id).first()


def get_or_create(block, learner) -> Application:
    usage_key = block.scope_ids.usage_id
    application, created = Application.objects.get_or_create(
        usage_key=str(usage_key), user_id=learner.user_id,
        defaults={"course_key": str(usage_key.context_key), "anonymous_id": learner.anonymous_id},
    )
    if created:
        _record(block, "application_created", application, learner.user_id)
    return application


def restrict_answers(data) -> dict:
    """Only the form's fields, as short strings or booleans (whatever else a client sends is dropped)."""
    answers = {}
    for field in FIELDS:
        if field not in data:
            continue
        value = data[field]
        if isinstance(value, bool) or value is None:
            answers[field] = value
        elif isinstance(value, (int, float)):
            answers[field] = value
        else:
            answers[field] = str(value)[:MAX_ANSWER_LENGTH]
    return answers


def save_answers(block, application, answers, actor_id) -> list[str]:
    """Store the draft's answers and record consent given or withdrawn. Returns the audit actions taken."""
    actions = []
    consent = answers.get("pi_consent") is True
    if consent and (application.consent_at is None or application.consent_version != CONSENT_VERSION):
        application.consent_at, application.consent_version = timezone.now(), CONSENT_VERSION
        actions.append("consent_given")
    elif not consent and application.consent_at is not None:
        application.consent_at, application.consent_version = None, ""
        actions.append("consent_withdrawn")
    application.answers = answers
    application.qualifying_condition = evaluate_conditions(answers, block.related_major_list()).qualifying
    with transaction.atomic():
        application.save()
        for action in actions:
            _record(block, action, application, actor_id, version=CONSENT_VERSION)
        if "consent_withdrawn" in actions:
            _delete_documents(block, application, actor_id)
    return actions


def _delete_documents(block, application, actor_id):
    """Consent withdrawn: every stored document goes (rows now, files once this commits; PIPL art. 15/47)."""
    _lock(application)
    for material in application.materials.select_for_update().order_by("kind"):
        delete_upload_on_commit(material.storage_key)
        material.delete()
        _record(block, "material_deleted", application, actor_id, kind=material.kind, cause="consent_withdrawn")


def materials_by_kind(application) -> dict[str, ApplicationMaterial]:
    return {m.kind: m for m in application.materials.all()}


def attach_material(block, application, kind, info: UploadInfo, data: bytes, filename: str, actor_id):
    """Store an accepted upload as `kind`, replacing (and deleting) any earlier file of that kind.

    The earlier file is deleted only once the new row has committed; if writing the row fails, the new
    file is deleted and the earlier row and file stay as they were.
    """
    key = save_upload(block.scope_ids.usage_id, application.anonymous_id, kind, EXTENSIONS[info.kind][1:], data)
    with discard_on_failure(key), transaction.atomic():
        _lock(application)  # uploads of one application one after another: each replaces the one before
        old = application.materials.select_for_update().filter(kind=kind).first()
        if old is not None:
            delete_upload_on_commit(old.storage_key)
            old.delete()
        material = ApplicationMaterial.objects.create(
            application=application, kind=kind, storage_key=key, original_name=(filename or "")[:255],
            file_type=info.kind, size=info.size,
        )
        _record(block, "material_replaced" if old else "material_uploaded", application, actor_id, kind=kind,
                size=info.size, file_type=info.kind)
    return material


def remove_material(block, application, kind, actor_id) -> bool:
    with transaction.atomic():  # the file goes once the row's deletion has committed
        material = application.materials.select_for_update().filter(kind=kind).first()
        if material is None:
            return False
        delete_upload_on_commit(material.storage_key)
        material.delete()
        _record(block, "material_deleted", application, actor_id, kind=kind)
    return True


def submission_problems(application, related_majors, today=None):
    """(field errors, eligibility result, missing material kinds) for a submit attempt."""
    answers = application.answers
    errors = validate_application(answers, today=today)
    result = evaluate_conditions(answers, related_majors)
    have = materials_by_kind(application)
    missing = [kind for kind in required_materials(answers, result) if kind not in have]
    return errors, result, missing


def submit(block, application, result, actor_id):
    application.answers = clean_answers(application.answers)
    application.status = Application.SUBMITTED
    application.qualifying_condition = result.qualifying
    application.submitted_at = timezone.now()
    application.decided_at, application.decided_by, application.decision_reason = None, None, ""
    application.item_notes = {}  # the corrections asked for are done; the audit trail keeps them
    application.save()
    from .numbering import assign

    assign(application)  # 报名编号: given at the first submission, kept when submitted again
    _record(block, "application_submitted", application, actor_id, condition=result.qualifying,
            number=application.number)


def withdraw(block, application, actor_id):
    """Delete the application and every stored document (PIPL: nothing kept after withdrawal)."""
    with transaction.atomic():  # the files go once the rows' deletion has committed
        for material in application.materials.select_for_update():
            delete_upload_on_commit(material.storage_key)
        _record(block, "application_withdrawn", application, actor_id, status=application.status)
        application.delete()


def review(block, application, decision, reason, notes, actor_id):
    """Apply a staff decision (approve | return | reject) to a submitted application."""
    application.status = DECISIONS[decision]
    application.decided_at = timezone.now()
    application.decided_by_id = actor_id
    application.decision_reason = reason
    application.item_notes = notes if decision == "return" else {}
    application.save()
    _record(block, f"application_{application.status}", application, actor_id, reason=reason, notes=notes)
    from .notify import notify_decision

    notify_decision(block, application)  # e-mail to the learner once this commits


def applications_of(usage_key, status=None, condition=None, submitted_from=None, submitted_to=None):
    rows = Application.objects.filter(usage_key=str(usage_key)).select_related("user")
    if status:
        rows = rows.filter(status=status)
    if condition:
        rows = rows.filter(qualifying_condition=condition)
    if submitted_from:
        rows = rows.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        rows = rows.filter(submitted_at__date__lte=submitted_to)
    return rows


def shown_id(answers, reveal=False) -> str:
    number = answers.get("id_number") or ""
    return number if reveal else mask_id_number(number)


def history(application) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(usage_key=application.usage_key, subject_id=application.user_id,
                                          details__application=application.id).select_related("actor"))


class _ChunkSink:
    """A write-only file for zipfile that hands the written bytes back in chunks."""

    def __init__(self):
        self.chunks, self.position, self.buffered = [], 0, 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        self.buffered += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self) -> bytes:
        data, self.chunks, self.buffered = b"".join(self.chunks), [], 0
        return data


def zip_stream(applications: Iterable[Application], chunk_size=256 * 1024) -> Iterator[bytes]:
    """Every application's documents as one ZIP, produced file by file (never the whole archive in memory).

    Entries: ``<username>/<kind>.<ext>``.
    """
    sink, used = _ChunkSink(), set()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for application in applications:
            for material in application.materials.all().order_by("kind"):
                if material.kind not in MATERIAL_KINDS:
                    continue
                # the username is the user's to choose ("..", "a/b"): every member name is made safe
                name = zip_member_name(application.user.username, f"{material.kind}{EXTENSIONS[material.file_type]}",
                                       used)
                with open_upload(material.storage_key) as source, archive.open(name, "w", force_zip64=True) as entry:
                    while block := source.read(chunk_size):
                        entry.write(block)
                        if sink.buffered >= chunk_size:
                            yield sink.take()
                yield sink.take()
    yield sink.take()
