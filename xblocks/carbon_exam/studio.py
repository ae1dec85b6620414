"""Studio: edit settings and the paper (as OLX, checked live), import and export questions.

``studio_submit`` and ``import_questions`` refuse a paper that cannot be drawn, listing every
problem; nothing is saved until the author fixes them. Imports are previewed item by item first
(``apply`` false), and applied to one pool only when every item is clean.
"""
from __future__ import annotations

import copy

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.utils.resources import ResourceLoader

from carbon_common.api import ApiError, json_api
from carbon_common.assets import add_shared_js
from carbon_common.exports import download_response
from carbon_common.i18n import _
from carbon_common.identity import require_studio_author

from .importers import FILE_EXTENSIONS, check_against_pool, entries_of_paper, export_questions, import_questions
from .messages import EDITOR_TEXT, TEMPLATE_TEXT, TEXT
from .olx import PaperSyntaxError, parse_paper, parse_xml
from .paper import BLOCKING_CODES, own_track_problems, validate_paper
from .paper_json import paper_from_json, paper_to_json
from .problems import plain_number
from .projections import ReviewOptions

loader = ResourceLoader(__name__)
MAX_IMPORT_BYTES = 4 * 1000 * 1000



class StudioMixin:
    """Studio views and handlers (course authors)."""

    def studio_view(self, context=None):
        """The editor, with its own Save and Cancel: its root has class ``editor-with-buttons``, so Studio's
        modal hides its own action bar (one row of buttons)."""
        html = loader.render_django_template("templates/studio.html", {
            "block": self, "questions_xml": self._questions_text(), "t": self.template_texts(),
            "pools": self.import_pools(), "cancel_label": self.gettext(_("Cancel"))})
        fragment = Fragment(html)
        fragment.add_css_url(self.runtime.local_resource_url(self, "public/css/exam.css"))
        add_shared_js(fragment)
        for script in ("studio_model.js", "studio_fields.js", "studio_tree.js", "studio.js"):  # the editor's modules
            fragment.add_javascript_url(self.runtime.local_resource_url(self, f"public/js/{script}"))
        texts = self.js_texts(EDITOR_TEXT)
        texts["import_pool_option"] = self.gettext_entry(TEMPLATE_TEXT, "import_pool_option")
        texts["no_pools"] = self.gettext_entry(TEMPLATE_TEXT, "no_pools")
        fragment.initialize_js("CarbonExamStudioInit", {"paper": paper_to_json(self.paper), "texts": texts})
        return fragment

    def import_pools(self, paper=None):
        """The saved paper's pools for the import form's select: ``[{"id", "label"}]`` in paper order."""
        paper = paper or self.paper
        template = self.gettext_entry(TEMPLATE_TEXT, "import_pool_option")
        return [{"id": pool.id, "label": template.format(part=part.title or part.id, pool=pool.id,
                                                          type=self.gettext(TEXT.get(pool.type, pool.type)),
                                                          count=len(pool.questions))}
                for part in paper.parts for pool in part.pools]

    def _questions_text(self):
        root = parse_xml(self.questions_xml)
        return "".join(etree.tostring(child, encoding="unicode", pretty_print=True) for child in root)

    @json_api()
    def check_paper(self, data, request):
        """Validate ``{"paper" | "questions_xml", "total_points", "pass_mark"}`` without saving."""
        self._require_author()
        paper, problems = self._read_paper(data)
        return {"drawn_points": plain_number(paper.drawn_points) if paper else None,
                "problems": [self._problem_json(p) for p in problems]}

    @json_api()
    def studio_submit(self, data, request):
        """Save settings and the paper (``paper`` JSON from the editor, or ``questions_xml``).

        Refused (400 ``paper_invalid`` with every problem, or ``bad_setting``) when the paper cannot be
        drawn or a setting cannot be read; nothing is saved then.
        """
        self._require_author()
        settings = self._read_settings(data)
        paper, problems = self._read_paper(data)
        if paper is not None and settings.get("professional_draw", self.professional_draw) == "own_track":
            track_problems = own_track_problems(paper)  # every track must fill every pool on its own
            if track_problems:
                raise ApiError(400, "professional_draw",
                               self.gettext(_("The paper cannot be drawn from each learner's own track; fix the problems "
                                        "listed or draw the tracks pooled.")),
                               code="own_track_not_drawable", problems=[self._problem_json(p) for p in track_problems])
        if paper is None or any(p.code in BLOCKING_CODES for p in problems):
            field = "paper" if "paper" in data else "questions_xml"
            raise ApiError(400, field, self.gettext(_("The paper cannot be drawn; fix the problems listed.")),
                           code="paper_invalid", problems=[self._problem_json(p) for p in problems])
        for name, value in settings.items():
            setattr(self, name, value)
        self.set_paper(paper)
        return {"saved": True, "problems": [self._problem_json(p) for p in problems],
                "paper": paper_to_json(self.paper), "questions_xml": self._questions_text(),
                "drawn_points": plain_number(paper.drawn_points), "pools": self.import_pools()}

    def _read_settings(self, data):
        """The settings in ``data``, read by their fields; a 400 naming the first one that cannot be read."""
        values = {}
        for name in self.SETTINGS:
            if name not in data:
                continue
            field = self.fields[name]
            try:
                value = field.from_json(data[name])
                if value is None:
                    raise ValueError(name)
                choices = getattr(field, "values", None)
                if isinstance(choices, (list, tuple)) and all(isinstance(c, str) for c in choices) \
                        and value not in choices:
                    raise ValueError(name)
                if name in ("review_after_submit", "review_after_close"):
                    ReviewOptions.from_json(value)
            except (TypeError, ValueError):
                raise ApiError(400, name, self.gettext(_("The setting \"{name}\" has a value that cannot be used."),
                                                 name=self.gettext(field.display_name or name)), code="bad_setting")
            values[name] = value
        return values

    @json_api()
    def import_questions(self, data, request):
        """Multipart ``file``, ``format`` (gift|aiken|csv|xlsx), ``pool`` and ``apply`` (0/1)."""
        self._require_author()
        upload = data.get("file") if hasattr(data, "get") else None
        content = upload.file.read(MAX_IMPORT_BYTES + 1) if upload is not None and hasattr(upload, "file") else b""
        if not content or len(content) > MAX_IMPORT_BYTES:
            raise ApiError(400, "file", self.gettext(_("Choose a file of at most 4 MB.")), code="bad_file")
        paper = copy.deepcopy(self.paper)  # the parsed paper is shared across requests: change a copy only
        pool = next((p for _, p in paper.pools() if p.id == data.get("pool")), None)
        if pool is None:
            raise ApiError(400, "pool", self.gettext(_("Choose the pool to import into.")), code="unknown_pool")
        preview = import_questions(content, str(data.get("format", "")))
        check_against_pool(preview, pool, paper)
        result = preview.to_json()
        for problem in result["errors"] + result["notices"] + [e for item in result["items"] for e in item["errors"]]:
            problem["message"] = self.translate_problem(problem)
        if str(data.get("apply", "0")) == "1" and preview.ok and preview.items:
            pool.questions.extend(item.question for item in preview.items)
            self.set_paper(paper)
            result["applied"] = len(preview.items)
        return result

    @json_api(methods=("GET",))
    def export_questions(self, data, request):
        """The whole bank (or ``pool``) as gift, aiken, csv or xlsx."""
        self._require_author()
        fmt = str(data.get("format", "gift")).lower()
        if fmt not in FILE_EXTENSIONS:
            raise ApiError(400, "format", self.gettext(_("Choose gift, aiken, csv or xlsx.")), code="bad_format")
        entries = [e for e in entries_of_paper(self.paper)
                   if not data.get("pool") or any(e.question in p.questions for _, p in self.paper.pools()
                                                  if p.id == data.get("pool"))]
        body, _problems = export_questions(entries, fmt)
        return download_response(f"{self.scope_ids.usage_id.block_id}_{fmt}.{FILE_EXTENSIONS[fmt]}", body=body)

    # Helpers -------------------------------------------------------------------------------------

    def _require_author(self):
        """Studio write access (the ``studio_user_permissions`` service); the LMS never has it, so refused there."""
        return require_studio_author(self, self.gettext(_("Only course authors can do this.")))

    def _read_paper(self, data):
        """``(paper, problems)`` from ``data["paper"]`` (the editor's JSON) or ``data["questions_xml"]``."""
        from decimal import Decimal, InvalidOperation

        try:
            total = Decimal(str(data.get("total_points", self.total_points)))
            pass_mark = Decimal(str(data.get("pass_mark", self.pass_mark)))
            if not (total.is_finite() and pass_mark.is_finite()):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            raise ApiError(400, "total_points", self.gettext(_("The total and pass mark must be numbers.")),
                           code="bad_number")
        if "paper" in data:
            paper, problems = paper_from_json(data["paper"], total, pass_mark)
            return (paper, problems) if paper is None else (paper, validate_paper(paper))
        text = str(data.get("questions_xml", ""))
        try:
            paper = parse_paper(parse_xml(text, wrapper="paper"), total, pass_mark)
        except PaperSyntaxError as error:
            return None, error.errors
        return paper, validate_paper(paper)

    def _problem_json(self, problem):
        data = problem.to_dict()
        data["message"] = self.translate_problem(data)
        return data

    def translate_problem(self, data):
        """The message of a problem (``Problem.to_dict()``) in the user's language."""
        from .problems import MESSAGES, render

        if data["code"] not in MESSAGES:
            return data["message"]
        return render(data["code"], data["params"], self.translator)
