"""Studio side of the hours gate: the author view and the settings editor (credited references checked)."""
from __future__ import annotations

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.utils.studio_editable import StudioContainerXBlockMixin

from carbon_common.api import ApiError, json_api
from carbon_common.identity import require_studio_author
from eligibility_form.api import form_key

from . import messages
from .config import parse_settings
from .structure import MISSING, resolve_credits


@XBlock.wants("mako")  # Studio gives it (render_children's template); devsite and the workbench do not
class GateStudioMixin(StudioContainerXBlockMixin):
    """``author_view``, ``studio_view`` and the ``studio_submit`` handler.

    In Studio the gate is a container as the platform's own are (``StudioContainerXBlockMixin``, as
    ConditionalBlock): on its container page its children are rendered through Studio's machinery, each in
    Studio's wrapper with Edit, Delete, Move and Duplicate, reorderable, with Add Component below.
    """

    def _reference_problems(self, refs):
        """Sentences for credited references that do not exist or have nothing to complete."""
        t = self.translator
        problems = []
        for ref, code in resolve_credits(self, refs).problems:
            values = {"type": ref.block_type, "name": ref.url_name}
            problems.append(t.gettext("“{type}/{name}” does not exist in this course.", **values) if code == MISSING
                            else t.gettext("“{type}/{name}” has nothing learners can complete.", **values))
        return problems

    def _children_titles(self):
        titles = []
        for child_id in self.children:
            try:
                child = self.runtime.get_block(child_id)
                titles.append(getattr(child, "display_name", "") or child_id.block_id)
            except Exception:  # a child Studio cannot load is listed by its id
                titles.append(str(child_id))
        return titles

    def _is_root(self, context):
        root = (context or {}).get("root_xblock")
        return root is not None and root.scope_ids.usage_id == self.scope_ids.usage_id

    def _summary(self, children):
        """The requirement, the credited items (references that do not resolve flagged) and, when ``children``
        is a list, the titles of the children (else the children follow, rendered by Studio)."""
        refs = self.credit_refs()
        frag = Fragment(self._render("templates/author.html", {
            "block": self, "required": messages.number(self.required_decimal()),
            "credits": [{"type": ref.block_type, "name": ref.url_name, "hours": messages.number(ref.hours)}
                        for ref in refs],
            "problems": self._reference_problems(refs), "children": children,
        }))
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/hours_gate.css"))
        return frag

    def author_view(self, context=None):
        """Studio: on the gate's own container page the summary, then the children with Studio's controls;
        elsewhere (a unit page, devsite) the summary with the children's titles."""
        context = context or {}
        if self._is_root(context) and self.runtime.service(self, "mako") is not None:
            return self.author_edit_view(context)
        return self.author_preview_view(context)

    def author_edit_view(self, context):
        frag = self._summary(None)
        self.render_children(context, frag, can_reorder=True, can_add=True)
        return frag

    def author_preview_view(self, context):
        return self._summary(self._children_titles())

    def studio_view(self, context=None):
        """The settings editor: requirement, minutes per 学时, mode and reading time, videos, application,
        credited references."""
        frag = Fragment(self._render("templates/studio.html", {
            "block": self, "credits": self.credits,
            "problems": self._reference_problems(self.credit_refs()),
        }))
        self._add_assets(frag)
        frag.initialize_js("HoursGateStudioInit", {"strings": {
            "saved": self.gettext("Saved."), "failed": self.gettext("The request failed. Please try again."),
            "remove": self.gettext("Remove"),
        }})
        return frag

    @json_api(methods=("POST",))
    def studio_submit(self, data, request):
        """Save the settings; refuse invalid values (400) and warn about references not in the course.

        Studio authors only (403 otherwise, and always through the LMS's handler URL)."""
        t = self.translator
        require_studio_author(self, t.gettext("Only course authors can change these settings."))
        values, errors = parse_settings(data.get("required_hours", ""), data.get("minutes_per_hour", ""),
                                        data.get("credits", []), data.get("hours_mode", self.hours_mode),
                                        data.get("reading_minutes", self.reading_minutes),
                                        data.get("fallback_video_seconds", self.fallback_video_seconds))
        if errors:
            raise ApiError(400, errors[0].field, " ".join(messages.config_error(t, e) for e in errors),
                           code=errors[0].code)
        require_application = bool(data.get("require_application", False))
        url_name = str(data.get("application_url_name", "") or "application").strip()[:255]
        if require_application and form_key(self.scope_ids.usage_id.context_key, url_name) is None:
            raise ApiError(400, "application_url_name", t.gettext(
                "No application form can be found: add an eligibility form to the course (or name the one to "
                "use) before requiring an approved application."), code="application_not_found")
        display_name = " ".join(str(data.get("display_name", "")).split())[:200]
        if display_name:
            self.display_name = display_name
        self.required_hours = f"{values['required_hours']:f}"
        self.minutes_per_hour = values["minutes_per_hour"]
        self.hours_mode = values["hours_mode"]
        self.reading_minutes = values["reading_minutes"]
        self.fallback_video_seconds = values["fallback_video_seconds"]
        self.credit_all_videos = bool(data.get("credit_all_videos", False))
        self.require_application = require_application
        self.application_url_name = url_name
        self.credits = [ref.as_dict() for ref in values["credits"]]
        self._resolved = None
        self.__dict__.pop("_application_key", None)
        return {"result": "success", "warnings": self._reference_problems(values["credits"])}
