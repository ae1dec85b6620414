"""Studio's Save for settings edited with xblock-utils' ``StudioEditableXBlockMixin``, for Studio authors only.

A block lists ``StudioAuthorEditsMixin`` before ``StudioEditableXBlockMixin``; its ``submit_studio_edits`` checks the
author (403 otherwise, and always through the LMS's handler URL), the body's shape, the block's own kind checks,
then runs the mixin's handler. Refusals are ``ApiError`` 400 naming a field, with ``messages`` ([{"text", "type"}])
that the mixin's editor shows.
"""
from xblock.exceptions import JsonHandlerError
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from carbon_common.api import ApiError, json_api
from carbon_common.i18n import _
from carbon_common.identity import require_studio_author

AUTHORS_ONLY = _("Only course authors can change these settings.")
CANNOT_SAVE = _("These settings cannot be saved.")


class StudioAuthorEditsMixin:
    """``submit_studio_edits`` behind the Studio author check. Hooks: ``studio_kind_problems`` and
    ``after_studio_save``."""

    def studio_kind_problems(self, values):
        """Problems ({"text", "type", "field", "code"}) of submitted ``values`` (only the editable fields') of the
        wrong kind, found before the mixin converts and validates them; none by default."""
        return []

    def after_studio_save(self, result):
        """The answer to a save that went through (``result``: the mixin's); ``result`` by default."""
        return result

    def studio_refusal(self, problems):
        """ApiError(400) naming the first problem's field; ``messages`` as xblock-utils' editor shows them."""
        first = problems[0]
        return ApiError(400, first.get("field") or "values", " ".join(problem["text"] for problem in problems),
                        code=first.get("code") or "invalid", messages=problems)

    def _cannot_save(self, details=None):
        extra = {"details": details} if details else {}
        return ApiError(400, "values", self.gettext(CANNOT_SAVE), code="invalid", **extra)

    @json_api(methods=("POST",))
    def submit_studio_edits(self, data, request):
        """Studio's Save (``StudioEditableXBlockMixin``'s handler), for Studio authors only. A body not shaped as
        the editor sends it, values of the wrong kind or breaking the block's rules are refused (400, in the
        author's language) and nothing changes."""
        try:
            require_studio_author(self, self.gettext(AUTHORS_ONLY))
            values, defaults = data.get("values", {}), data.get("defaults", [])
            if not isinstance(values, dict) or not isinstance(defaults, list) \
                    or not all(isinstance(name, str) for name in defaults):
                raise self._cannot_save()
            wrong = self.studio_kind_problems({name: values[name] for name in self.editable_fields if name in values})
            if wrong:
                raise self.studio_refusal(wrong)
            try:
                result = StudioEditableXBlockMixin.submit_studio_edits.__wrapped__(
                    self, {"values": values, "defaults": defaults})
            except JsonHandlerError as error:  # the block's validate_field_data, or a field the mixin cannot edit
                problems = error.message.get("messages") if isinstance(error.message, dict) else None
                raise self.studio_refusal(problems) if problems else self._cannot_save(str(error.message))
        except ApiError as error:
            error.extra.setdefault("messages", [{"text": str(error.message), "type": "error"}])
            raise
        return self.after_studio_save(result)
