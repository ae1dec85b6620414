"""Erasing a learner's personal data: the platform's user retirement, and files that go with their rows.

Open edX retires a user through its retirement pipeline: the ``retire_misc`` step (``LMSAccountRetirementView``)
sends ``USER_RETIRE_LMS_MISC(sender, user)``, the ``retire`` step (``AccountRetirementView``) sends
``USER_RETIRE_LMS_CRITICAL(sender, user)`` before it renames the user. Both signals live in
``openedx.core.djangoapps.user_api.accounts.signals``; :func:`connect` hooks :func:`retire_user` to both (it is
idempotent, so whichever steps a site's pipeline runs, the data is gone after the first).

Outside Open edX the module named by the ``CARBON_XBLOCKS_RETIREMENT_SIGNALS`` setting provides signals of the
same names and arguments (devsite's ``devsite.lms.retirement`` does); without it nothing is connected.

What :func:`retire_user` does to the user's records (see each model's ``.. pii:`` annotation):

- applications: answers, decision reason, item notes and anonymous id blanked; status, qualifying condition,
  consent version and dates kept (statistics, and the gate's verdict for the retired account);
- documents: rows deleted, files deleted from storage once the transaction commits;
- audit entries about the user: details reduced to :data:`KEPT_DETAILS`, marked ``retired``;
- hour credits: reasons and import fingerprints blanked, hours kept;
- extra exam time (an accommodation) deleted; staff free text on exam attempts blanked;
- study ledger evidence (``StudyEvent``: what was played or read, when, from which session) deleted; the credited
  seconds (``StudyCredit``) kept.

Independently of retirement, :func:`delete_files_with_rows` (a ``post_delete`` receiver) deletes a document's file
whenever its row is deleted, by whatever route (deleting the Django user cascades to applications and documents),
and :func:`retire_before_delete` (``pre_delete`` of the user model) anonymises what outlives a deleted user.
"""
import importlib
import logging

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

SIGNAL_NAMES = ("USER_RETIRE_LMS_MISC", "USER_RETIRE_LMS_CRITICAL")
PLATFORM_SIGNALS = "openedx.core.djangoapps.user_api.accounts.signals"

# Audit detail keys that say nothing about the person: ids, counts, kinds, statuses, figures.
KEPT_DETAILS = frozenset({
    "application", "kind", "size", "file_type", "version", "status", "condition", "credit", "hours", "source",
    "attempt", "attempts", "question", "points", "earned", "possible", "minutes", "format", "reveal_ids", "fields",
    "applied", "skipped", "refused", "count", "cause", "retention_days",
})


def signals_module():
    """The module defining the retirement signals: the platform's, else ``CARBON_XBLOCKS_RETIREMENT_SIGNALS``."""
    try:
        return importlib.import_module(PLATFORM_SIGNALS)  # Open edX
    except ImportError:
        name = getattr(settings, "CARBON_XBLOCKS_RETIREMENT_SIGNALS", None)
        return importlib.import_module(name) if name else None


def connect():
    """Hook :func:`retire_user` to the retirement signals and the file deletion to document rows."""
    from django.db.models.signals import post_delete, pre_delete

    from carbon_common.models import ApplicationMaterial

    post_delete.connect(delete_files_with_rows, sender=ApplicationMaterial,
                        dispatch_uid="carbon_common.delete_files_with_rows")
    pre_delete.connect(retire_before_delete, sender=settings.AUTH_USER_MODEL,
                       dispatch_uid="carbon_common.retire_before_delete")
    module = signals_module()
    if module is None:
        log.info("carbon_common: no user retirement signals here; retirement is not hooked.")
        return []
    connected = []
    for name in SIGNAL_NAMES:
        signal = getattr(module, name, None)
        if signal is not None:
            signal.connect(on_user_retired, dispatch_uid=f"carbon_common.retirement.{name}")
            connected.append(name)
    return connected


def on_user_retired(sender, user=None, **kwargs):
    """Receiver of the platform's ``USER_RETIRE_LMS_MISC`` / ``USER_RETIRE_LMS_CRITICAL`` (``user=``)."""
    if user is not None:
        retire_user(user.id if hasattr(user, "id") else user)


def retire_before_delete(sender, instance, **kwargs):
    """``pre_delete`` of a user: the rows that outlive them (audit entries, set to no subject) lose their personal
    details first; the cascade then deletes their records, and each document's file goes with its row."""
    retire_user(instance.pk)


def delete_files_with_rows(sender, instance, **kwargs):
    """``post_delete`` of a document row: its file goes once the deletion commits (stays if it rolls back)."""
    from carbon_common.storage import delete_upload_on_commit

    delete_upload_on_commit(instance.storage_key)


def anonymised_details(details):
    kept = {key: value for key, value in (details or {}).items() if key in KEPT_DETAILS}
    return {**kept, "retired": True}


def retire_user(user_id) -> dict:
    """Erase or anonymise everything the blocks keep about ``user_id``; returns counts of what changed.

    One transaction; document files are deleted after it commits. Running it again changes nothing more.
    """
    from carbon_common.models import (
        Application,
        ApplicationMaterial,
        AuditEntry,
        ExamAttempt,
        ExamExtraTime,
        HourCredit,
        StudyEvent,
    )

    counts = {}
    with transaction.atomic():
        applications = Application.objects.select_for_update().filter(user_id=user_id)
        counts["applications"] = applications.update(answers={}, decision_reason="", item_notes={}, anonymous_id="")
        # Deleted row by row: each row's post_delete schedules its file's deletion.
        counts["documents"] = ApplicationMaterial.objects.filter(application__user_id=user_id).delete()[0]
        entries = 0
        for entry in AuditEntry.objects.select_for_update().filter(subject_id=user_id):
            if entry.details != anonymised_details(entry.details):
                entry.details = anonymised_details(entry.details)
                entry.save(update_fields=["details"])
                entries += 1
        counts["audit_entries"] = entries
        counts["hour_credits"] = HourCredit.objects.filter(user_id=user_id).exclude(
            reason="", revoked_reason="", fingerprint="", import_key=None,
        ).update(reason="", revoked_reason="", fingerprint="", import_key=None)
        counts["extra_time"] = ExamExtraTime.objects.filter(user_id=user_id).delete()[0]
        counts["exam_attempts"] = ExamAttempt.objects.filter(user_id=user_id).exclude(reset_reason="").update(
            reset_reason="")
        counts["study_events"] = StudyEvent.objects.filter(user_id=user_id).delete()[0]
    log.info("carbon_common: retired user %s: %s", user_id, counts)
    return counts
