"""Pages and endpoints of the local LMS: login, course outline, units, XBlock handlers, reports."""
import mimetypes
import re
from importlib import resources as importlib_resources

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey
from web_fragments.fragment import Fragment
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError, NoSuchUsage

from devsite.lms import reports
from devsite.lms.course import block_class, get_course, get_course_by_key
from devsite.lms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from devsite.lms.models import CourseEnrollment
from devsite.lms.platform import course_role
from devsite.lms.runtime import LmsRuntime, StudioRuntime


def _course_or_404(course_id):
    course = get_course_by_key(course_id)
    if course is None:
        raise Http404("No such course")
    return course


def _usage_or_404(course, usage_id):
    try:
        usage_key = UsageKey.from_string(usage_id)
    except InvalidKeyError:
        raise Http404("Invalid usage key")
    if usage_key not in course.block_types:
        raise Http404("No such block")
    return usage_key


def home(request):
    course = get_course()
    return redirect("course_home", course_id=str(course.course_key))


@require_http_methods(["GET", "POST"])
def login_page(request):
    error = ""
    if request.method == "POST":
        user = authenticate(request, username=request.POST.get("username", ""), password=request.POST.get("password", ""))
        if user is None:
            error = _("Wrong username or password.")
        else:
            login(request, user)
            return redirect(request.GET.get("next") or "/")
    return render(request, "devsite/login.html", {
        "accounts": [dict(account, description=_demo_description(account["description"])) for account in DEMO_ACCOUNTS],
        "password": DEMO_PASSWORD, "error": error,
        "next": request.GET.get("next", "/"),
    })


def _demo_description(text):
    """Demo descriptions read "中文（English）": the part in the page's language."""
    chinese, _sep, english = text.partition("（")
    if not english:
        return text
    return english.rstrip("）") if get_language() == "en" else chinese


def logout_page(request):
    logout(request)
    return redirect("login")


def _outline(course, user, current=None):
    """Chapters with their lessons and units, with completion per unit for the sidebar; the chapter holding
    the `current` unit is marked so that the sidebar opens it."""
    from completion.models import BlockCompletion

    done = set()
    if user.is_authenticated:
        done = {str(key) for key, value in BlockCompletion.get_learning_context_completions(user, course.course_key).items()
                if value >= 1.0}
    chapters = []
    for chapter in course.children(course.root_key):
        lessons = []
        for sequential in course.children(chapter):
            units = [{"key": str(unit), "title": course.display_name(unit)} for unit in course.children(sequential)]
            leaves = [str(key) for unit in course.children(sequential) for key in course.children(unit)]
            complete = sum(1 for key in leaves if key in done)
            lessons.append({
                "key": str(sequential), "title": course.display_name(sequential), "units": units,
                "graded": course.field(sequential, "graded", False), "format": course.field(sequential, "format", ""),
                "complete": complete, "total": len(leaves), "done": bool(leaves) and complete == len(leaves),
            })
        chapters.append({
            "key": str(chapter), "title": course.display_name(chapter), "lessons": lessons,
            "current": any(unit["key"] == current for lesson in lessons for unit in lesson["units"]),
            "complete": sum(lesson["complete"] for lesson in lessons), "total": sum(lesson["total"] for lesson in lessons),
        })
    return chapters


@login_required
def course_home(request, course_id):
    course = _course_or_404(course_id)
    role = course_role(request.user, course.course_key)
    outline = _outline(course, request.user)
    lessons = [lesson for chapter in outline for lesson in chapter["lessons"] if lesson["units"]]
    resume = next((lesson for lesson in lessons if not lesson["done"]), lessons[0] if lessons else None)
    return render(request, "devsite/course_home.html", {
        "course": course, "course_id": str(course.course_key), "resume": resume,
        "course_title": course.display_name(course.root_key), "outline": outline,
        "is_staff": role in ("staff", "instructor"), "role": role,
        "enrolled": CourseEnrollment.objects.filter(user=request.user, course_id=str(course.course_key), is_active=True).exists(),
        # The learning MFE's course-home widget reads the application from the LMS; so does this page (same script).
        "application_notice_js": _application_notice_js(),
    })


