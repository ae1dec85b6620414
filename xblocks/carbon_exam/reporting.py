"""Rows about attempts for staff: the results export, the problem-response report, the grading queue."""
from __future__ import annotations

from collections import OrderedDict

from django.utils import timezone

from carbon_common.compat import full_name, user_time_zone
from carbon_common.i18n import _

from .draw import DrawnPaper
from .projections import letter
from .scoring import awaits_staff_grade, rubric_hits

STATUS_LABELS = {"in_progress": _("In progress"), "submitted": _("Submitted"), "reset": _("Reset")}
REASON_LABELS = {"learner": _("By the learner"), "timeout": _("Time ran out"), "focus_limit": _("Focus-loss limit"),
                 "": ""}
RESULT_HEADERS = [_("Username"), _("Name"), _("Attempt"), _("Status"), _("Started"), _("Submitted"),
                  _("Submitted how"), _("Total"), _("Possible"), _("Passed"), _("Pending grading"),
                  _("Focus losses"), _("Pastes"), _("Reset reason")]
ANSWERS_HEADER = _("Answers")


def local_time(value, zone=None) -> str:
    """``value`` as wall-clock text in ``zone`` (default: Django's current time zone)."""
    if not value:
        return ""
    return (value.astimezone(zone) if zone else timezone.localtime(value)).strftime("%Y-%m-%d %H:%M:%S")


def passed_label(block, attempt) -> str:
    if attempt.passed is None:
        return ""
    return block.gettext(_("Yes")) if attempt.passed else block.gettext(_("No"))


def part_titles(block) -> list[tuple[str, str]]:
    return [(part.id, part.title or part.id) for part in block.paper.parts]


def result_headers(block) -> list[str]:
    return [block.gettext(header) for header in RESULT_HEADERS] + [title for _, title in part_titles(block)]


class ResultTexts:
    """What every row of the results export shares, worked out once per export: the translated labels and
    the paper's part ids (translating each cell of each row cost more than reading the row)."""

    def __init__(self, block, zone=None):
        self.zone = zone
        self.status = {key: block.gettext(label) for key, label in STATUS_LABELS.items()}
        self.reason = {key: block.gettext(label) if label else "" for key, label in REASON_LABELS.items()}
        self.yes, self.no = block.gettext(_("Yes")), block.gettext(_("No"))
        self.part_ids = [part_id for part_id, _title in part_titles(block)]
        self._block = block

    def reason_of(self, reason):
        if reason not in self.reason:
            self.reason[reason] = self._block.gettext(reason) if reason else ""
        return self.reason[reason]


def result_row(block, attempt, texts: ResultTexts | None = None) -> list:
    """One row of the results export (Chinese headers come from the translation)."""
    texts = texts or ResultTexts(block)
    parts = {part["part"]: part["earned"] for part in (attempt.result or {}).get("parts", [])}
    user = attempt.user
    passed = "" if attempt.passed is None else (texts.yes if attempt.passed else texts.no)
    return [user.username, full_name(user), attempt.number, texts.status.get(attempt.status, ""),
            local_time(attempt.started_at, texts.zone), local_time(attempt.submitted_at, texts.zone),
            texts.reason_of(attempt.submit_reason),
            attempt.earned, attempt.possible, passed,
            texts.yes if attempt.pending else "", attempt.focus_losses, attempt.pastes, attempt.reset_reason,
            *[parts.get(part_id, "") for part_id in texts.part_ids]]


def attempt_report_row(block, attempt, texts: ResultTexts | None = None, headers: list | None = None) -> OrderedDict:
    """The problem-response report's columns for one attempt: facts (times in ``texts.zone``), part scores, then
    one "Answers" column reading the learner's paper in order, choices by the letters that learner saw."""
    texts = texts or ResultTexts(block, user_time_zone(None))
    headers = headers or result_headers(block)
    row = OrderedDict(zip(headers[2:], result_row(block, attempt, texts)[2:], strict=True))
    row[block.gettext(ANSWERS_HEADER)] = answers_text(attempt)
    return row


def answers_text(attempt) -> str:
    """``1. q7: B; 2. q3: A C; 3. q9: text``: every question in the order of the learner's paper, a choice
    as the letters of its options on that paper, a skipped question as ``-``."""
    try:
        drawn = DrawnPaper.from_json(attempt.drawn)
    except ValueError:
        return ""
    answers = attempt.answers or {}
    cells = []
    for number, (_part, question) in enumerate(drawn.questions(), start=1):
        answer = answers.get(question.id)
        if isinstance(answer, list):
            letters = {option_id: letter(position) for position, option_id in enumerate(question.options)}
            value = " ".join(sorted(letters.get(pick, "?") for pick in answer))
        else:
            value = " ".join(str(answer or "").split())
        cells.append(f"{number}. {question.id}: {value or '-'}")
    return "; ".join(cells)


def grading_queue(block, attempts) -> list[dict]:
    """Short answers waiting for (or open to) staff grading, with the rubric and the keyword hits."""
    index = {question.id: (pool, question) for _, pool, question in block.paper.questions()}
    queue = []
    for attempt in attempts:
        if attempt.status != "submitted":
            continue
        for question_id in DrawnPaper.from_json(attempt.drawn).question_ids():
            pool, question = index.get(question_id, (None, None))
            if pool is None or pool.type != "short":
                continue
            text = attempt.answers.get(question_id) or ""
            grade = (attempt.staff_grades or {}).get(question_id)
            queue.append({
                "attempt": attempt.id, "username": attempt.user.username, "number": attempt.number,
                "question": question_id, "stem": question.stem, "answer": text if isinstance(text, str) else "",
                "points": float(pool.points), "grading": pool.grading,
                "reference": question.reference,
                "rubric": [{"number": hit.number, "label": hit.label, "points": float(hit.points),
                            "keywords": question.rubric[hit.number - 1].keywords, "matched": hit.matched,
                            "keyword": hit.keyword} for hit in rubric_hits(question, text if isinstance(text, str) else "")],
                "grade": grade,
                # waiting for a staff grade: scoring's own rule
                "pending": awaits_staff_grade(pool, text, grade),
            })
    return queue
