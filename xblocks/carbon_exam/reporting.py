"""Rows about attempts for staff: the results export, the problem-response report, the grading queue."""
from __future__ import annotations

from collections import OrderedDict

from django.utils import timezone

from carbon_common.compat import full_name
from carbon_common.i18n import _

from .draw import DrawnPaper
from .scoring import rubric_hits

STATUS_LABELS = {"in_progress": _("In progress"), "submitted": _("Submitted"), "reset": _("Reset")}
REASON_LABELS = {"learner": _("By the learner"), "timeout": _("Time ran out"), "focus_limit": _("Focus-loss limit"),
                 "": ""}
RESULT_HEADERS = [_("Username"), _("Name"), _("Attempt"), _("Status"), _("Started"), _("Submitted"),
                  _("Submitted how"), _("Total"), _("Possible"), _("Passed"), _("Pending grading"),
                  _("Focus losses"), _("Pastes"), _("Reset reason")]


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


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

    def __init__(self, block):
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
            local_time(attempt.started_at), local_time(attempt.submitted_at), texts.reason_of(attempt.submit_reason),
            attempt.earned, attempt.possible, passed,
            texts.yes if attempt.pending else "", attempt.focus_losses, attempt.pastes, attempt.reset_reason,
            *[parts.get(part_id, "") for part_id in texts.part_ids]]


def attempt_report_row(block, attempt) -> OrderedDict:
    """The problem-response report's columns for one attempt: facts, part scores, then every answer."""
    row = OrderedDict(zip(result_headers(block)[2:], result_row(block, attempt)[2:], strict=True))
    for _part, _pool, question in block.paper.questions():  # paper order: the same columns for everyone
        answer = attempt.answers.get(question.id)
        row[question.id] = "".join(answer) if isinstance(answer, list) else (answer or "")
    return row


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
            })
    return queue
