"""What the course home tells a learner about their own application: where it stands and what to do next.

The body of ``GET /carbon_xblocks/courses/<course_id>/application_status/`` (``carbon_common.views``), read by the
learning MFE's course-outline widget (``tutor/carbon_xblocks_tutor.py``) and by devsite's course home. Texts are
the form's own notices (``block.NOTICES``, ``block.STATUS_LABELS``) in the learner's language; the decision time in
the learner's time zone (``carbon_common.compat.user_time_zone``).
"""
from __future__ import annotations

from carbon_common.i18n import _

from .messages import catalogue

SHOWN = ("submitted", "returned", "approved", "rejected")  # before submission the course home says nothing
WITH_REASON = ("returned", "approved", "rejected")
LABELS = {  # the widget's own words, sent translated: the MFE has no access to the block's catalogue
    "heading": _("Your application"), "number": _("Application number"), "decided": _("Decided"),
    "reason": _("Reason given by course staff:"), "open_form": _("Open the application form"),
}
ERRORS = {  # code -> (HTTP status, field, message)
    "login_required": (401, "user", _("Sign in to see your application.")),
    "unknown_course": (404, "course_id", _("No such course.")),
    "not_enrolled": (403, "user", _("Enrol in this course to use this.")),
}


def error_body(code: str, language: str) -> tuple[int, dict]:
    """``(status, {"error": {field, message, code}})``: the suite's error shape, in ``language``."""
    status, field, message = ERRORS[code]
    return status, {"error": {"field": field, "message": catalogue(language).gettext(message), "code": code}}


def learner_notice(course_key, user_id: int, language: str, zone, form_url=None) -> dict:
    """The learner's application in the course's form, as the course home shows it.

    ``form_url(usage_key)`` makes the link to the form's unit. Keys: ``status`` (none | draft | submitted | returned
    | approved | rejected), ``shown`` (whether the course home mentions it), ``label``, ``title``, ``message``,
    ``reason``, ``number``, ``decided_at`` (ISO 8601 in ``zone``), ``decided_at_display``, ``time_zone``,
    ``form_url``, ``labels`` (the widget's words) and ``language``.
    """
    from carbon_common.models import Application

    from .api import NONE, form_key
    from .block import NOTICES, STATUS_LABELS

    usage_key = form_key(course_key)
    row = None
    if usage_key is not None:
        row = (Application.objects.filter(usage_key=usage_key, user_id=user_id)
               .values("status", "number", "decided_at", "decision_reason").first())
    status = row["status"] if row else NONE
    gettext = catalogue(language).gettext
    title, message = (gettext(text) for text in NOTICES[status]) if status in NOTICES else ("", "")
    decided = row["decided_at"].astimezone(zone) if row and row["decided_at"] and status in WITH_REASON else None
    return {
        "course_id": str(course_key), "status": status, "shown": status in SHOWN,
        "label": gettext(STATUS_LABELS.get(status, status)), "title": title, "message": message,
        "reason": (row["decision_reason"] or "") if row and status in WITH_REASON else "",
        "number": (row["number"] or "") if row else "",
        "decided_at": decided.isoformat() if decided else None,
        "decided_at_display": decided.strftime("%Y-%m-%d %H:%M") if decided else "",
        "time_zone": str(zone), "form_url": form_url(usage_key) if usage_key is not None and form_url else None,
        "labels": {key: gettext(text) for key, text in LABELS.items()}, "language": language,
    }
