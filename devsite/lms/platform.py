"""The platform functions `carbon_common.compat` needs, for the local runtime."""
from django.contrib.auth import get_user_model

from devsite.lms.models import AnonymousUserId, CourseEnrollment, CourseRole


def anonymous_id_for_user(user, course_key):
    course_id = str(course_key)
    record, _ = AnonymousUserId.objects.get_or_create(
        user=user, course_id=course_id,
        defaults={"anonymous_user_id": AnonymousUserId.derive(user.id, course_id)},
    )
    return record.anonymous_user_id


def user_by_anonymous_id(anonymous_id):
    record = AnonymousUserId.objects.select_related("user").filter(anonymous_user_id=anonymous_id).first()
    return record.user if record else None


def enrolled_users(course_key):
    ids = CourseEnrollment.objects.filter(course_id=str(course_key), is_active=True).values("user_id")
    return get_user_model().objects.filter(id__in=ids).order_by("username")


def course_staff_user_ids(course_key):
    """Ids of the users with the course's staff or instructor role (CourseStaffRole, CourseInstructorRole)."""
    return set(CourseRole.objects.filter(course_id=str(course_key), role__in=("staff", "instructor"))
               .values_list("user_id", flat=True))


def course_role(user, course_key):
    """'instructor', 'staff' or 'student', as the LMS's get_user_role answers."""
    if not user.is_authenticated:
        return "student"
    roles = set(CourseRole.objects.filter(user=user, course_id=str(course_key)).values_list("role", flat=True))
    if "instructor" in roles:
        return "instructor"
    if "staff" in roles or user.is_staff:
        return "staff"
    return "student"


def blocks_of_type(course_key, block_type):
    """Usage keys of the course's blocks of ``block_type`` (the modulestore's get_items by category)."""
    from devsite.lms.course import get_course_by_key

    course = get_course_by_key(course_key)
    return course.of_type(block_type) if course is not None else []


def report_block(usage_key):
    """A block as reports read it (no learner, no access rules): the platform's ``modulestore().get_item``."""
    from django.contrib.auth.models import AnonymousUser

    from devsite.lms.course import get_course_by_key
    from devsite.lms.runtime import LmsRuntime

    return LmsRuntime(get_course_by_key(usage_key.course_key), AnonymousUser()).get_block(usage_key)


class ReportStore:
    """The instructor dashboard's report store (``DjangoStorageReportStore``): one folder per course in the
    site's default storage, listed newest first."""

    def __init__(self):
        from django.core.files.storage import default_storage

        self.storage = default_storage

    def path_to(self, course_id, filename=""):
        import hashlib
        import os

        return os.path.join("grades", hashlib.sha1(str(course_id).encode()).hexdigest(), filename)

    def links_for(self, course_id):
        try:
            _dirs, names = self.storage.listdir(self.path_to(course_id))
        except OSError:
            return []
        paths = sorted(((name, self.path_to(course_id, name)) for name in names),
                       key=lambda item: self.storage.get_modified_time(item[1]), reverse=True)
        return [(name, self.storage.url(path)) for name, path in paths]


def report_store():
    return ReportStore()


def course_exists(course_key):
    """Whether the course exists (the modulestore's ``has_course``)."""
    from devsite.lms.course import get_course_by_key

    return get_course_by_key(course_key) is not None
