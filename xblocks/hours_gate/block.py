"""The training-hours gate: a container that opens its children (the exam) once 学时 are met.

Hour sums live in the pure ``hours`` module, the import parser in ``hours_import``, authored settings
in ``config``; ``structure`` resolves credited references, ``evaluation`` and ``records`` talk to the
database. Handlers are in ``handlers`` (learner and staff) and ``studio`` (authors).
"""
from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, Integer, List, Scope, String
from xblock.utils.resources import ResourceLoader

from carbon_common.assets import add_shared_js
from carbon_common.exports import csv_cell
from carbon_common.i18n import I18nMixin, _, ngettext_noop
from carbon_common.identity import current_learner, is_course_staff
from carbon_common.views import results_sheet_url
from eligibility_form.api import form_key

from . import messages
from .api import GateDecision
from .config import (
    COMPLETION_MODE,
    DEFAULT_READING_MINUTES,
    DEFAULT_VIDEO_SECONDS,
    HOURS_MODES,
    MAX_READING_MINUTES,
    MAX_VIDEO_SECONDS,
    VERIFIED_MODE,
    parse_credits,
    parse_hours,
)
from .evaluation import evaluate_learner, roster
from .handlers import GateHandlersMixin
from .hours import DEFAULT_MINUTES_PER_HOUR
from .ledger_handlers import GateLedgerMixin
from .structure import HIDDEN, gate_items, learner_restriction, load, unit_of
from .studio import GateStudioMixin, mode_choices
from .study_view import item_payload
from .unlocked import unlocked_decision

loader = ResourceLoader(__name__)
CREDIT_TAG = "credit"


def by_section(items) -> list[dict]:
    """Items grouped by their section, sections in the order they first appear: [{title, items}]."""
    groups = {}
    for item in items:
        groups.setdefault(item["section"], []).append(item)
    return [{"title": title, "items": group} for title, group in groups.items()]


