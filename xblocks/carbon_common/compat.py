"""The few platform functions the blocks need, isolated here.

Inside Open edX these come from the platform (`common.djangoapps.student`). Elsewhere, the module named
by the `CARBON_XBLOCKS_PLATFORM` Django setting provides the same functions (the local runtime's
`devsite.lms.platform` does). Nothing else in the suite imports platform code.
"""
import importlib

from django.conf import settings

from carbon_common.i18n import _

#: Open edX modules found absent in this process: a failed import is not cached by Python (each one searches
#: ``sys.path`` again, ~0.3 ms), and the platform does not appear in a running process, so it is asked once.
_ABSENT: set[str] = set()


def openedx_module(name):
    """The Open edX module ``name`` (e.g. ``common.djangoapps.student.models``), or None outside Open edX.

    The module's own absence is remembered for the process (an import failing inside it is not)."""
    if name in _ABSENT:
        return None
    try:
        return importlib.import_module(name)
    except ImportError as error:
        if isinstance(error, ModuleNotFoundError) and error.name and (
                name == error.name or name.startswith(error.name + ".")):
            _ABSENT.add(name)  # the module itself is absent (not one of its imports): for good
        return None


def _platform():
    student_models = openedx_module("common.djangoapps.student.models")  # Open edX
    if student_models is not None:
        return student_models
    name = getattr(settings, "CARBON_XBLOCKS_PLATFORM", None)
    if not name:
        raise RuntimeError("Not running inside Open edX and CARBON_XBLOCKS_PLATFORM is not set.")
    return importlib.import_module(name)


def enrolled_users(course_key):
    """Active learners enrolled in the course (a User queryset)."""
    platform = _platform()
    if hasattr(platform, "enrolled_users"):
        return platform.enrolled_users(course_key)
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        courseenrollment__course_id=course_key, courseenrollment__is_active=True
    ).order_by("username")


def user_by_anonymous_id(anonymous_id):
    """The user behind a per-course anonymous id, or None. Only where no block is at hand: with a block, ask
    its runtime's ``user`` service (``get_user_by_anonymous_id``), as ``CarbonExamBlock.clear_student_state``
    does."""
    return _platform().user_by_anonymous_id(anonymous_id)


def anonymous_id_for_user(user, course_key):
    """The per-course anonymous id the LMS gives `user`. Only where no block is at hand, or when the block's
    ``user`` service declines (``get_anonymous_user_id`` answers staff only): see ``ExamRecords.anonymous_id``."""
    return _platform().anonymous_id_for_user(user, course_key)


def course_staff_user_ids(course_key) -> set[int]:
    """Ids of the users holding the course's staff or instructor role (not learners, whatever their enrolment)."""
    roles = openedx_module("common.djangoapps.student.roles")  # Open edX
    if roles is None:
        return set(_platform().course_staff_user_ids(course_key))
    ids = set()
    for role in (roles.CourseStaffRole, roles.CourseInstructorRole):
        ids.update(role(course_key).users_with_role().values_list("id", flat=True))
    return ids


def full_name(user) -> str:
    """A user's full name as the platform keeps it: ``user.profile.name`` (Open edX's UserProfile; devsite's
    Profile has the same relation and field). ``first_name``/``last_name`` only when there is no profile name:
    the platform normally leaves them empty. Read names through this, never ``user.get_full_name()``."""
    profile = getattr(user, "profile", None)  # a missing profile raises RelatedObjectDoesNotExist, an AttributeError
    name = (getattr(profile, "name", "") or "").strip() if profile is not None else ""
    return name or (user.get_full_name() or "").strip()


def with_names(queryset, via=""):
    """``queryset`` (of users, or of rows whose ``via`` field is a user) with the profile that holds the name
    joined in, so that :func:`full_name` for each row costs no extra query."""
    from django.contrib.auth import get_user_model

    try:
        get_user_model()._meta.get_field("profile")
    except Exception:  # no profile relation in this install: names come from the user row
        return queryset
    return queryset.select_related(f"{via}__profile" if via else "profile")


def blocks_of_type(course_key, block_type) -> list:
    """Usage keys of the course's blocks of ``block_type`` (published in the LMS, drafts too in Studio),
    in no guaranteed order. Reads the course structure, not a learner's view of it: access rules do not apply."""
    store = openedx_module("xmodule.modulestore.django")  # Open edX
    if store is None:
        return list(_platform().blocks_of_type(course_key, block_type))
    blocks = store.modulestore().get_items(course_key, qualifiers={"category": block_type})
    return [course_key.make_usage_key(block_type, block.location.block_id) for block in blocks]


def is_masquerading(block):
    """True when a staff member views the course as a specific learner ("View this course as").

    The LMS then binds the block to the learner while the request's user (django-crum's current user) stays the
    staff member. The platform drops grade and completion events then; records the blocks write themselves must
    be refused the same way, or a preview would use up the learner's attempt.
    """
    from crum import get_current_user

    service = block.runtime.service(block, "user")
    current = get_current_user()
    if service is None or current is None or not getattr(current, "is_authenticated", False):
        return False
    bound_id = service.get_current_user().opt_attrs.get("edx-platform.user_id")
    return bound_id is not None and bound_id != current.id


def is_studio(block):
    """True inside Studio (its preview and handler URLs): only the CMS offers ``studio_user_permissions``.

    Studio shares the LMS's database; a learner handler run there would write real attempts and applications.
    """
    return block.runtime.service(block, "studio_user_permissions") is not None