def _application_notice_js():
    from xblock.utils.resources import ResourceLoader

    return ResourceLoader("carbon_common").load_unicode("public/js/application_notice.js")


@login_required
def unit_page(request, course_id, usage_id):
    """Render a unit (vertical) with all its blocks, as the courseware does; a lesson or chapter jumps to
    its first unit, a block inside a unit to that unit (the platform's ``jump_to``)."""
    course = _course_or_404(course_id)
    usage_key = _usage_or_404(course, usage_id)
    usage_key = next((key for key in course.ancestors(usage_key) if key.block_type == "vertical"), usage_key)
    while usage_key.block_type != "vertical":
        children = course.children(usage_key)
        if not children:
            raise Http404("Nothing to show")
        usage_key = children[0]
    runtime = LmsRuntime(course, request.user, request)
    block = runtime.get_block(usage_key)
    if block is None:  # not released yet, or hidden from learners: the LMS answers 404 too
        raise Http404("Not available")
    fragment = runtime.render(block, "student_view", {})
    units = course.units()
    index = units.index(usage_key)
    role = course_role(request.user, course.course_key)
    return render(request, "devsite/unit.html", {
        "course_id": str(course.course_key), "course_title": course.display_name(course.root_key),
        "unit_title": course.display_name(usage_key), "fragment": fragment,
        "breadcrumbs": [course.display_name(key) for key in reversed(course.ancestors(usage_key)[:-1])],
        "previous_unit": str(units[index - 1]) if index > 0 else None,
        "next_unit": str(units[index + 1]) if index + 1 < len(units) else None,
        "previous_title": course.display_name(units[index - 1]) if index > 0 else "",
        "next_title": course.display_name(units[index + 1]) if index + 1 < len(units) else "",
        "outline": _outline(course, request.user, str(usage_key)), "current": str(usage_key),
        "is_staff": role in ("staff", "instructor"),
    })


