"""Who is asking: the current learner from the platform's `user` service, and staff checks.

Blocks declare `@XBlock.wants('user')` (or needs) and call these helpers; nothing else reads the
`edx-platform.*` attributes.
"""
from dataclasses import dataclass

from carbon_common.api import ApiError

STAFF_ROLES = ("staff", "instructor")


@dataclass(frozen=True)
class Learner:
    """The current user as the LMS describes them to a block."""

    user_id: int | None
    username: str
    anonymous_id: str
    is_staff: bool
    role: str
    full_name: str
    email: str

    @property
    def is_authenticated(self):
        return self.user_id is not None


ANONYMOUS = Learner(None, "", "", False, "student", "", "")


#: Where the learner read from a `user` service is kept, on that service object: the LMS (and devsite) build
#: the service per request, for the request's user, so a cached value never outlives the request or crosses users.
_CACHE_ATTR = "_carbon_current_learner"


def current_learner(block):
    """The requesting user, from the `user` service; ANONYMOUS when there is none (e.g. tests, previews).

    Read once per request: every block of the request (the exam, then its gate) shares the runtime's `user`
    service, and the answer is cached on that service object together with the request it was read in
    (django-crum's current request, when the site installs its middleware), so a service reused by a later
    request reads afresh.
    """
    service = block.runtime.service(block, "user")
    if service is None:
        return ANONYMOUS
    request = _current_request()
    cached = getattr(service, _CACHE_ATTR, None)
    if cached is not None and cached[0] is request:
        return cached[1]
    learner = _read_learner(service)
    try:
        setattr(service, _CACHE_ATTR, (request, learner))
    except AttributeError:  # a service that takes no attributes (slots): read it each time
        pass
    return learner


def _current_request():
    try:
        from crum import get_current_request
    except ImportError:
        return None
    return get_current_request()


def _read_learner(service):
    user = service.get_current_user()
    attrs = user.opt_attrs
    user_id = attrs.get("edx-platform.user_id")
    if not attrs.get("edx-platform.is_authenticated", user_id is not None):
        return ANONYMOUS
    return Learner(
        user_id=user_id,
        username=attrs.get("edx-platform.username", "") or "",
        anonymous_id=attrs.get("edx-platform.anonymous_user_id", "") or "",
        is_staff=bool(attrs.get("edx-platform.user_is_staff", False)),
        role=attrs.get("edx-platform.user_role", "student") or "student",
        full_name=user.full_name or "",
        email=(user.emails or [""])[0],
    )


def is_course_staff(learner):
    """Course staff or instructor (the LMS sets `user_is_staff` for both, and for global staff)."""
    return learner.is_staff or learner.role in STAFF_ROLES


def require_learner(block, message):
    """The authenticated learner, or ApiError(403) with `message` (already translated)."""
    learner = current_learner(block)
    if not learner.is_authenticated:
        raise ApiError(403, "user", message, code="login_required")
    return learner


def require_staff(block, message):
    """The current user if they are course staff; ApiError(403) with `message` otherwise."""
    learner = current_learner(block)
    if not learner.is_authenticated or not is_course_staff(learner):
        raise ApiError(403, "user", message, code="staff_only")
    return learner


def require_studio_author(block, message):
    """The current user if Studio says they may edit this course; ApiError(403, "user", `message`) otherwise.

    Studio (the CMS) gives blocks the ``studio_user_permissions`` service; the LMS does not (authored fields
    are read-only there), so through an LMS handler URL every Studio handler refuses, for staff too. Blocks
    declare ``@XBlock.wants("studio_user_permissions")``.
    """
    try:
        permissions = block.runtime.service(block, "studio_user_permissions")
    except Exception:  # the block did not declare the service: nobody may edit through it
        permissions = None
    if permissions is None or not permissions.can_write(block.scope_ids.usage_id.context_key):
        raise ApiError(403, "user", message, code="author_only")
    return current_learner(block)
