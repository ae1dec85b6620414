"""Course staff: submissions, the short-answer grading queue, resets, extra time, results export.

Every handler calls ``require_staff`` first; actions that change a learner's record are written
to the suite's audit log.
"""
from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, Sum
from xblock.utils.resources import ResourceLoader

from carbon_common.api import ApiError, json_api
from carbon_common.charts import bar_chart_svg
from carbon_common.compat import full_name, with_names
from carbon_common.exports import export_response
from carbon_common.i18n import _, ngettext_noop
from carbon_common.identity import require_staff
from carbon_common.inputs import parse_id, parse_small_int, text_of

from .analysis_view import TEXT as ANALYSIS_TEXT
from .attempts import AttemptConflict
from .distribution import GradedScore, score_distribution
from .draw import DrawnPaper
from .messages import REFUSALS
from .problems import plain_number
from .reporting import STATUS_LABELS, ResultTexts, grading_queue, local_time, result_headers, result_row
from .scoring import StaffGrade, check_staff_grade

loader = ResourceLoader(__name__)



STAFF_TEXT = {
    "title": _("Exam submissions"), "username": _("Username"), "attempt": _("Attempt"), "status": _("Status"),
    "score": _("Score"), "passed": _("Passed"), "integrity": _("Focus losses / pastes"), "actions": _("Actions"),
    "reset": _("Reset attempt"), "reason": _("Reason for the reset"), "extra_time": _("Extra time (minutes)"),
    "grant": _("Grant"), "queue": _("Short answers to grade"), "answer": _("Answer"), "rubric": _("Rubric"),
    "comment": _("Comment"), "save_grade": _("Save grade"), "export_csv": _("Export CSV"),
    "export_xlsx": _("Export XLSX"), "matched": _("matched"), "not_matched": _("not matched"),
    "reference": _("Reference answer"), "saved": _("Saved."), "empty": _("No submissions yet."),
    "queue_empty": _("Nothing to grade."), "pending": _("Pending"), "graded": _("Graded"),
    "request_failed": _("The request failed. Please try again."), "reload": _("Reload"),
    "labelled": _("{label}: {value}"),
    "pending_only": _("Only answers waiting for grading"),
    "queue_left": ngettext_noop("{count} answer left to grade", "{count} answers left to grade"),
    "no_pending": _("No answers are waiting for grading."),
    "next_answer": _("Next answer: {username}, attempt {number}."),
    "points_for": _("Points for {number}. {label} (at most {most})"),
}


DISTRIBUTION_TEXT = {
    "title": _("Score distribution"),
    "chart_title": _("Learners by the score that counts (percent of the paper total)"),
    "chart_description": _("{graded} learners with a graded attempt; the red bars lie below the pass mark of "
                           "{pass_mark}."),
    "caption": _("Learners per score range (the attempt that counts, percent of the paper total)"),
    "range": _("Score range"), "attempts": _("Learners"), "result": _("Result"),
    "failing": _("Below the pass mark"), "passing": _("Pass mark or above"),
    "pass_rate": _("Pass rate: {passed} of {graded} learners passed ({rate}%)."),
    "counted_highest": _("One score per learner: their highest graded attempt."),
    "counted_last": _("One score per learner: their last graded attempt."),
    "no_graded": _("No graded attempts yet."),
    "pending_title": _("Submitted, waiting for grading (not counted above)"),
    "none_pending": _("None."),
    "attempt_n": _("attempt {number}"),
}


