"""The carbon_exam XBlock: settings, the paper as OLX children, scoring hooks and views.

Handlers live in mixins (``learner_api``, ``staff_api``, ``studio``); the rules in the pure
modules (``paper``, ``olx``, ``draw``, ``scoring``, ``rules``, ``importers``).
"""
from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from decimal import Decimal

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score
from xblock.utils.resources import ResourceLoader

from carbon_common.assets import add_shared_js
from carbon_common.i18n import I18nMixin, _

from .learner_api import LearnerApiMixin
from .messages import TEMPLATE_TEXT, TEXT
from .olx import parse_paper, parse_xml, write_paper
from .paper import BLOCKING_CODES, PROFESSIONAL_DRAW, Paper, validate_paper
from .problems import plain_number
from .projections import REVIEW_AFTER_CLOSE, REVIEW_AFTER_SUBMIT, ReviewOptions, paper_outline
from .rules import counted_score, parse_datetime
from .staff_api import StaffApiMixin
from .studio import StudioMixin

log = logging.getLogger(__name__)
loader = ResourceLoader(__name__)

# The learner page's scripts, in load order: pure modules, views, then the controller (exam.js).
LEARNER_SCRIPTS = ("exam_timer.js", "exam_navigator.js", "exam_dialog.js", "exam_question.js", "exam_attempt.js",
                   "exam_review.js", "exam_intro.js", "exam.js")



class PointsField(Float):
    """Points as authors write them in OLX: `3`, `2.5` (not `3.0`), so exports match imports."""

    def to_string(self, value):
        value = self.to_json(value)
        if value is None:
            return ""
        return format(Decimal(str(value)).normalize(), "f")


