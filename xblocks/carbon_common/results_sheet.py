"""The results sheet the association certifies from: one row per learner of a course run. Pure Python.

Rows are built from plain data (no Django, no XBlock): the learner, their application, their 学时 and the exam
attempt that counts. :func:`headers` and :func:`rows` feed ``carbon_common.exports`` (CSV with BOM, XLSX).
Identifiers come masked unless staff revealed them (the caller masks and records); times are shown in ``tz``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from carbon_common.i18n import _

COUNT_HIGHEST, COUNT_LAST = "highest", "last"


#: (key, msgid) of the fixed columns; the exam's part columns come between ``attempt`` and ``total``.
COLUMNS_BEFORE_PARTS = [
    ("name", _("Name")), ("username", _("Username")), ("id_number", _("ID number")), ("mobile", _("Mobile")),
    ("intake", _("Intake (course run)")), ("track", _("Track")), ("application_status", _("Application status")),
    ("qualifying_condition", _("Qualifying condition")), ("earned_hours", _("Hours earned")),
    ("required_hours", _("Hours required")),
]
EVIDENCE_COLUMN = ("hours_evidence", _("Hours evidence"))
COLUMNS_AFTER_PARTS = [("attempt", _("Exam attempt used")), ("total", _("Total")), ("passed", _("Passed the exam")),
                       ("graded_at", _("Graded on"))]
STATUS_LABELS = {"none": _("No application"), "draft": _("Application draft"),
                 "submitted": _("Application submitted"), "returned": _("Application returned"),
                 "approved": _("Application approved"), "rejected": _("Application rejected")}
YES, NO = _("Yes"), _("No")
CONDITION = _("Condition {number}")
EVIDENCE = _("{studied} of {needed} minutes studied (study ledger)")


@dataclass(frozen=True)
class SheetLearner:
    user_id: int
    username: str
    name: str


@dataclass(frozen=True)
class SheetApplication:
    status: str = "none"
    qualifying_condition: int | None = None
    track: str = ""
    id_number: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class SheetHours:
    earned: Decimal | None = None
    required: Decimal | None = None
    studied_minutes: int | None = None  # a gate in verified mode: the study ledger's evidence
    needed_minutes: int | None = None


@dataclass(frozen=True)
class SheetAttempt:
    """One submitted, fully graded attempt: ``parts`` maps a part id to its points."""

    number: int
    earned: Decimal
    possible: Decimal
    passed: bool | None
    parts: Mapping[str, Decimal] = field(default_factory=dict)
    graded_at: datetime | None = None


@dataclass(frozen=True)
class SheetLayout:
    """What every row shares: the intake, the exam's parts (id, title), the counting rule, the labels."""

    intake: str
    parts: list[tuple[str, str]]
    rule: str = COUNT_HIGHEST
    with_evidence: bool = False
    translate: Callable[[str], str] = str
    track_label: Callable[[str], str] = str


def counted_attempt(attempts: Iterable[SheetAttempt], rule: str = COUNT_HIGHEST) -> SheetAttempt | None:
    """The graded attempt that counts: the last one, or the highest share of its possible points (ties go to
    the earlier attempt, as the exam's own grade does)."""
    ordered = sorted(attempts, key=lambda a: a.number)
    if not ordered:
        return None
    if rule == COUNT_LAST:
        return ordered[-1]
    return max(ordered, key=lambda a: (a.earned / a.possible) if a.possible else Decimal(0))


def headers(layout: SheetLayout) -> list[str]:
    t = layout.translate
    before = COLUMNS_BEFORE_PARTS + ([EVIDENCE_COLUMN] if layout.with_evidence else [])
    return ([t(label) for _key, label in before] + [t(COLUMNS_AFTER_PARTS[0][1])]
            + [title or part_id for part_id, title in layout.parts]
            + [t(label) for _key, label in COLUMNS_AFTER_PARTS[1:]])


def rows(layout: SheetLayout, learners: Iterable[SheetLearner], applications: Mapping[int, SheetApplication],
         hours: Mapping[int, SheetHours], attempts: Mapping[int, list[SheetAttempt]], tz=None) -> Iterator[list]:
    """One row per learner, in the order given; generated, so the caller may stream them. Identifiers are
    written as given: the caller masks them (``eligibility_form.masking``) unless staff asked to reveal."""
    t = layout.translate
    status_labels = {code: t(label) for code, label in STATUS_LABELS.items()}
    yes, no, condition, evidence = t(YES), t(NO), t(CONDITION), t(EVIDENCE)
    track_labels: dict[str, str] = {}
    none_app, none_hours = SheetApplication(), SheetHours()
    for learner in learners:
        app = applications.get(learner.user_id, none_app)
        gate = hours.get(learner.user_id, none_hours)
        counted = counted_attempt(attempts.get(learner.user_id, ()), layout.rule)
        if app.track and app.track not in track_labels:
            track_labels[app.track] = layout.track_label(app.track)
        row = [learner.name, learner.username,
               app.id_number, app.mobile,
               layout.intake, track_labels.get(app.track, ""), status_labels.get(app.status, app.status),
               condition.format(number=app.qualifying_condition) if app.qualifying_condition else "",
               gate.earned, gate.required]
        if layout.with_evidence:
            row.append("" if gate.studied_minutes is None else
                       evidence.format(studied=gate.studied_minutes, needed=gate.needed_minutes))
        if counted is None:
            row += [""] * (len(layout.parts) + 4)
        else:
            graded = counted.graded_at
            if graded is not None and tz is not None:
                graded = graded.astimezone(tz)
            row += [counted.number, *[counted.parts.get(part_id, "") for part_id, _title in layout.parts],
                    counted.earned, "" if counted.passed is None else (yes if counted.passed else no), graded]
        yield row
