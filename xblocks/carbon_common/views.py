"""The plugin app's pages: the course run's results sheet for staff, and a learner's application for the course home.

``GET <prefix>/courses/<course_id>/application_status/``: the signed-in learner's own application (status, label,
message, number, decision time, link to the form) as JSON, for the learning MFE's course-outline widget and
devsite's course home (``eligibility_form.home_notice``).

The results sheet (CSV or XLSX), streamed or made in the background:

``GET <prefix>/courses/<course_id>/results_sheet/``, course staff only (the platform's course roles, checked
here), with ``format=csv|xlsx``, ``exam=<usage key>`` (default: the course's graded exam), ``reveal=1`` (full
ID numbers and mobiles, recorded in the audit log). Up to ``CARBON_XBLOCKS_RESULTS_INLINE_MAX`` learners the
file is streamed (a Django StreamingHttpResponse: no buffering of the file); above it, or with
``background=1``, a task on the platform's Celery workers writes it to the platform's report storage and the
answer (202) says where it will be listed. ``reports=1`` lists the stored sheets; ``file=<name>`` downloads one.
"""
from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carbon_common import results_data
from carbon_common.compat import course_staff_user_ids, report_store, user_time_zone
from carbon_common.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_chunks, download_headers, xlsx_chunks
from carbon_common.i18n import _

INLINE_MAX = 5000
REPORT_PREFIX = "results_sheet_"


def _error(status, field, message, code, language=None):
    """The suite's error shape (``carbon_common.api``): the field and the problem in the user's language."""
    t = results_data.translator(language)
    return JsonResponse({"error": {"field": field, "message": t(message), "code": code}}, status=status)


def is_course_staff(user, course_key) -> bool:
    """Global staff, or the course's staff or instructor role (checked on the server, from the platform)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or user.id in course_staff_user_ids(course_key)


def inline_max() -> int:
    return int(getattr(settings, "CARBON_XBLOCKS_RESULTS_INLINE_MAX", INLINE_MAX))


@require_GET
def results_sheet(request, course_id):
    course_key = results_data.parse_course(course_id)
    if course_key is None:
        return _error(404, "course_id", _("No such course."), "unknown_course")
    if not request.user.is_authenticated:
        return _error(403, "user", _("Sign in as course staff to download the results sheet."), "login_required")
    if not is_course_staff(request.user, course_key):
        return _error(403, "user", _("Only course staff can download the results sheet."), "staff_only")
    store = report_store()
    if request.GET.get("reports") == "1":
        return JsonResponse({"reports": [{"name": name, "url": url} for name, url in store.links_for(course_key)
                                         if name.startswith(REPORT_PREFIX)]})
    if request.GET.get("file"):
        return _stored_file(store, course_key, request.GET["file"])
    fmt = (request.GET.get("format") or "csv").strip().lower()
    if fmt not in ("csv", "xlsx"):
        return _error(400, "format", _("Choose csv or xlsx."), "bad_format")
    exam = results_data.find_exam(course_key, request.GET.get("exam"))
    if exam is None:
        return _error(404, "exam", _("This course has no graded exam."), "unknown_exam")
    reveal = request.GET.get("reveal") == "1"
    tz = user_time_zone(request.user)
    count = results_data.learners(course_key).count()
    if request.GET.get("background") == "1" or count > inline_max():
        from carbon_common.tasks import start_results_sheet

        filename = report_name(exam, fmt)
        task_id = start_results_sheet(str(course_key), str(exam.scope_ids.usage_id), fmt, request.user.id, reveal,
                                      translation.get_language(), str(tz), filename)
        _record(request.user, exam, fmt, reveal, count, background=True)
        return JsonResponse({"task": task_id, "file": filename, "learners": count,
                             "reports": request.path + "?reports=1"}, status=202)
    _record(request.user, exam, fmt, reveal, count, background=False)
    headers, rows = results_data.sheet_rows(exam, tz=tz, reveal=reveal)
    chunks = csv_chunks(headers, rows) if fmt == "csv" else xlsx_chunks(headers, rows, exam.display_name)
    response = StreamingHttpResponse(chunks, content_type=CSV_CONTENT_TYPE + "; charset=utf-8" if fmt == "csv"
                                     else XLSX_CONTENT_TYPE)
    for header, value in download_headers(report_name(exam, fmt)).items():
        response[header] = value
    return response


@never_cache
@require_GET
def application_status(request, course_id):
    """The signed-in learner's own application in the course, for the course home (``eligibility_form.home_notice``):
    401 signed out, 404 for an unknown course, 403 when neither enrolled nor course staff. The session, or the
    platform's JWT the MFEs send; the learner's language preference, else the request's; their time zone."""
    from carbon_common.compat import course_exists, is_enrolled, jwt_user, user_language
    from eligibility_form import home_notice

    user = request.user if request.user.is_authenticated else (jwt_user(request) or request.user)
    language = user_language(user) or translation.get_language() or settings.LANGUAGE_CODE
    course_key = results_data.parse_course(course_id)
    refusal = ("login_required" if not user.is_authenticated
               else "unknown_course" if course_key is None or not course_exists(course_key)
               else None if is_enrolled(user.id, course_key) or is_course_staff(user, course_key) else "not_enrolled")
    if refusal:
        status, body = home_notice.error_body(refusal, language)
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    body = home_notice.learner_notice(course_key, user.id, language, user_time_zone(user),
                                      form_url=lambda usage_key: request.build_absolute_uri(jump_to_path(usage_key)))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def jump_to_path(usage_key) -> str:
    """The LMS's link to the unit holding ``usage_key`` (``courseware.views.jump_to``, named ``jump_to``)."""
    return f"/courses/{usage_key.context_key}/jump_to/{usage_key}"


def report_name(exam, fmt: str) -> str:
    stamp = timezone.now().strftime("%Y-%m-%d-%H%M%S")
    return f"{REPORT_PREFIX}{exam.scope_ids.usage_id.block_id}_{stamp}.{fmt}"


def _stored_file(store, course_key, name):
    names = {found for found, _url in store.links_for(course_key)}
    if not name.startswith(REPORT_PREFIX) or name not in names:
        return _error(404, "file", _("No such results sheet."), "unknown_file")
    handle = store.storage.open(store.path_to(course_key, name), "rb")
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE if name.endswith(".xlsx") else CSV_CONTENT_TYPE)
    for header, value in download_headers(name).items():  # the suite's one download convention, nosniff included
        response[header] = value
    return response


def _record(user, exam, fmt, reveal, count, background):
    """Every download is in the audit log; a reveal of ID numbers and mobiles says so."""
    from carbon_common.models import AuditEntry

    usage_key = exam.scope_ids.usage_id
    AuditEntry.objects.create(
        course_key=str(usage_key.context_key), usage_key=str(usage_key), actor_id=user.id,
        action="results_sheet_revealed" if reveal else "results_sheet_exported",
        details={"format": fmt, "reveal_ids": reveal, "learners": count, "background": background,
                 **({"fields": ["id_number", "mobile"]} if reveal else {})})


def results_sheet_url(course_key, fmt="csv", exam_key=None) -> str | None:
    """The sheet's URL for the blocks' staff panels; None where the plugin app's URLs are not mounted (Studio)."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("carbon_common:results_sheet", kwargs={"course_id": str(course_key)})
    except NoReverseMatch:
        return None
    return url + "?" + urlencode({"format": fmt, **({"exam": str(exam_key)} if exam_key else {})})