@XBlock.wants("user", "i18n", "settings", "studio_user_permissions")
class CarbonExamBlock(I18nMixin, ScorableXBlockMixin, LearnerApiMixin, StaffApiMixin, StudioMixin, XBlock):
    """A timed, autosaved exam of single-choice, multiple-choice and short-answer questions."""

    block_settings_key = "carbon_exam"
    #: The platform's score override reads ``weight``; a submissions score is never weighted, so the paper's
    #: total is the exam's points (``max_score``) and there is nothing to weigh.
    weight = None
    has_custom_completion = True  # complete once an attempt is submitted, not on view
    icon_class = "problem"
    #: Studio previews the exam through ``author_view`` (a summary, no Start button): its ``student_view``
    #: would run the live exam against the shared attempt and submission tables.
    has_author_view = True

    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Exam"))
    mode = String(display_name=_("Mode"), scope=Scope.settings, default="exam", values=["exam", "practice"])
    total_points = PointsField(display_name=_("Paper total"), scope=Scope.settings, default=100.0)
    pass_mark = PointsField(display_name=_("Pass mark"), scope=Scope.settings, default=60.0)
    time_limit_minutes = Integer(display_name=_("Time limit (minutes, 0 = none)"), scope=Scope.settings, default=120)
    opens_at = String(display_name=_("Opens at (ISO date and time)"), scope=Scope.settings, default="")
    closes_at = String(display_name=_("Closes at (ISO date and time)"), scope=Scope.settings, default="")
    grace_seconds = Integer(display_name=_("Grace for saves in flight (seconds)"), scope=Scope.settings, default=30)
    max_attempts = Integer(display_name=_("Attempts (0 = unlimited)"), scope=Scope.settings, default=1)
    retake_only_after_fail = Boolean(display_name=_("Retake only after failing"), scope=Scope.settings,
                                     default=False)
    attempt_counts = String(display_name=_("Attempt that counts"), scope=Scope.settings, default="highest",
                            values=["highest", "last"])
    shuffle_questions = Boolean(display_name=_("Shuffle questions"), scope=Scope.settings, default=True)
    shuffle_options = Boolean(display_name=_("Shuffle options"), scope=Scope.settings, default=True)
    #: pooled: the professional part from every track's questions; own_track: from the learner's own skill
    #: track as chosen on the application (eligibility_form.api), pooled when they chose none.
    professional_draw = String(display_name=_("Professional part drawn from"), scope=Scope.settings,
                               default="pooled", values=list(PROFESSIONAL_DRAW))
    focus_loss_limit = Integer(display_name=_("Submit after this many focus losses (0 = never)"),
                               scope=Scope.settings, default=0)
    review_after_submit = Dict(scope=Scope.settings, default=REVIEW_AFTER_SUBMIT.to_json())
    review_after_close = Dict(scope=Scope.settings, default=REVIEW_AFTER_CLOSE.to_json())
    questions_xml = String(scope=Scope.content, default="<paper/>")
    last_attempt_number = Integer(scope=Scope.user_state, default=0)
    #: Attempts used since the instructor dashboard last reset them ("Reset learner's attempts" sets the
    #: learner's ``attempts`` to 0); None until the first start. The attempt limit counts the lower of this
    #: and the attempts on record, so a reset gives the attempts back and keeps the grades.
    attempts = Integer(scope=Scope.user_state, default=None)

    SETTINGS = ("display_name", "mode", "total_points", "pass_mark", "time_limit_minutes", "opens_at", "closes_at",
                "grace_seconds", "max_attempts", "retake_only_after_fail", "attempt_counts", "shuffle_questions",
                "shuffle_options", "focus_loss_limit", "review_after_submit", "review_after_close",
                "professional_draw")

    # The paper -------------------------------------------------------------------------------------

    @property
    def paper(self) -> Paper:
        """The parsed paper, shared by every request while ``questions_xml``, the total and the pass mark are
        unchanged (:func:`cached_paper`). Read it, never change it: build a new paper and ``set_paper`` it.

        Found by the block's usage key and its course content's version (:func:`versioned_paper`) without reading
        ``questions_xml``: XBlock sanitises a String field's whole text on every read, ~1 ms for a large bank.
        A block whose paper was set in this instance (``set_paper``: the Studio editor, an import) keeps
        reading the field, as its version is the one before the edit."""
        total, pass_mark = self.total_points, self.pass_mark
        version = None if getattr(self, "_paper_written", False) else content_version(self)
        if version is not None:
            memo = (version, total, pass_mark)
            if getattr(self, "_paper_cache", (None,))[0] != memo:
                self._paper_cache = (memo, versioned_paper(
                    (str(self.scope_ids.usage_id), *memo), lambda: cached_paper(self.questions_xml, total, pass_mark)))
            return self._paper_cache[1]
        key = (self.questions_xml, total, pass_mark)
        if getattr(self, "_paper_cache", (None,))[0] != key:
            self._paper_cache = (key, cached_paper(*key))
        return self._paper_cache[1]

    def set_paper(self, paper: Paper) -> None:
        forget_paper(paper)  # the caller may have changed a shared paper in place: never serve it again
        self._paper_written, self._paper_cache = True, (None, None)
        root = etree.Element("paper")
        write_paper(paper, root)
        self.questions_xml = etree.tostring(root, encoding="unicode")

    def paper_problems(self):
        """``validate_paper`` of the block's paper, once per paper object (shared, never changed in place)."""
        paper = self.paper
        problems = paper.__dict__.get("_problems")
        if problems is None:
            problems = paper.__dict__["_problems"] = tuple(validate_paper(paper))
        return list(problems)

    def blocking_problems(self):
        return [problem for problem in self.paper_problems() if problem.code in BLOCKING_CODES]

    @property
    def is_practice(self) -> bool:
        return self.mode == "practice"

    @property
    def has_score(self) -> bool:
        """Practice checks publish no grade, so the Progress page must not list them as 0 points."""
        return not self.is_practice

    @property
    def effective_time_limit(self) -> int:
        return 0 if self.is_practice else max(self.time_limit_minutes or 0, 0)

    @property
    def effective_max_attempts(self) -> int:
        return 0 if self.is_practice else max(self.max_attempts or 0, 0)

    @property
    def opens_at_datetime(self):
        return _setting_datetime(self.opens_at)

    @property
    def closes_at_datetime(self):
        return _setting_datetime(self.closes_at)

    def review_options(self, window_closed: bool) -> ReviewOptions:
        if self.is_practice:
            from .projections import REVIEW_PRACTICE

            return REVIEW_PRACTICE
        chosen = self.review_after_close if window_closed else self.review_after_submit
        try:
            return ReviewOptions.from_json(chosen)
        except ValueError:
            return REVIEW_AFTER_CLOSE if window_closed else REVIEW_AFTER_SUBMIT

    # Scoring -------------------------------------------------------------------------------------

    def max_score(self):
        """The paper total: a setting, never learner state."""
        return float(self.total_points)

    def _records(self):
        from .attempts import ExamRecords

        return ExamRecords(self)

    def _runtime_user_id(self):
        return self.scope_ids.user_id

    def has_submitted_answer(self):
        user_id = self._runtime_user_id()
        return user_id is not None and self._records().attempts(user_id).filter(status="submitted").exists()

    def get_score(self):
        return self.calculate_score()

    def set_score(self, score):
        """The platform's score override: the score ``publish_grade`` will put in the gradebook."""
        self._score_to_publish = score

    def calculate_score(self):
        """Re-score every submitted attempt against the current paper (nothing is saved)."""
        records = self._records()
        results = [records.result(a) for a in records.counted_attempts(self._runtime_user_id())
                   if a.status == "submitted"]
        counted = counted_score([(r.earned, r.possible) for r in results if not r.pending], self.attempt_counts)
        if counted is None:
            return Score(0.0, self.max_score())
        earned, possible = counted
        return Score(float(earned) * self.max_score() / float(possible) if possible else 0.0, self.max_score())

    def publish_grade(self, score=None, only_if_higher=None):
        """Put the score the platform set (its override) in the gradebook, through edx-submissions: a block
        event would land in block state, which the gradebook ranks below the submission."""
        score = score or getattr(self, "_score_to_publish", None) or self.get_score()
        self._records().publish_override(self._user_of_runtime(), score.raw_earned, score.raw_possible)

    def _publish_grade(self, score, only_if_higher=None):
        self.publish_grade(score, only_if_higher)

    def rescore(self, only_if_higher):
        """The dashboard's rescore: score every submitted attempt again against the current paper and staff
        grades, then publish the score that counts (when ``only_if_higher``, only if it beats the gradebook's)."""
        if not self.has_submitted_answer():
            raise ValueError(f"Cannot rescore unanswered problem: {self.scope_ids.usage_id}")
        records = self._records()
        user = self._user_of_runtime()
        for attempt in records.attempts(user.id).filter(status="submitted"):
            records.rescore(attempt, publish=False)
        records.publish_counted(user, only_if_higher=only_if_higher)

    def clear_student_state(self, user_id, course_id, item_id, requesting_user_id):
        """The dashboard's "Delete learner's state" (it passes anonymous ids): reset every attempt and remove the
        gradebook score, so the learner starts afresh. The platform then deletes the block state."""
        service = self.runtime.service(self, "user")
        user = service.get_user_by_anonymous_id(user_id)
        requester = service.get_user_by_anonymous_id(requesting_user_id) if requesting_user_id else None
        if user is None:
            return
        by = requester.username if requester is not None else "instructor dashboard"
        self._records().clear_learner(user, reason=f"instructor dashboard: learner state deleted by {by}")

    def _user_of_runtime(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(id=self._runtime_user_id())

    # OLX -----------------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        for name, value in list(node.items()):
            if name in cls.SETTINGS:
                cls._set_field_if_present(block, name, value, {})
        paper = parse_paper(node, _decimal(block.total_points), _decimal(block.pass_mark))
        # A paper that cannot be drawn yet (no questions, a pool too small...) is kept as written: refusing it
        # would lose the exam on import (Studio makes it an error block). Starting it is refused until it is
        # fixed (``paper_invalid``); the author sees the problems in the editor and the author view.
        block.set_paper(paper)
        for problem in validate_paper(paper):
            if problem.code in BLOCKING_CODES:
                log.warning("carbon_exam %s: cannot be started until fixed: %s", keys.usage_id, problem)
            else:
                log.warning("carbon_exam %s: %s", keys.usage_id, problem)
        return block

    def add_xml_to_node(self, node):
        super().add_xml_to_node(node)
        for name in ("questions_xml", "last_attempt_number", "attempts"):
            node.attrib.pop(name, None)
        write_paper(self.paper, node)

    # Views ---------------------------------------------------------------------------------------

    def texts(self) -> dict:
        return self.js_texts(TEXT)

    def template_texts(self) -> dict:
        return {key: self.gettext(value) for key, value in TEMPLATE_TEXT.items()}

    def student_view(self, context=None):
        from carbon_common.identity import current_learner, is_course_staff

        learner = current_learner(self)
        fragment = Fragment(loader.render_django_template("templates/student.html", {
            "block": self, "t": self.template_texts()}))
        fragment.add_css_url(self.runtime.local_resource_url(self, "public/css/exam.css"))
        add_shared_js(fragment)
        for script in LEARNER_SCRIPTS:
            fragment.add_javascript_url(self.runtime.local_resource_url(self, f"public/js/{script}"))
        args = {"texts": self.texts(), "mode": self.mode, "outline": paper_outline(self.paper)}
        if is_course_staff(learner) and not self.is_practice:
            args["staff"] = self.add_staff_panel(fragment)
        fragment.initialize_js("CarbonExamInit", args)
        return fragment

    def student_view_data(self, context=None):
        """Settings for mobile apps and, for a learner with an attempt in progress, their drawn paper through
        the learner-safe projection (``public_paper``: no correct flags, references, rubrics, explanations).

        The attempt is read-only here: to write, an app calls ``start_exam`` with ``take_over``.
        """
        data = {"display_name": self.display_name, "mode": self.mode, "total_points": self.total_points,
                "pass_mark": self.pass_mark, "time_limit_minutes": self.effective_time_limit,
                "max_attempts": self.effective_max_attempts, "opens_at": self.opens_at, "closes_at": self.closes_at,
                "shuffle_questions": self.shuffle_questions, "shuffle_options": self.shuffle_options}
        attempt = self._attempt_in_progress()
        if attempt is not None:
            from django.utils import timezone

            view = self._attempt_view(attempt, "", timezone.now())
            data["attempt"] = {name: view[name] for name in ("number", "paper", "answers", "flags", "seconds_left",
                                                             "deadline", "read_only")}
        return data

    def _attempt_in_progress(self):
        from carbon_common.identity import current_learner

        learner = current_learner(self)
        if not learner.is_authenticated or learner.user_id is None:
            return None
        records = self._records()
        active = records.active(learner.user_id)
        return None if records.expire_if_due(active) else active

    def author_view(self, context=None):
        paper = self.paper
        summary = self.gettext(_("Drawn points {drawn} of a total of {total}; pass mark {pass_mark}."),
                         drawn=plain_number(paper.drawn_points), total=plain_number(paper.total_points),
                         pass_mark=plain_number(paper.pass_mark))
        parts = [{"title": part.title or part.id, "pools": [
            f"{pool.id}: {self.gettext(TEXT.get(pool.type, pool.type))}, " + self.gettext(
                _("draw {draw} of {count}, {points} points each"), draw=pool.draw, count=len(pool.questions),
                points=plain_number(pool.points)) for pool in part.pools]} for part in paper.parts]
        html = loader.render_django_template("templates/author.html", {
            "block": self, "summary": summary, "parts": parts, "t": self.template_texts(),
            "problems": [self.translate_problem(p.to_dict()) for p in self.paper_problems()],
        })
        return Fragment(html)

    # Reports -------------------------------------------------------------------------------------

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """Per learner and attempt: times (the site's time zone: the report has no reader the block knows of),
        part scores, total, pass, and one column of answers by the letters the learner saw."""
        from django.contrib.auth import get_user_model

        from carbon_common.compat import user_time_zone

        from .reporting import ResultTexts, attempt_report_row, result_headers

        records = self._records()
        records.expire_all_due()
        users = get_user_model().objects
        texts, headers = ResultTexts(self, user_time_zone(None)), result_headers(self)
        count = 0
        for record in user_state_iterator:
            user = users.filter(username=record.username).first()
            if user is None:
                continue
            for attempt in records.attempts(user.id).order_by("number"):
                yield record.username, attempt_report_row(self, attempt, texts, headers)
                count += 1
                if limit_responses is not None and count >= limit_responses:
                    return

    @staticmethod
    def workbench_scenarios():
        return [("Carbon exam", "<carbon_exam/>")]


#: Parsed papers shared across requests (a process-wide LRU): an autosave cleans one answer against the paper,
#: and re-parsing a bank of hundreds of questions for it cost ~100 ms. Keyed by a hash of the OLX, the total and
#: the pass mark, so an edited paper is parsed afresh and every worker process keeps its own few papers.
PAPER_CACHE_SIZE = 16
_PAPERS: OrderedDict[str, Paper] = OrderedDict()
_PAPERS_LOCK = threading.Lock()


#: The same papers found without reading ``questions_xml``: by (usage key, course content version, total, pass mark).
#: A content version names one state of the course's content (the split modulestore's structure version, which
#: every edit or publish replaces; devsite's edit counter), so an entry can never describe other content.
_BY_VERSION: OrderedDict[tuple, Paper] = OrderedDict()


def content_version(block) -> str | None:
    """The version of the course content ``block`` was read from (the split modulestore sets ``course_version``
    on the blocks it loads; devsite's runtime offers ``content_version``), or None when the runtime tells none."""
    version = getattr(block, "course_version", None)
    if version is None:
        version = getattr(getattr(block, "runtime", None), "content_version", None)
    return None if version is None else str(version)


def versioned_paper(key: tuple, parse) -> Paper:
    """The paper kept under ``key`` (usage key, content version, total, pass mark), else ``parse()``'s, kept."""
    with _PAPERS_LOCK:
        paper = _BY_VERSION.get(key)
        if paper is not None:
            _BY_VERSION.move_to_end(key)
            return paper
    paper = parse()
    with _PAPERS_LOCK:
        _BY_VERSION[key] = paper
        while len(_BY_VERSION) > PAPER_CACHE_SIZE * 4:
            _BY_VERSION.popitem(last=False)
    return paper


def paper_cache_key(questions_xml: str, total_points, pass_mark) -> str:
    text = f"{_decimal(total_points)}\x00{_decimal(pass_mark)}\x00{questions_xml}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def cached_paper(questions_xml: str, total_points, pass_mark) -> Paper:
    """The paper parsed from ``questions_xml``, from the cache when this content was parsed before."""
    key = paper_cache_key(questions_xml, total_points, pass_mark)
    with _PAPERS_LOCK:
        paper = _PAPERS.get(key)
        if paper is not None:
            _PAPERS.move_to_end(key)
            return paper
    paper = parse_paper(parse_xml(questions_xml), _decimal(total_points), _decimal(pass_mark))
    with _PAPERS_LOCK:
        _PAPERS[key] = paper
        _PAPERS.move_to_end(key)
        while len(_PAPERS) > PAPER_CACHE_SIZE:
            _PAPERS.popitem(last=False)
    return paper


def forget_paper(paper: Paper) -> None:
    """Drop ``paper`` from the cache (it may have been changed in place)."""
    with _PAPERS_LOCK:
        for cache in (_PAPERS, _BY_VERSION):
            for key in [key for key, cached in cache.items() if cached is paper]:
                del cache[key]


def clear_paper_cache() -> None:
    with _PAPERS_LOCK:
        _PAPERS.clear()
        _BY_VERSION.clear()


def _decimal(value) -> Decimal:
    return Decimal(str(value)).normalize() if value is not None else Decimal(0)


def _setting_datetime(text):
    try:
        return parse_datetime(text)
    except ValueError:
        log.warning("carbon_exam: ignoring a bad date-time setting %r", text)
        return None
