"""The results sheet's data from the database and the course: learners in chunks, so memory stays flat.

For each chunk of learners (username order): their applications (``eligibility_form.api``), their 学时 at the
exam's hours gate (``hours_gate``'s roster), and their graded attempts at the exam (light columns: the part
subtotals are read from the stored result by a JSON key, not the whole result). The rows come from the pure
``carbon_common.results_sheet``.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import translation
from opaque_keys.edx.keys import CourseKey, UsageKey

from carbon_common import results_sheet as sheet
from carbon_common.compat import blocks_of_type, full_name, report_block, with_names
from carbon_common.i18n import translator_for

CHUNK = 1000
EXAM_TYPE, GATE_TYPE = "carbon_exam", "hours_gate"


def translator(language: str | None = None):
    """gettext of the exam's catalogue (where the sheet's headers are translated) in ``language``."""
    return translator_for("carbon_exam", language or translation.get_language() or "en").gettext


def track_label(language: str | None = None):
    """The skill track's name in ``language`` (the application's label catalogue), its code if unknown."""
    try:
        from eligibility_form.messages import EN, ZH, label
    except ImportError:  # pragma: no cover - the form is part of the suite
        return str
    lang = ZH if (language or translation.get_language() or "").lower().startswith("zh") else EN

    def name(code):
        try:
            return label("track", code, lang) or code
        except (KeyError, LookupError):
            return code
    return name


def course_exams(course_key) -> list:
    """The course's graded exams (practice ones left out), as report blocks, in usage-key order."""
    exams = [report_block(key) for key in sorted(blocks_of_type(course_key, EXAM_TYPE), key=str)]
    return [exam for exam in exams if exam is not None and getattr(exam, "mode", "exam") != "practice"]


def find_exam(course_key, exam_id: str | None):
    """The exam named by ``exam_id`` (a usage key of this course), else the course's first graded exam; None."""
    exams = course_exams(course_key)
    if exam_id:
        return next((exam for exam in exams if str(exam.scope_ids.usage_id) == exam_id), None)
    return exams[0] if exams else None


def exam_gate(exam):
    """The hours gate the exam sits in, else the course's only gate, else None."""
    from hours_gate.api import WITHHELD, enclosing_gate

    try:
        gate = enclosing_gate(exam)
    except Exception:  # noqa: BLE001 - a parent that cannot be loaded: look for the course's gate instead
        gate = None
    if gate is not None and gate is not WITHHELD:
        return gate
    gates = blocks_of_type(exam.scope_ids.usage_id.context_key, GATE_TYPE)
    return report_block(gates[0]) if len(gates) == 1 else None


def layout(exam, language: str | None = None, gate=None) -> sheet.SheetLayout:
    course_key = exam.scope_ids.usage_id.context_key
    return sheet.SheetLayout(
        intake=str(course_key.run), parts=[(part.id, part.title or part.id) for part in exam.paper.parts],
        rule=exam.attempt_counts or sheet.COUNT_HIGHEST, with_evidence=verified(gate), translate=translator(language),
        track_label=track_label(language))


def verified(gate) -> bool:
    """Whether the gate counts the study ledger (its ``verified`` mode): the sheet then shows the evidence."""
    if gate is None:
        return False
    try:
        from hours_gate.evaluation import is_verified
    except ImportError:  # a gate without the verified mode
        return False
    return bool(is_verified(gate))


def learners(course_key):
    """Enrolled learners (course staff and instructors left out), username order: a User queryset."""
    from hours_gate.evaluation import learners as gate_learners

    return gate_learners(course_key).order_by("username")


def sheet_rows(exam, tz=None, reveal: bool = False, language: str | None = None, users=None):
    """``(headers, rows)``: rows generated chunk by chunk (``users``: a User queryset, default every learner)."""
    gate = exam_gate(exam)
    shape = layout(exam, language, gate)
    return sheet.headers(shape), _rows(exam, gate, shape, tz, reveal, users)


def _rows(exam, gate, shape, tz, reveal, users):
    course_key = exam.scope_ids.usage_id.context_key
    ids = list((learners(course_key) if users is None else users).values_list("id", flat=True))
    from django.contrib.auth import get_user_model

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        people = with_names(get_user_model().objects.filter(id__in=chunk)).order_by("username")
        found = [sheet.SheetLearner(user.id, user.username, full_name(user)) for user in people]
        yield from sheet.rows(shape, found, applications(course_key, chunk, reveal), hours(gate, chunk),
                              attempts(exam, chunk), tz)


def applications(course_key, user_ids, reveal: bool) -> dict[int, sheet.SheetApplication]:
    from eligibility_form.api import applications_by_user
    from eligibility_form.masking import mask_id, mask_mobile

    return {user_id: sheet.SheetApplication(
        record.status.status, record.status.qualifying_condition, record.track,
        record.id_number if reveal else mask_id(record.id_number),
        record.mobile if reveal else mask_mobile(record.mobile))
        for user_id, record in applications_by_user(course_key, user_ids).items()}


def hours(gate, user_ids) -> dict[int, sheet.SheetHours]:
    """Earned and required 学时 of ``user_ids`` at ``gate`` (its roster: a fixed number of queries)."""
    if gate is None:
        return {}
    from django.contrib.auth import get_user_model

    from hours_gate.evaluation import roster

    rows = roster(gate, get_user_model().objects.filter(id__in=user_ids))
    found = {}
    for row in rows:
        study = getattr(row.state, "study", None)  # verified mode: {item: ItemStudy} from the study ledger
        minutes = None
        if study is not None:
            minutes = (round(sum(s.studied_seconds for s in study.values()) / 60),
                       round(sum(s.needed_seconds for s in study.values()) / 60))
        found[row.user_id] = sheet.SheetHours(row.state.status.earned, row.state.status.required,
                                              *(minutes or (None, None)))
    return found


def attempts(exam, user_ids) -> dict[int, list[sheet.SheetAttempt]]:
    """Submitted, fully graded attempts of ``user_ids`` (one query, light columns)."""
    from carbon_common.models import ExamAttempt

    found = (ExamAttempt.objects.filter(usage_key=str(exam.scope_ids.usage_id), user_id__in=user_ids,
                                        status=ExamAttempt.SUBMITTED, pending=False, earned__isnull=False)
             .values_list("user_id", "number", "earned", "possible", "passed", "submitted_at", "result__parts",
                          "staff_grades"))
    grouped: dict[int, list[sheet.SheetAttempt]] = {}
    for user_id, number, earned, possible, passed, submitted_at, parts, grades in found:
        subtotals = {part.get("part"): Decimal(str(part.get("earned"))) for part in (parts or [])
                     if isinstance(part, dict) and part.get("earned") is not None}
        grouped.setdefault(user_id, []).append(sheet.SheetAttempt(
            number, earned, possible, passed, subtotals, graded_at(submitted_at, grades)))
    return grouped


def graded_at(submitted_at, staff_grades) -> datetime | None:
    """When the attempt's score became final: its last staff grade, else its submission."""
    latest = submitted_at
    for grade in (staff_grades or {}).values():
        try:
            moment = datetime.fromisoformat(str((grade or {}).get("graded_at")))
        except (TypeError, ValueError):
            continue
        if latest is None or moment > latest:
            latest = moment
    return latest


def parse_course(course_id: str):
    from opaque_keys import InvalidKeyError

    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError:
        return None


def parse_usage(usage_id: str):
    from opaque_keys import InvalidKeyError

    try:
        return UsageKey.from_string(usage_id)
    except InvalidKeyError:
        return None
