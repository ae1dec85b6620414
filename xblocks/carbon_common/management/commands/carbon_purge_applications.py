"""Retention: delete applications and their documents (files too) untouched for longer than the retention period.

``./manage.py carbon_purge_applications [--older-than-days N] [--course COURSE_KEY] [--dry-run]``

An application is past the period when it has not changed (``modified``: saved, submitted, decided) for N days;
N defaults to the ``CARBON_XBLOCKS_RETENTION_DAYS`` setting (:data:`DEFAULT_RETENTION_DAYS` when unset). The
documents' files are deleted once the deletion has committed. Each purged application leaves an audit entry
(``application_purged``) with no personal data. ``--dry-run`` prints the same list and deletes nothing.

An approved application that is purged no longer opens an hours gate that requires it: choose the period
accordingly (longer than any course run).
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

DEFAULT_RETENTION_DAYS = 3 * 365


def retention_days():
    return int(getattr(settings, "CARBON_XBLOCKS_RETENTION_DAYS", None) or DEFAULT_RETENTION_DAYS)


def expired_applications(days, course=None, now=None):
    from carbon_common.models import Application

    cutoff = (now or timezone.now()) - timedelta(days=days)
    rows = Application.objects.filter(modified__lt=cutoff)
    if course:
        rows = rows.filter(course_key=course)
    return rows.order_by("modified", "id")


class Command(BaseCommand):
    help = "Delete applications and their documents (files too) older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=None,
                            help="Retention period in days (default: CARBON_XBLOCKS_RETENTION_DAYS).")
        parser.add_argument("--course", default=None, help="Only this course key.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be deleted; delete nothing.")

    def handle(self, *args, older_than_days=None, course=None, dry_run=False, **options):
        from carbon_common.models import ApplicationMaterial, AuditEntry

        days = retention_days() if older_than_days is None else older_than_days
        if days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        if course:
            from opaque_keys import InvalidKeyError
            from opaque_keys.edx.keys import CourseKey

            try:
                course = CourseKey.from_string(course)
            except InvalidKeyError:
                raise CommandError(f"--course {course!r} is not a course key.") from None
        applications = list(expired_applications(days, course))
        documents = ApplicationMaterial.objects.filter(application__in=applications)
        n_documents = documents.count()
        verb = "Would delete" if dry_run else "Deleting"
        for application in applications:
            self.stdout.write(f"{verb} application {application.id} ({application.status}, last changed "
                              f"{application.modified:%Y-%m-%d}) in {application.usage_key}: "
                              f"{application.materials.count()} document(s)")
        if not dry_run and applications:
            with transaction.atomic():
                for application in applications:
                    AuditEntry.objects.create(
                        course_key=application.course_key, usage_key=application.usage_key,
                        subject_id=application.user_id, action="application_purged",
                        details={"application": application.id, "status": application.status,
                                 "retention_days": days},
                    )
                # Row by row (post_delete): every document's file is deleted once this commits.
                documents.delete()
                for application in applications:
                    application.delete()
        summary = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(applications)} application(s) and {n_documents} document(s) {summary} "
                          f"(older than {days} days).")