class StaffApiMixin:
    """Staff tools, shown to course staff inside ``student_view`` (the LMS renders no ``staff_view``),
    below the exam as the learner sees it, as ORA and the platform's own problems do."""

    def add_staff_panel(self, fragment):
        """Append the staff panel and its script to the exam's fragment; returns its init arguments."""
        from .messages import TEMPLATE_TEXT

        fragment.add_content(loader.render_django_template("templates/staff.html", {
            "block": self, "t": self.template_texts(), "distribution": self._distribution_html(),
            "heading": self.gettext_entry(TEMPLATE_TEXT, "exam_submissions_of", name=self.display_name),
            "results_sheet": self._results_sheet_links(), "pending_only": self.gettext_entry(STAFF_TEXT, "pending_only"),
            "item_analysis": {
                "url": self.runtime.handler_url(self, "item_analysis"), "title": self.gettext_entry(ANALYSIS_TEXT, "title"),
                "show": self.gettext_entry(ANALYSIS_TEXT, "show"), "loading": self.gettext_entry(ANALYSIS_TEXT, "loading"),
                "failed": self.gettext_entry(STAFF_TEXT, "request_failed")}}))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/js/staff.js"))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/item_analysis.js"))
        return {"texts": self.js_texts(STAFF_TEXT)}

    def _require_staff(self):
        return require_staff(self, self.gettext_entry(REFUSALS, "staff_only"))

    def _results_sheet_links(self):
        """Links to the course run's results sheet (the plugin app's staff URL) for this exam, or None."""
        from carbon_common.views import results_sheet_url

        course_key, key = self.scope_ids.usage_id.context_key, self.scope_ids.usage_id
        csv_url = results_sheet_url(course_key, "csv", key)
        if csv_url is None:
            return None
        return {"label": self.gettext(_("Results sheet")), "csv": csv_url, "xlsx": results_sheet_url(course_key, "xlsx", key)}

    @json_api(methods=("GET",))
    def item_analysis(self, data, request):
        """The item analysis as server-rendered HTML: charts (accessible SVG) and sortable tables."""
        from . import analysis_view

        self._require_staff()
        return {"html": analysis_view.render(self, self.gettext)}

    @json_api(methods=("GET",))
    def export_item_analysis(self, data, request):
        """The per-question analysis as CSV (UTF-8 with BOM) or XLSX."""
        from . import analysis_view

        self._require_staff()
        headers, rows = analysis_view.export_rows(self, self.gettext)
        try:
            return export_response(data.get("format", "csv"), f"{self.scope_ids.usage_id.block_id}_item_analysis",
                                   headers, rows, sheet_title=self.gettext_entry(ANALYSIS_TEXT, "title"))
        except ValueError:
            raise ApiError(400, "format", self.gettext(_("Choose csv or xlsx.")), code="bad_format")

    @json_api(methods=("GET",))
    def staff_submissions(self, data, request):
        """The attempts (a page: ``?offset=&limit=``, username order) with status and score, and the score
        distribution (the grading queue has its own handler, ``grading_queue``).

        A fixed number of queries whatever the number of learners: the page of attempts, their extra time
        (one query for the page), and the scores for the distribution (light columns only). Nothing is re-scored:
        the stored scores are shown."""
        self._require_staff()
        records = self._records()
        records.expire_all_due()
        offset, limit = _page(data.get("offset"), 0), _page(data.get("limit"), ATTEMPTS_PAGE, ATTEMPTS_PAGE_MAX)
        attempts_all = with_names(records.attempts(), "user").defer(*HEAVY_FIELDS, "result")
        # The page's ids first, in username order (the attempts' side read from an index, not from rows carrying
        # answers and papers), then those rows: issue 13, the first page at 50,000 attempts.
        page_ids = list(records.attempts().order_by("user__username", "number")
                        .values_list("id", flat=True)[offset:offset + limit])
        page_rows = attempts_all.in_bulk(page_ids)
        attempts = [page_rows[pk] for pk in page_ids if pk in page_rows]
        extra = records.extra_minutes_by_user({a.user_id for a in attempts})
        rows = [{
            "attempt": a.id, "username": a.user.username, "name": full_name(a.user), "number": a.number,
            "status": a.status, "status_label": self.gettext(STATUS_LABELS.get(a.status, a.status)), "started_at": local_time(a.started_at), "submitted_at": local_time(a.submitted_at),
            "reason": a.submit_reason, "earned": _number(a.earned), "possible": _number(a.possible),
            "passed": a.passed, "pending": a.pending, "focus_losses": a.focus_losses, "pastes": a.pastes,
            "extra_minutes": extra.get(a.user_id, 0), "reset_reason": a.reset_reason,
        } for a in attempts]
        scores = self._scores()
        spread = self._distribution(scores.submitted)
        return {"attempts": rows, "attempts_total": len(scores.all), "offset": offset, "limit": limit,
                "distribution": self._distribution_json(spread=spread),
                "distribution_html": self._distribution_html(spread=spread)}

    @json_api(methods=("GET",))
    def grading_queue(self, data, request):
        """A page of the grading queue: the short answers of up to ``QUEUE_PAGE`` submitted attempts in learner then
        attempt order, after the cursor ``?after=<user id>.<attempt number>``; with ``?pending=1`` (the default)
        only attempts still waiting for grading. ``next`` is the following page's cursor (None on the last page),
        ``pending_attempts`` and ``pending_answers`` the numbers of attempts and of answers waiting in all.

        Keyset paging, not offsets: grading takes an attempt out of the pending list without shifting the next page.
        A fixed number of queries whatever the number of attempts: the page's ids (from the index
        ``exam_attempt_queue``), their rows, and both counts in one aggregate over that index (each attempt keeps
        its ``pending_answers``)."""
        self._require_staff()
        pending_only = data.get("pending", "1") != "0"
        after = _cursor(data.get("after"))
        found = self._records().attempts().filter(status="submitted")
        if pending_only:
            found = found.filter(pending=True)
        if after is not None:
            found = found.filter(Q(user_id__gt=after[0]) | Q(user_id=after[0], number__gt=after[1]))
        keys = list(found.order_by("user_id", "number").values_list("id", "user_id", "number")[:QUEUE_PAGE + 1])
        page = keys[:QUEUE_PAGE]
        by_id = self._records().attempts().only(*QUEUE_FIELDS).in_bulk([pk for pk, _user, _number in page])
        queued = [by_id[pk] for pk, _user, _number in page if pk in by_id]
        waiting = (self._records().attempts().filter(status="submitted", pending=True).order_by()
                   .aggregate(attempts=Count("id"), answers=Sum("pending_answers")))
        return {"queue": grading_queue(self, queued), "pending_attempts": waiting["attempts"],
                "pending_answers": waiting["answers"] or 0,
                "after": None if after is None else f"{after[0]}.{after[1]}",
                "next": f"{page[-1][1]}.{page[-1][2]}" if len(keys) > QUEUE_PAGE else None}

    def _scores(self):
        """Every attempt's stored score, light columns only (one query): ``.all`` and ``.submitted``."""
        from types import SimpleNamespace

        records = self._records()
        found = (records.attempts().order_by()  # sorted here: the database's sort of a join costs more
                 .values_list("user__username", "number", "earned", "possible", "passed", "pending", "status"))
        every = sorted(found, key=lambda row: (row[0], row[1]))
        submitted = [GradedScore(name, number, earned, possible, passed, bool(pending))
                     for name, number, earned, possible, passed, pending, status in every if status == "submitted"]
        return SimpleNamespace(all=every, submitted=submitted)

    def _distribution(self, scores=None):
        """``scores``: the submitted attempts' :class:`GradedScore` (default: read them, one query)."""
        from decimal import Decimal

        if scores is None:
            self._records().expire_all_due()
            scores = self._scores().submitted
        return score_distribution(scores, Decimal(str(self.pass_mark)), Decimal(str(self.total_points)),
                                  self.attempt_counts)

    def _distribution_json(self, scores=None, spread=None):
        spread = spread or self._distribution(scores)
        return {"buckets": [{"label": b.label, "count": b.count, "failing": b.failing} for b in spread.buckets],
                "graded": spread.graded, "passed": spread.passed,
                "pass_rate": None if spread.pass_rate is None else float(spread.pass_rate),
                "pending": [{"username": p.username, "number": p.number} for p in spread.pending[:PENDING_SHOWN]],
                "pending_total": len(spread.pending)}

    def _distribution_html(self, scores=None, spread=None):
        """The histogram (shared SVG chart, failing buckets highlighted), a table of the same figures, the
        pass rate, and the attempts still waiting for grading (the first ``PENDING_SHOWN``, then how many more)."""
        import secrets

        spread = spread or self._distribution(scores)
        t = {key: self.gettext(value) for key, value in DISTRIBUTION_TEXT.items()}
        description = t["chart_description"].format(graded=spread.graded, pass_mark=plain_number(self.pass_mark)) + \
            " " + "; ".join(f"{b.label}: {b.count}" for b in spread.buckets)
        svg = bar_chart_svg([(b.label, b.count) for b in spread.buckets], t["chart_title"], description,
                            highlight=spread.highlight())
        if spread.pass_rate is None:
            line = t["no_graded"]
        else:
            line = t["pass_rate"].format(passed=spread.passed, graded=spread.graded,
                                         rate=plain_number(spread.pass_rate))
        pending = [{"username": p.username, "label": t["attempt_n"].format(number=p.number)}
                   for p in spread.pending[:PENDING_SHOWN]]
        if len(spread.pending) > PENDING_SHOWN:
            pending.append({"username": "…", "label": f"+{len(spread.pending) - PENDING_SHOWN:,}"})
        return loader.render_django_template("templates/distribution.html", {
            "uid": f"ces-dist-{secrets.token_hex(4)}", "t": t, "svg": svg, "buckets": spread.buckets,
            "pass_rate_line": line, "pending": pending,
            "counted_line": t["counted_last"] if self.attempt_counts == "last" else t["counted_highest"]})

    @json_api()
    def staff_grade(self, data, request):
        """``{"attempt": id, "question": id, "points": [per rubric point], "comment": ""}``."""
        from carbon_common.models import AuditEntry

        staff = self._require_staff()
        attempt = self._staff_attempt(data.get("attempt"))
        if attempt.status != "submitted":
            raise ApiError(409, "attempt", self.gettext(_("Only submitted attempts can be graded.")), code="not_submitted")
        found = self.paper.find(str(data.get("question", "")))
        drawn_ids = DrawnPaper.from_json(attempt.drawn).question_ids()
        if found is None or found[1].type != "short" or found[2].id not in drawn_ids:
            raise ApiError(400, "question", self.gettext(_("This question is not a short answer of that attempt.")),
                           code="bad_question")
        try:
            grade = StaffGrade.from_json({"points": data.get("points"), "comment": data.get("comment") or ""})
        except ValueError:
            raise ApiError(400, "points", self.gettext(_("Give a number of points for every rubric point.")),
                           code="bad_points")
        problems = check_staff_grade(found[2], grade)
        if problems:
            raise ApiError(400, "points", "; ".join(self.translate_problem(p.to_dict()) for p in problems),
                           code=problems[0].code)
        try:  # merged under the attempt's row lock; a reset that won the race refuses the grade
            with transaction.atomic():
                result = self._records().grade_answer(attempt, found[2].id, grade, self._django_user(staff))
                AuditEntry.record(self, "exam_grade", actor_id=staff.user_id, subject_id=attempt.user_id,
                                  attempt=attempt.number, question=found[2].id, points=grade.to_json()["points"])
        except AttemptConflict:
            raise ApiError(409, "attempt", self.gettext(_("Only submitted attempts can be graded.")), code="not_submitted")
        return {"attempt": attempt.id, "earned": float(result.earned), "pending": result.pending,
                "passed": result.passed}

    @json_api()
    def staff_reset_attempt(self, data, request):
        """``{"attempt": id, "reason": "..."}``: the attempt no longer counts; the reason is recorded."""
        from carbon_common.models import AuditEntry

        staff = self._require_staff()
        attempt = self._staff_attempt(data.get("attempt"))
        reason = (text_of(data.get("reason"), max_length=2000) or "").strip()
        if not reason:
            raise ApiError(400, "reason", self.gettext(_("Give a reason for the reset.")), code="reason_required")
        with transaction.atomic():  # the reset and its audit entry together, under the attempt's row lock
            self._records().reset(attempt, reason)
            AuditEntry.record(self, "exam_reset", actor_id=staff.user_id, subject_id=attempt.user_id,
                              attempt=attempt.number, reason=reason)
        return {"attempt": attempt.id, "status": attempt.status}

    @json_api()
    def staff_extra_time(self, data, request):
        """``{"username": "...", "minutes": 30}``: extra time on every attempt (0 removes it)."""
        from django.contrib.auth import get_user_model

        from carbon_common.models import AuditEntry

        staff = self._require_staff()
        username = text_of(data.get("username"), max_length=254) or ""
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is None:
            raise ApiError(400, "username", self.gettext(_("No learner has this username.")), code="unknown_user")
        minutes = data.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 24 * 60:
            raise ApiError(400, "minutes", self.gettext(_("Extra time must be a whole number of minutes from 0 to 1440.")),
                           code="bad_minutes")
        self._records().set_extra_time(user, minutes)
        AuditEntry.record(self, "exam_extra_time", actor_id=staff.user_id, subject_id=user.id, minutes=minutes)
        return {"username": user.username, "minutes": minutes}

    @json_api(methods=("GET",))
    def export_results(self, data, request):
        """Every attempt as CSV (UTF-8 with BOM) or XLSX, with Chinese column headers."""
        self._require_staff()
        records = self._records()
        records.expire_all_due()
        fmt = data.get("format", "csv")
        # Streamed: rows are read in chunks (answers, drawn papers and staff grades left out) and written one by
        # one, so memory stays flat in the number of attempts. The query runs once, whatever the number of rows.
        found = (with_names(records.attempts(), "user").defer(*HEAVY_FIELDS)
                 .order_by("user__username", "number").iterator(chunk_size=EXPORT_CHUNK))
        texts = ResultTexts(self)
        try:
            return export_response(fmt, f"{self.scope_ids.usage_id.block_id}_results",
                                   result_headers(self), (result_row(self, a, texts) for a in found),
                                   sheet_title=self.display_name)
        except ValueError:
            raise ApiError(400, "format", self.gettext(_("Choose csv or xlsx.")), code="bad_format")

    def _staff_attempt(self, attempt_id):
        from carbon_common.models import ExamAttempt

        attempt = None
        if isinstance(attempt_id, int) and parse_id(attempt_id):  # a JSON integer in the database's range
            attempt = ExamAttempt.objects.filter(id=attempt_id, usage_key=str(self.scope_ids.usage_id)).first()
        if attempt is None:
            raise ApiError(404, "attempt", self.gettext(_("No such attempt.")), code="unknown_attempt")
        return attempt

    @staticmethod
    def _django_user(learner):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(id=learner.user_id)


#: Attempts per page of the staff table, and its largest page; attempts per page of the grading queue.
ATTEMPTS_PAGE, ATTEMPTS_PAGE_MAX = 500, 2000
QUEUE_PAGE = 50
PENDING_SHOWN = 100  # attempts waiting for grading listed under the distribution (the queue pages through all)
EXPORT_CHUNK = 500
#: Large JSON columns the staff table and the export never show.
HEAVY_FIELDS = ("answers", "drawn", "staff_grades", "flags")
QUEUE_FIELDS = ("id", "user", "user__username", "number", "status", "drawn", "answers", "staff_grades", "pending")


def _page(value, default, most=10**9):
    """A whole number from a query parameter, from 0 (1 for a page size) to ``most``; ``default`` when missing or bad."""
    number = parse_small_int(value, 0 if most == 10**9 else 1, most) if value not in (None, "") else None
    return default if number is None else number


def _cursor(value):
    """``(user id, attempt number)`` from a queue cursor ``"12.3"``; None when missing or not one."""
    user, _dot, number = str(value or "").partition(".")
    user, number = parse_small_int(user, 0, 2**53), parse_small_int(number, 0, 2**31)
    return None if user is None or number is None else (user, number)


def _number(value):
    return None if value is None else float(value)
