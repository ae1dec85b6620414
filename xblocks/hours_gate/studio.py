"""Studio side of the hours gate: the author view and the settings editor.

The settings are edited the platform's way, with XBlock's ``StudioEditableXBlockMixin``: ``editable_fields``, the
rules in ``validate_field_data`` (from the pure ``config``), and its ``submit_studio_edits`` handler behind the
Studio author check (``carbon_common.studio_edits``). The credited blocks are the ``credits`` field of the same form, which
``public/js/hours_gate_studio.js`` shows as a table instead of the mixin's JSON text box: one Save stores every
setting or none.
"""
from __future__ import annotations

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.utils.studio_editable import StudioContainerXBlockMixin, StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from carbon_common.assets import add_shared_js
from carbon_common.i18n import _
from carbon_common.studio_edits import StudioAuthorEditsMixin
from eligibility_form.api import form_key

from . import config, messages
from .structure import MISSING, resolve_credits

APPLICATION_NOT_FOUND = "application_not_found"
#: Sentences for the problems ``messages.CONFIG_ERRORS`` does not cover (the editor's own fields).
STUDIO_ERRORS = {
    config.TEXT_INVALID: _("The display name must be text."),
    config.FLAG_INVALID: _("“{label}” must be on or off."),
    config.APPLICATION_NAME_INVALID: _("The application block url_name is not valid: use 1 to 255 letters, digits "
                                       "or . _ - : ~"),
    config.CREDITS_INVALID: _("The credited blocks must be a list of block type, url_name and hours."),
    APPLICATION_NOT_FOUND: _("No application form can be found: add an eligibility form to the course (or name "
                             "the one to use) before requiring an approved application."),
}
MODE_LABELS = {
    config.COMPLETION_MODE: _("Completion: the platform's completion records (what the learner's browser reports)"),
    config.VERIFIED_MODE: _("Verified: the study ledger (video played, reading time, answered practice), as the "
                            "server saw it"),
}


def mode_choices(block):
    """The choices of ``hours_mode`` in Studio's editor, in the author's language (a ``values_provider``)."""
    return [{"display_name": block.gettext(MODE_LABELS[mode]), "value": mode} for mode in config.HOURS_MODES]


class FieldProblem(ValidationMessage):
    """An error of ``validate_field_data`` that names its field and code, in its JSON too (Studio shows the text)."""

    def __init__(self, field, code, text):
        super().__init__(ValidationMessage.ERROR, text)
        self.field, self.code = field, code

    def to_json(self):
        return {**super().to_json(), "field": self.field, "code": self.code}


@XBlock.wants("mako")  # Studio gives it (render_children's template); devsite and the workbench do not
class GateStudioMixin(StudioAuthorEditsMixin, StudioEditableXBlockMixin, StudioContainerXBlockMixin):
    """``author_view``, ``studio_view`` and the ``submit_studio_edits`` handler (``StudioAuthorEditsMixin``'s).

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

    editable_fields = ("display_name", "required_hours", "minutes_per_hour", "hours_mode", "reading_minutes",
                       "fallback_video_seconds", "credit_all_videos", "require_application", "application_url_name",
                       "credits")

    def studio_view(self, context=None):
        """The mixin's editor for every setting (the credits field as a table, by ``HoursGateStudioInit``), after
        a notice of credited references that do not resolve."""
        frag = StudioEditableXBlockMixin.studio_view(self, context)
        notice = self._render("templates/studio.html", {"problems": self._reference_problems(self.credit_refs())})
        frag.content = notice + frag.content
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/hours_gate_studio.css"))
        add_shared_js(frag)
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/hours_gate_studio.js"))
        t = self.translator
        frag.initialize_js("HoursGateStudioInit", {"strings": {
            "caption": t.gettext("Credited blocks"), "block_type": t.gettext("Block type"), "url_name": "url_name",
            "hours": t.gettext("Hours"), "remove": t.gettext("Remove"), "add": t.gettext("Add a credited block"),
            "yes": t.gettext("Yes"), "no": t.gettext("No"), "default_choice": t.gettext("{label} (default)"),
        }})
        return frag

    def problem_text(self, error) -> str:
        """A ``config.ConfigError`` as a sentence in the author's language, naming the setting."""
        t = self.translator
        if error.code in STUDIO_ERRORS:
            label = t.gettext(self.fields[error.field].display_name) if error.field in self.fields else error.field
            return t.gettext(STUDIO_ERRORS[error.code], label=label)
        return messages.config_error(t, error)

    def validate_field_data(self, validation, data):
        """The rules of ``config.settings_problems`` and, when an approved application is required, that the course
        has the form (``data``: the block, or the values about to be saved)."""
        problems = config.settings_problems(data)
        for error in problems:
            validation.add(FieldProblem(error.field, error.code, self.problem_text(error)))
        if data.require_application and not problems \
                and form_key(self.scope_ids.usage_id.context_key, data.application_url_name) is None:
            validation.add(FieldProblem("application_url_name", APPLICATION_NOT_FOUND,
                                        self.gettext(STUDIO_ERRORS[APPLICATION_NOT_FOUND])))

    def clean_studio_edits(self, data):
        """Stored forms of valid values ("10" -> "10.00", trimmed names, normalised credits)."""
        cleaned = config.normalise_settings(data)
        data.clear()
        data.update(cleaned)

    def studio_kind_problems(self, values):
        """Values of the wrong kind (``config.kind_problems``), as the editor shows them naming their field."""
        return [FieldProblem(e.field, e.code, self.problem_text(e)).to_json() for e in config.kind_problems(values)]

    def after_studio_save(self, result):
        """The saved rules take effect at once; references not in the course are reported as ``warnings``."""
        self._resolved = None
        self.__dict__.pop("_application_key", None)
        return {**result, "warnings": self._reference_problems(self.credit_refs())}
