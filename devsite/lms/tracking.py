"""The platform's event endpoint (``/event``, ``track.views.user_track``) for the local LMS.

The browser (the platform's ``Logger.log``, the video stand-in) posts ``event_type``, ``event`` (JSON),
``courserun_key`` and ``page``; the event is emitted through ``eventtracking.tracker`` within the context the
platform's ``TrackMiddleware`` and ``user_track`` give it (``user_id``, ``username``, the tracking ``session``
derived from the session key as the platform derives it, ``course_id``, ``event_source``, ``page``), so the
backends configured in ``EVENT_TRACKING_BACKENDS`` (the study ledger's) receive what they receive in the LMS.
"""
import hashlib
import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods
from eventtracking import tracker
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

COURSE_IN_URL = re.compile(r"/courses/(?P<course_id>course-v1:[^/]+)")


def tracking_session(request) -> str:
    """The platform's tracking id of the session (TrackMiddleware.substitute_session_key): SHAKE-128 of the
    secret key and the session key, 32 hex digits; "" without a session."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not session_key:
        return ""
    hasher = hashlib.shake_128()
    hasher.update(settings.SECRET_KEY.encode())
    hasher.update(session_key.encode())
    return hasher.hexdigest(16)


def _course_id(page: str, courserun_key: str | None) -> str:
    """As ``track.contexts.course_context_from_url``: the posted course run, else the one in the page's URL."""
    if not courserun_key:
        match = COURSE_IN_URL.search(page or "")
        courserun_key = match.group("course_id") if match else ""
    try:
        return str(CourseKey.from_string(courserun_key)) if courserun_key else ""
    except InvalidKeyError:
        return ""


@require_http_methods(["GET", "POST"])
def user_track(request):
    """Emit one browser event through the event tracker (the platform answers "success" whatever it was)."""
    values = request.POST if request.method == "POST" else request.GET
    name = values.get("event_type", "")
    data = values.get("event", "{}")
    try:
        data = json.loads(data) if isinstance(data, str) and data else data
    except ValueError:
        pass
    page = values.get("page", "")
    user = request.user
    context = {
        "user_id": user.id if user.is_authenticated else None, "username": user.username if user.is_authenticated
        else "anonymous", "session": tracking_session(request), "course_id": _course_id(page, values.get(
            "courserun_key")), "org_id": "", "event_source": "browser", "page": page,
        "path": request.path, "ip": request.META.get("REMOTE_ADDR", ""),
        "agent": request.META.get("HTTP_USER_AGENT", ""),
    }
    if name:
        with tracker.get_tracker().context("edx.course.browser", context):
            tracker.emit(name=name, data=data)
    return HttpResponse("success")