@XBlock.wants("user")
@XBlock.wants("completion")
@XBlock.wants("studio_user_permissions")
@XBlock.needs("i18n")
class HoursGateBlock(I18nMixin, GateStudioMixin, GateHandlersMixin, GateLedgerMixin, XBlock):
    """Shows its children only to learners whose training hours (and, optionally, application) are met."""

    block_settings_key = "hours_gate"
    has_children = True
    has_author_view = True
    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    # Labels and help: Studio's editor (StudioEditableXBlockMixin, ``studio.editable_fields``) translates them.
    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Exam eligibility"),
                          help=_("The gate's title, shown to learners above the hours they have earned."))
    required_hours = String(display_name=_("Required hours"), scope=Scope.settings, default="40",
                            help=_("Training hours (学时) a learner needs: 0 to 10000, at most two decimals."))
    minutes_per_hour = Integer(display_name=_("Minutes per hour"), scope=Scope.settings,
                               default=DEFAULT_MINUTES_PER_HOUR, values={"min": 1, "max": 240, "step": 1},
                               help=_("Minutes of study that make one training hour (学时): 1 to 240."))
    credit_all_videos = Boolean(display_name=_("Credit every video by its duration"), scope=Scope.settings,
                                default=False, help=_("Every video of the course earns its length in hours, "
                                                      "besides the credited blocks below."))
    require_application = Boolean(display_name=_("Require an approved application"), scope=Scope.settings,
                                  default=False, help=_("Learners also need an application approved by staff "
                                                        "in the course's eligibility form."))
    application_url_name = String(display_name=_("Application block url_name"), scope=Scope.settings,
                                  default="application", help=_("The url_name of the eligibility form to ask "
                                                                "about; the course's only form is found by itself."))
    # New gates count completion records (a site without the ledger's tracking backend would never open a
    # verified gate, and gates authored before the modes keep their behaviour); the course ships `verified`.
    hours_mode = String(display_name=_("How hours are counted"), scope=Scope.settings, default=COMPLETION_MODE,
                        values=list(HOURS_MODES), values_provider=mode_choices,
                        help=_("Completion trusts what the learner's browser reports; verified counts only "
                               "what the server saw in the study ledger."))
    reading_minutes = Integer(display_name=_("Expected reading minutes per HTML item (verified mode)"),
                              scope=Scope.settings, default=DEFAULT_READING_MINUTES,
                              values={"min": 1, "max": MAX_READING_MINUTES, "step": 1},
                              help=_("Reading time the ledger expects for one HTML item: 1 to 240 minutes."))
    fallback_video_seconds = Integer(display_name=_("Video length (seconds) when the platform does not know it"),
                                     scope=Scope.settings, default=DEFAULT_VIDEO_SECONDS,
                                     values={"min": 1, "max": MAX_VIDEO_SECONDS, "step": 1},
                                     help=_("Used in verified mode for a video without a known length: 1 to "
                                            "21600 seconds."))
    credits = List(display_name=_("Credited blocks"), scope=Scope.content, default=[],
                   help=_("Course blocks that earn hours, by block type and url_name, with the hours each "
                          "earns (0 to 1000)."))  # [{"block_type", "url_name", "hours"}], OLX <credit/>
    seen_state = String(scope=Scope.user_state, default="")  # "open"/"locked": lists the learner in reports

    # --- configuration -------------------------------------------------------------------------
    def required_decimal(self) -> Decimal:
        return parse_hours(self.required_hours, Decimal("10000")) or Decimal("0")

    def credit_refs(self):
        return parse_credits(self.credits)[0]

    def resolved_credits(self):
        """Credited items in the course (computed once per bound block)."""
        if getattr(self, "_resolved", None) is None:
            self._resolved = gate_items(self, self.credit_refs(), self.credit_all_videos,
                                        self.minutes_per_hour or DEFAULT_MINUTES_PER_HOUR)
        return self._resolved

    def credit_items(self):
        return self.resolved_credits().items

    def item_url(self, key) -> str:
        """Courseware link (the LMS's jump_to) to a credited block; a video or reading links to its unit."""
        target = self.resolved_credits().links.get(str(key), key)
        return f"/courses/{self.scope_ids.usage_id.context_key}/jump_to/{target}"

    def application_key(self):
        """The form the gate asks about: the eligibility_form named ``application_url_name``, else the course's
        only one (a form added in Studio has a random id); when neither exists (the form was deleted), the named
        key still, so applications already made to it count. Looked up once per bound block (per request)."""
        if not hasattr(self, "_application_key"):
            course_key = self.scope_ids.usage_id.context_key
            self._application_key = (form_key(course_key, self.application_url_name)
                                     or course_key.make_usage_key("eligibility_form", self.application_url_name
                                                                  or "application"))
        return self._application_key

    def application_url(self) -> str:
        """jump_to the unit holding the application form (its own key if it cannot be loaded)."""
        course_key = self.scope_ids.usage_id.context_key
        key = self.application_key()
        try:
            form = load(self.runtime, key)
            if form is not None:
                key = unit_of(form)
        except Exception:  # NoSuchUsage here, ItemNotFoundError in the LMS: the LMS's jump_to says so
            pass
        return f"/courses/{course_key}/jump_to/{key}"

    def withheld_from_learners(self) -> list[dict]:
        """For course staff: credited items learners cannot load now (hidden, or released later), which count
        as not complete for them (see ``structure``), so that staff see why a learner's gate stays closed."""
        course_key, found = self.scope_ids.usage_id.context_key, []
        for ref in self.credit_refs():
            try:
                target = load(self.runtime, course_key.make_usage_key(ref.block_type, ref.url_name))
            except Exception:  # a reference to nothing: authors see it in Studio
                continue
            restriction = learner_restriction(target) if target is not None else None
            if restriction is None:
                continue
            kind, start = restriction
            i18n = self.runtime.service(self, "i18n")
            found.append({"title": getattr(target, "display_name", "") or ref.url_name, "hidden": kind == HIDDEN,
                          "start": i18n.strftime(start, "DATE_TIME") if start else ""})
        return found

    # --- the decision children ask for ------------------------------------------------------------
    def decision_for_current_user(self) -> GateDecision:
        """See ``hours_gate.api.gate_decision``."""
        learner = current_learner(self)
        if not learner.is_authenticated:
            return GateDecision(False, [self.gettext("Sign in to see your training hours.")])
        if is_course_staff(learner):
            return GateDecision(True, staff_bypass=True)
        unlocked = unlocked_decision(self, learner.user_id)  # let in before: one query, not a course walk
        if unlocked is not None:
            return unlocked
        state = self.state_for(learner.user_id)
        reasons = messages.reasons(self.translator, state.facts)
        return GateDecision(state.is_open, reasons, state.status.earned, state.status.required)

    def state_for(self, user_id):
        """The current learner's state; the unlock record, the gate's completion and the report marker follow it.

        The gate completes itself when it opens (and un-completes if a revoked credit closes it again).
        """
        state = evaluate_learner(self, user_id)
        seen = "open" if state.is_open else "locked"
        if self.seen_state != seen:
            if state.is_open or self.seen_state == "open":
                self.runtime.publish(self, "completion", {"completion": 1.0 if state.is_open else 0.0})
            self.seen_state = seen
            self.save()
        return state

    # --- views ---------------------------------------------------------------------------------
    def _render(self, template, context):
        usage_id = str(self.scope_ids.usage_id)
        context = {
            "uid": re.sub(r"\W", "_", usage_id),
            "urls": {
                "export_csv": self.runtime.handler_url(self, "export_hours", query="format=csv"),
                "export_xlsx": self.runtime.handler_url(self, "export_hours", query="format=xlsx"),
                "results_sheet": results_sheet_url(self.scope_ids.usage_id.context_key),
            },
            **context,
        }
        return loader.render_django_template(template, context, i18n_service=self.runtime.service(self, "i18n"))

    def _add_assets(self, frag):
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/hours_gate.css"))
        add_shared_js(frag)
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/hours_gate.js"))

    def status_payload(self, state) -> dict:
        """What the learner sees about their hours (no child content or data)."""
        status, study = state.status, state.study or {}
        # read once, not per item: the translator property builds a new catalogue on every read (issue 13)
        translator, resolved = self.translator, self.resolved_credits()
        percent = 100 if status.required == 0 else min(100, int(status.earned * 100 / status.required))
        return {
            "open": state.is_open, "verified": self.hours_mode == VERIFIED_MODE,
            "earned": messages.number(status.earned), "required": messages.number(status.required),
            "missing": messages.number(status.missing), "manual": messages.number(status.manual_total),
            "percent": percent,
            "items": [{
                "key": item.key, "title": item.title, "url": self.item_url(item.key),
                "section": resolved.sections.get(item.key, ""),
                "credit": messages.number(item.credit), "earned": messages.number(item.earned),
                "percent": int(item.completion * 100), "complete": item.complete,
                "available": item.key not in resolved.unavailable,
                "study": item_payload(translator, study.get(item.key)),
            } for item in status.items],
            "reasons": messages.reasons(translator, state.facts),
            "application": None if state.application_status is None else {
                "status": state.application_status,
                "label": messages.application_status(translator, state.application_status),
                "approved": state.application_status == "approved", "url": self.application_url(),
            },
        }

    def student_view(self, context=None):
        """Locked: progress and what is missing. Open (or course staff): the children, with a short note."""
        learner = current_learner(self)
        staff = is_course_staff(learner)
        frag = Fragment()
        self._add_assets(frag)
        if not learner.is_authenticated:
            frag.add_content(self._render("templates/anonymous.html", {"block": self}))
            return frag
        state = self.state_for(learner.user_id) if not staff else None
        if staff or state.is_open:
            frag.add_content(self._render("templates/open.html", {
                "block": self, "staff": staff, "status": state and self.status_payload(state),
                "withheld": self.withheld_from_learners() if staff else []}))
            self._render_children(frag, context)
        else:
            status = self.status_payload(state)
            frag.add_content(self._render("templates/locked.html", {
                "block": self, "status": status, "sections": by_section(status["items"]),
                # a progress bar's value stays within its range (hours met, application still missing)
                "progress_now": messages.number(min(state.status.earned, state.status.required))}))
        if staff:
            frag.add_content(self._staff_html())
        frag.initialize_js("HoursGateInit", {"staff": staff, "strings": self.js_strings()})
        return frag

    def _render_children(self, frag, context):
        """Render the children the user may load (the LMS's ``get_block`` gives None for the others)."""
        for child_id in self.children:
            try:
                child = load(self.runtime, child_id)
            except Exception:  # deleted since the course was published: nothing to show
                continue
            if child is None:
                continue
            child_frag = self.runtime.render_child(child, "student_view", context or {})
            frag.add_fragment_resources(child_frag)
            frag.add_content(child_frag.body_html())

    def staff_view(self, context=None):
        """Roster, credits, import and export for course staff (the instructor dashboard shows it)."""
        frag = Fragment(self._staff_html())
        self._add_assets(frag)
        frag.initialize_js("HoursGateInit", {"staff": True, "strings": self.js_strings()})
        return frag

    def _staff_html(self):
        return self._render("templates/staff.html", {"block": self, "required": messages.number(self.required_decimal())})

    def js_strings(self):
        return self.js_texts({
            "failed": _("The request failed. Please try again."), "loading": _("Loading…"),
            "still_locked": _("Not yet: your hours are still being counted."), "open": _("Open"), "locked": _("Locked"),
            "credited": _("Credit recorded."), "revoked": _("Credit revoked."), "revoke": _("Revoke"),
            "revoke_reason": _("Why is this credit revoked?"), "reason_needed": _("Please give a reason."),
            "no_rows": _("No learners match."), "applied": _("Applied"), "refused": _("Refused"), "skipped": _("Already applied"),
            "row": _("Row"), "imported": _("Import finished: {applied} applied, {skipped} already applied, "
                                      "{refused} refused."),
            "credits": _("Credits"), "showing": ngettext_noop("{shown} of {count} learner", "{shown} of {count} learners"), "none": _("None"),
            "credit_line": ngettext_noop("{count} hour · {reason} (by {by}, {at})", "{count} hours · {reason} (by {by}, {at})"), "revoked_note": _("[revoked: {reason}]"),
            "result": _("Result"), "problems": _("Problems"), "import_line": ngettext_noop("{result}: {identifier}, {count} hour",
                                                                         "{result}: {identifier}, {count} hours"),
            "no_file": _("No file chosen"), "no_file_chosen": _("Choose a CSV or XLSX file to import."),
            "timeline": _("Timeline"), "timeline_of": _("Study timeline of {username}"), "no_entries": _("Nothing recorded yet."),
            "anomalies": _("Anomalies"), "no_anomalies": _("No anomalies."), "when": _("When"), "what": _("What"),
            "how_long": _("Minutes credited"), "session": _("Session"), "evidence": _("Evidence"), "flags": _("Flags"),
        })

    # --- reports -------------------------------------------------------------------------------
    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """Problem-response report rows: the hours export's columns under the same translated headers, times in
        the site's time zone (the report has no reader the block knows of), as the other blocks' report columns."""
        from carbon_common.compat import user_time_zone

        headers, values = self.roster_columns(user_time_zone(None))
        by_username = {row.username: row for row in roster(self)}
        count = 0
        for record in user_state_iterator:
            if limit_responses is not None and count >= limit_responses:
                return
            row = by_username.get(record.username)
            if row is None:
                continue
            count += 1
            yield record.username, dict(zip(headers, map(csv_cell, values(row)), strict=True))

    # --- OLX -----------------------------------------------------------------------------------
    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """``<credit block_type url_name hours/>`` elements are credits; other elements are children."""
        credits = []
        for element in list(node):
            if element.tag == CREDIT_TAG:
                credits.append({name: element.get(name, "") for name in ("block_type", "url_name", "hours")})
                node.remove(element)
        for name in ("credit_all_videos", "require_application"):
            if node.get(name) is not None:
                node.set(name, "true" if node.get(name).strip().lower() == "true" else "false")
        block = super().parse_xml(node, runtime, keys)
        block.credits = credits
        return block

    def add_xml_to_node(self, node):
        super().add_xml_to_node(node)
        node.attrib.pop("credits", None)
        for index, credit in enumerate(self.credits):
            element = etree.Element(CREDIT_TAG, {name: str(credit.get(name, ""))
                                                 for name in ("block_type", "url_name", "hours")})
            node.insert(index, element)

    @staticmethod
    def workbench_scenarios():
        return [("Training-hours gate", '<hours_gate required_hours="1"><html>Exam</html></hours_gate>')]
