"""The few platform functions the blocks need, isolated here.

Inside Open edX these come from the platform (`common.djangoapps.student`). Elsewhere, the module named
by the `CARBON_XBLOCKS_PLATFORM` Django setting provides the same functions (the local runtime's
`devsite.lms.platform` does). Nothing else in the suite imports platform code.
"""
import importlib

from django.conf import settings


def _platform():
    try:
        from common.djangoapps.student import models as student_models  # Open edX

        return student_models
    except ImportError:
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
    """The user behind a per-course anonymous id, or None."""
    return _platform().user_by_anonymous_id(anonymous_id)


def anonymous_id_for_user(user, course_key):
    """The per-course anonymous id the LMS gives `user`."""
    return _platform().anonymous_id_for_user(user, course_key)


def course_staff_user_ids(course_key) -> set[int]:
    """Ids of the users holding the course's staff or instructor role (not learners, whatever their enrolment)."""
    try:
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole  # Open edX
    except ImportError:
        return set(_platform().course_staff_user_ids(course_key))
    ids = set()
    for role in (CourseStaffRole, CourseInstructorRole):
        ids.update(role(course_key).users_with_role().values_list("id", flat=True))
    return ids
