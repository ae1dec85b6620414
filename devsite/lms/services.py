"""The services the LMS gives blocks (user, i18n, settings), rebuilt on the same contracts."""
import gettext
import importlib.resources
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale
from xblock.reference.user_service import UserService, XBlockUser

from carbon_common.compat import full_name
from devsite.lms.platform import anonymous_id_for_user, course_role, user_by_anonymous_id


class DevUserService(UserService):
    """`user` service with the platform's `edx-platform.*` attributes (xblock_django/user_service.py)."""

    def __init__(self, user, course_key, **kwargs):
        super().__init__(**kwargs)
        self._user = user
        self._course_key = course_key

    def get_current_user(self):
        user = self._user
        xuser = XBlockUser(is_current_user=True)
        if user is None or not user.is_authenticated:
            xuser.opt_attrs["edx-platform.is_authenticated"] = False
            return xuser
        role = self.role()
        xuser.emails = [user.email]
        xuser.full_name = full_name(user)  # the platform's service reads profile.name
        xuser.opt_attrs.update({
            "edx-platform.anonymous_user_id": anonymous_id_for_user(user, self._course_key),
            "edx-platform.is_authenticated": True,
            "edx-platform.user_id": user.id,
            "edx-platform.username": user.username,
            "edx-platform.user_is_staff": role in ("staff", "instructor") or user.is_staff,
            "edx-platform.user_role": role,
            "edx-platform.user_preferences": {"pref-lang": translation.get_language()},
        })
        return xuser

    def role(self):
        """The user's course role (one query per request: the runtime's access checks ask it too)."""
        if not hasattr(self, "_role"):
            self._role = course_role(self._user, self._course_key) if self._user is not None else "student"
        return self._role

    def get_anonymous_user_id(self, username, course_id):
        """The anonymous id of the user named ``username`` (or with that email) in ``course_id`` (a string);
        None when the current user is not staff or there is no such user, as the platform's service answers."""
        from django.contrib.auth import get_user_model
        from django.db.models import Q
        from opaque_keys.edx.keys import CourseKey

        if not self.get_current_user().opt_attrs.get("edx-platform.user_is_staff"):
            return None
        user = get_user_model().objects.filter(Q(username=username) | Q(email=username)).first()
        return anonymous_id_for_user(user, CourseKey.from_string(str(course_id))) if user else None

    def get_user_by_anonymous_id(self, uid=None):
        """The user behind ``uid`` (the current user's own anonymous id when None), or None."""
        if uid is None:
            uid = self.get_current_user().opt_attrs.get("edx-platform.anonymous_user_id")
        return user_by_anonymous_id(uid) if uid else None


class DevI18nService:
    """`i18n` service: the block package's own `translations/<locale>/LC_MESSAGES/text.mo`, in the
    request's language, falling back to Django's catalogue, as the LMS's XBlockI18nService does."""

    def __init__(self, block):
        module = getattr(block, "unmixed_class", block.__class__).__module__
        package = module.rsplit(".", 1)[0] if "." in module else module
        language = translation.get_language() or settings.LANGUAGE_CODE
        self.translator = translation
        try:
            localedir = importlib.resources.files(package) / "translations"
            self.translator = gettext.translation("text", str(localedir), [to_locale(language)])
        except (OSError, ModuleNotFoundError, TypeError):
            pass

    def __getattr__(self, name):
        """Anything else a translation object offers (pgettext, npgettext...), as the LMS service does."""
        return getattr(self.translator, name)

    def gettext(self, message):
        return self.translator.gettext(message)

    def ngettext(self, singular, plural, number):
        return self.translator.ngettext(singular, plural, number)

    ugettext = gettext
    ungettext = ngettext

    @staticmethod
    def strftime(dtime, fmt):
        if isinstance(dtime, datetime):
            return dtime.strftime({"SHORT_DATE": "%Y-%m-%d", "LONG_DATE": "%Y-%m-%d", "DATE_TIME": "%Y-%m-%d %H:%M"}.get(fmt, fmt))
        return str(dtime)

    def get_javascript_i18n_catalog_url(self, block):  # noqa: ARG002
        return None


class DevSettingsService:
    """`settings` service: XBLOCK_SETTINGS[block_settings_key or class name]."""

    def get_settings_bucket(self, block, default=None):
        key = getattr(block, "block_settings_key", None) or getattr(block, "unmixed_class", block.__class__).__name__
        return getattr(settings, "XBLOCK_SETTINGS", {}).get(key, default if default is not None else {})


class DevStudioPermissionsService:
    """`studio_user_permissions`, which only Studio (the CMS) offers blocks: write access for global staff and
    the course's staff and instructors, as the CMS's has_studio_write_access answers."""

    def __init__(self, user):
        self._user = user

    def can_read(self, course_key):
        return self.can_write(course_key)

    def can_write(self, course_key):
        user = self._user
        if user is None or not user.is_authenticated:
            return False
        return bool(user.is_staff) or course_role(user, course_key) in ("staff", "instructor")
