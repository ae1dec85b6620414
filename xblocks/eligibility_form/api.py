"""The one server-side interface other blocks use to ask about a learner's application.

    from eligibility_form.api import application_status
    status = application_status(course_key, user_id, "application")  # the form with this url_name, or the
    if status.approved: ...                                          # course's only form (see form_key)

Pure Django ORM: no XBlock runtime is needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opaque_keys.edx.keys import CourseKey

from carbon_common.compat import blocks_of_type
from carbon_common.models import Application

NONE = "none"
BLOCK_TYPE = "eligibility_form"


def form_key(course_key, url_name: str | None = None):
    """The usage key of the course's eligibility form: the one whose url_name is ``url_name`` when it exists,
    else the course's only eligibility_form (a form added in Studio has a random id); None when the course
    has none, or several and none of them is named ``url_name``. One structure read: cache it per request."""
    if isinstance(course_key, str):
        course_key = CourseKey.from_string(course_key)
    forms = blocks_of_type(course_key, BLOCK_TYPE)
    if url_name:
        named = course_key.make_usage_key(BLOCK_TYPE, url_name)
        if any(str(key) == str(named) for key in forms):
            return named
    return forms[0] if len(forms) == 1 else None


@dataclass(frozen=True)
class ApplicationStatus:
    """``status`` is none | draft | submitted | returned | approved | rejected."""

    status: str
    qualifying_condition: int | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None

    @property
    def approved(self) -> bool:
        return self.status == Application.APPROVED


def application_status(course_key, user_id, url_name: str | None = "application") -> ApplicationStatus:
    """The status of `user_id`'s application in the course's form (``form_key(course_key, url_name)``)."""
    usage_key = form_key(course_key, url_name)
    if usage_key is None:
        return ApplicationStatus(NONE)
    return application_statuses(usage_key, [user_id]).get(user_id, ApplicationStatus(NONE))


def application_statuses(usage_key, user_ids) -> dict[int, ApplicationStatus]:
    """The batch form: ``{user_id: ApplicationStatus}`` in the form ``usage_key`` (from :func:`form_key`) for
    ``user_ids`` (ids or an id queryset), in one query. Learners without an application are absent: their
    status is ``none``."""
    found = (Application.objects.filter(usage_key=str(usage_key), user_id__in=user_ids)
             .values_list("user_id", "status", "qualifying_condition", "submitted_at", "decided_at"))
    return {user_id: ApplicationStatus(status, condition, submitted, decided)
            for user_id, status, condition, submitted, decided in found}


@dataclass(frozen=True)
class ApplicantRecord:
    """One learner's application as the results sheet shows it: status, condition, skill track, identifiers."""

    status: ApplicationStatus
    track: str = ""
    id_number: str = ""
    mobile: str = ""


def applications_by_user(course_key, user_ids, url_name: str | None = "application") -> dict[int, ApplicantRecord]:
    """``{user_id: ApplicantRecord}`` for ``user_ids`` (ids or an id queryset) in the course's form: one query.
    Learners without an application are absent."""
    usage_key = form_key(course_key, url_name)
    if usage_key is None:
        return {}
    found = (Application.objects.filter(usage_key=str(usage_key), user_id__in=user_ids)
             .values_list("user_id", "status", "qualifying_condition", "submitted_at", "decided_at", "answers"))
    return {user_id: ApplicantRecord(ApplicationStatus(status, condition, submitted, decided),
                                     str((answers or {}).get("track") or ""), str((answers or {}).get("id_number") or ""),
                                     str((answers or {}).get("mobile") or ""))
            for user_id, status, condition, submitted, decided, answers in found}