# The refusal's msgid: each block translates it with its own catalogue (present in the three zh_CN catalogues).
NOT_ENROLLED_MESSAGE = _("Enrol in this course to use this.")


def is_enrolled(user_id, course_key) -> bool:
    """Whether the user holds an active enrolment in the course.

    Inside Open edX: ``CourseEnrollment.is_enrolled(user, course_key)`` (active enrolments only). Elsewhere the
    platform module's ``is_enrolled`` when it has one, else its ``enrolled_users`` (devsite's CourseEnrollment).
    """
    if user_id is None:
        return False
    from django.contrib.auth import get_user_model

    student_models = openedx_module("common.djangoapps.student.models")  # Open edX
    if student_models is None:
        platform = _platform()
        if hasattr(platform, "is_enrolled"):
            return bool(platform.is_enrolled(user_id, course_key))
        return enrolled_users(course_key).filter(id=user_id).exists()
    user = get_user_model().objects.filter(id=user_id).first()
    return user is not None and bool(student_models.CourseEnrollment.is_enrolled(user, course_key))


def require_enrolled(block, learner):
    """``learner`` (from ``identity.current_learner``) unless they are neither enrolled in the block's course nor
    course staff: then ApiError(403, "user", code "not_enrolled") in the learner's language.

    The one enrolment check of every learner handler of the three blocks: a signed-in user who is not enrolled
    may not read or write exam attempts, the gate's status or applications. Course staff and instructors need
    no enrolment.
    """
    from carbon_common.api import ApiError, translate
    from carbon_common.identity import is_course_staff

    if is_course_staff(learner) or is_enrolled(learner.user_id, block.scope_ids.usage_id.context_key):
        return learner
    raise ApiError(403, "user", translate(block, NOT_ENROLLED_MESSAGE), code="not_enrolled")


def user_time_zone(user):
    """The time zone ``user`` reads times in, as a ``zoneinfo.ZoneInfo``: one rule for every view and file.

    Inside Open edX, the user's ``time_zone`` preference (set on the account page); elsewhere the local platform
    module's ``user_time_zone(user)`` when it has one (a zone name or ``None``); failing that, or for an unknown
    name, the site's ``settings.TIME_ZONE`` (then UTC).
    """
    from zoneinfo import ZoneInfo

    name = None
    if user is not None and getattr(user, "is_authenticated", False):
        preferences = openedx_module("openedx.core.djangoapps.user_api.preferences.api")  # Open edX
        if preferences is None:
            try:
                hook = getattr(_platform(), "user_time_zone", None)
            except (RuntimeError, ImportError):
                hook = None
            name = hook(user) if hook else None
        else:
            try:
                name = preferences.get_user_preference(user, "time_zone")
            except Exception:  # noqa: BLE001 - a preference that cannot be read is no preference
                name = None
    for candidate in (name, getattr(settings, "TIME_ZONE", None), "UTC"):
        if not candidate or not isinstance(candidate, str):
            continue
        try:
            return ZoneInfo(candidate)
        except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
            continue
    return ZoneInfo("UTC")


def report_block(usage_key):
    """The block at ``usage_key`` as the platform's reports read it: authored fields, no learner, no access
    rules (inside Open edX ``modulestore().get_item``, as the problem-response report does)."""
    store = openedx_module("xmodule.modulestore.django")  # Open edX
    if store is None:
        return _platform().report_block(usage_key)
    return store.modulestore().get_item(usage_key)


def report_store():
    """Where the platform keeps downloadable reports: inside Open edX the instructor dashboard's
    ``ReportStore.from_config("GRADES_DOWNLOAD")`` (files stored there are listed with the LMS's own reports);
    elsewhere the platform module's ``report_store()`` (same ``storage``, ``path_to`` and ``links_for``)."""
    tasks = openedx_module("lms.djangoapps.instructor_task.models")  # Open edX
    if tasks is None:
        return _platform().report_store()
    return tasks.ReportStore.from_config(config_name="GRADES_DOWNLOAD")


def course_exists(course_key) -> bool:
    """Whether the course exists: inside Open edX ``modulestore().has_course``; elsewhere the platform module's."""
    try:
        from xmodule.modulestore.django import modulestore  # Open edX
    except ImportError:
        return bool(_platform().course_exists(course_key))
    return bool(modulestore().has_course(course_key))


def user_language(user) -> str | None:
    """The language ``user`` chose in their account (Open edX's ``pref-lang`` preference), else None: then the
    request's language applies (the LMS's LocaleMiddleware, or the local runtime's session)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference  # Open edX
    except ImportError:
        return None
    try:
        return get_user_preference(user, "pref-lang") or None
    except Exception:  # noqa: BLE001 - a preference that cannot be read is no preference
        return None


def jwt_user(request):
    """The user of a request signed with the platform's JWT, as the MFEs call LMS APIs (the two JWT cookies that the
    platform's ``JwtAuthCookieMiddleware`` joins on ``USE-JWT-COOKIE``, or ``Authorization: JWT ...``); None without
    a valid one, for a restricted application's token, or where edx-drf-extensions (a platform requirement) is
    absent. The platform's XBlock handler view authenticates the same way (``courseware.block_render``)."""
    try:
        from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
        from edx_rest_framework_extensions.auth.jwt.decoder import decode_jwt_is_restricted
    except ImportError:
        return None
    from rest_framework.exceptions import APIException

    try:
        found = JwtAuthentication().authenticate(request)
    except APIException:  # expired, forged, or for an inactive user: no user
        return None
    if not found or decode_jwt_is_restricted(found[1]):
        return None
    return found[0]