def _handle(request, course_id, usage_id, handler, suffix, require_login=True, runtime_class=LmsRuntime):
    course = _course_or_404(course_id)
    usage_key = _usage_or_404(course, usage_id)
    # As the LMS's handle_xblock_callback: anonymous GETs reach the block (it decides), other methods do not.
    if require_login and not request.user.is_authenticated and request.method != "GET":
        return HttpResponseForbidden("Unauthenticated")
    # The LMS refuses large uploads before the block sees them (courseware/block_render.py).
    for upload in request.FILES.values():
        if upload.size > settings.STUDENT_FILEUPLOAD_MAX_SIZE:
            return JsonResponse({"success": _("Your file is too large (maximum %(size)d MB).") % {
                "size": settings.STUDENT_FILEUPLOAD_MAX_SIZE // 1000 // 1000}}, status=413)
    runtime = runtime_class(course, request.user, request)
    try:
        block = runtime.get_block(usage_key)
        if block is None:  # a block the user may not load: the LMS's handler view answers 404
            raise NoSuchUsage(str(usage_key))
        response = runtime.handle(block, handler, django_to_webob_request(request), suffix)
    except (NoSuchHandlerError, NoSuchUsage):
        raise Http404("No such handler")
    return webob_to_django_response(response)


def xblock_handler(request, course_id, usage_id, handler, suffix=""):
    return _handle(request, course_id, usage_id, handler, suffix)


def xblock_handler_noauth(request, course_id, usage_id, handler, suffix=""):
    return _handle(request, course_id, usage_id, handler, suffix, require_login=False)


def studio_handler(request, course_id, usage_id, handler, suffix=""):
    """Studio's handler URL (the CMS's component_handler): the runtime offers `studio_user_permissions`."""
    return _handle(request, course_id, usage_id, handler, suffix, runtime_class=StudioRuntime)


@login_required
def studio_page(request, course_id, usage_id, view="studio_view"):
    """A block's `studio_view` (or `author_view`) as Studio shows it to someone with write access, with the page
    globals Studio gives its scripts (devsite/templates/devsite/studio.html)."""
    course = _course_or_404(course_id)
    usage_key = _usage_or_404(course, usage_id)
    runtime = StudioRuntime(course, request.user, request)
    if not runtime.can_write():
        return HttpResponseForbidden(_("Course staff only."))
    block = runtime.get_block(usage_key)
    return render(request, "devsite/studio.html", {
        "fragment": runtime.render(block, view, {}),
        "title": getattr(block, "display_name", "") or usage_key.block_id,
        "author_url": reverse("studio_author_page", kwargs={"course_id": course_id, "usage_id": usage_id}),
    })


def xblock_resource(request, block_type, uri):
    """A file from a block package's `public/` folder (the only place the LMS serves block assets from)."""
    if ".." in uri.split("/") or not uri.startswith("public/"):
        raise Http404("Not a public resource")
    cls = block_class(block_type)
    package = cls.__module__.rsplit(".", 1)[0]
    path = importlib_resources.files(package).joinpath(uri)
    if not path.is_file():
        raise Http404("No such resource")
    content_type = mimetypes.guess_type(uri)[0] or "application/octet-stream"
    return HttpResponse(path.read_bytes(), content_type=content_type)


def course_static(request, course_id, path):
    """Course assets (`/static/` in OLX), served from course_content/static, with byte ranges so that
    media can be seeked as on a real video host."""
    course = _course_or_404(course_id)
    root = (course.course_dir / "static").resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404("No such asset")
    content_type = mimetypes.guess_type(str(target))[0] or "application/octet-stream"
    size = target.stat().st_size
    match = re.match(r"bytes=(\d*)-(\d*)$", request.headers.get("Range", ""))
    if not match or not (match.group(1) or match.group(2)):
        response = FileResponse(open(target, "rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    if match.group(1):
        start, end = int(match.group(1)), int(match.group(2) or size - 1)
    else:
        start, end = max(size - int(match.group(2)), 0), size - 1
    if start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    end = min(end, size - 1)
    with open(target, "rb") as handle:
        handle.seek(start)
        response = HttpResponse(handle.read(end - start + 1), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _staff_only(request, course):
    return course_role(request.user, course.course_key) in ("staff", "instructor")


@login_required
def instructor_dashboard(request, course_id):
    course = _course_or_404(course_id)
    if not _staff_only(request, course):
        return HttpResponseForbidden(_("Course staff only."))
    staff_blocks = [
        {"key": str(key), "title": course.display_name(key), "type": key.block_type}
        for key, _depth in course.walk()
        if key.block_type in ("carbon_exam", "hours_gate", "eligibility_form")
        and not (key.block_type == "carbon_exam" and course.field(key, "mode", "exam") == "practice")
    ]
    runtime = LmsRuntime(course, request.user, request)
    panels = []
    for item in staff_blocks:
        block = runtime.get_block(UsageKey.from_string(item["key"]))
        if hasattr(block, "staff_view"):
            panels.append((item, runtime.render(block, "staff_view", {})))
    head = Fragment()
    for _item, frag in panels:
        head.add_fragment_resources(frag)
    return render(request, "devsite/instructor.html", {
        "course_id": str(course.course_key), "course_title": course.display_name(course.root_key),
        "panels": [(item, frag.body_html()) for item, frag in panels], "fragment": head,
        "grade_rows": [(r["Username"], r["Grade"], r["Letter Grade"]) for r in reports.grade_rows(course)[:200]],
    })


@login_required
def grade_report(request, course_id):
    course = _course_or_404(course_id)
    if not _staff_only(request, course):
        return HttpResponseForbidden(_("Course staff only."))
    return webob_to_django_response(reports.grade_report_response(course))


@login_required
def problem_response_report(request, course_id):
    course = _course_or_404(course_id)
    if not _staff_only(request, course):
        return HttpResponseForbidden(_("Course staff only."))
    return webob_to_django_response(reports.problem_response_report_response(course), streaming=True)


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


