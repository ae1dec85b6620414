"""The one server-side interface other blocks use to ask about a learner's application.

    from eligibility_form.api import application_status
    status = application_status(course_key, user_id)           # the block with url_name "application"
    if status.approved: ...

Pure Django ORM: no XBlock runtime is needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opaque_keys.edx.keys import CourseKey

from carbon_common.models import Application

NONE = "none"


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


def application_status(course_key, user_id, url_name: str = "application") -> ApplicationStatus:
    """The status of `user_id`'s application in the course's eligibility_form block named `url_name`."""
    if isinstance(course_key, str):
        course_key = CourseKey.from_string(course_key)
    usage_key = course_key.make_usage_key("eligibility_form", url_name)
    application = (
        Application.objects.filter(usage_key=str(usage_key), user_id=user_id)
        .only("status", "qualifying_condition", "submitted_at", "decided_at").first()
    )
    if application is None:
        return ApplicationStatus(NONE)
    return ApplicationStatus(application.status, application.qualifying_condition, application.submitted_at,
                             application.decided_at)
