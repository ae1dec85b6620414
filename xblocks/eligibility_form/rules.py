"""The six eligibility conditions of the programme notice (section 六), as made precise in the domain reference.

Answers are the application form's values (a dict, keys as in ``validators.FIELDS``).  The list of
related majors is the programme's call, so every function that needs it takes it as an argument;
``DEFAULT_RELATED_MAJORS`` is only the default that course staff start from.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .messages import Message

# Education (学历) and degree (学位) are separate answers, compared on one ordered scale.
LEVELS = ("below_secondary", "secondary", "associate", "bachelor", "double_bachelor", "master", "doctor")
EDUCATION_CHOICES = ("below_secondary", "secondary", "associate", "bachelor", "master", "doctor")
DEGREE_CHOICES = ("none", "bachelor", "double_bachelor", "master", "doctor")
OTHER_MAJOR = "other"
# The nine skill tracks (专业方向) of the course (course_content's sections): the exam may draw its professional part
# from the learner's own track (carbon_exam ``professional_draw`` = own_track). Optional on the form.
TRACKS = ("management", "verification", "asset", "monitoring", "consulting", "accounting", "trading", "audit",
          "assessment")

DEFAULT_RELATED_MAJORS = (
    # environmental science and engineering group
    "环境科学与工程", "环境工程", "环境科学", "环境生态工程", "环保设备工程", "资源环境科学", "水质科学与技术",
    # energy and power group
    "能源与动力工程", "能源与环境系统工程", "新能源科学与工程", "储能科学与工程", "氢能科学与工程",
    # related single majors
    "大气科学", "生态学", "资源与环境经济学",
)

CONDITIONS = (1, 2, 3, 4, 5, 6)
WORK_YEAR_CONDITIONS = frozenset({1, 2, 3})
PROOF_CONDITIONS = frozenset({5, 6})
MATERIAL_KINDS = (
    "photo", "review_form", "id_front", "id_back", "diploma", "degree", "work_proof", "condition_proof",
)
SINGLE_SIDED_ID_TYPES = frozenset({"passport_cn", "passport_other"})


def level_rank(code: str | None) -> int:
    """Position of an education or degree code on ``LEVELS``; -1 for none or unknown."""
    try:
        return LEVELS.index(code or "")
    except ValueError:
        return -1


def normalize_major(name: str | None) -> str:
    """A major's name for comparison: NFKC, no whitespace, no trailing 专业."""
    text = "".join(unicodedata.normalize("NFKC", name or "").split())
    return text[: -len("专业")] if text.endswith("专业") and len(text) > 2 else text


def major_name(answers: Mapping[str, Any]) -> str:
    """The major as the learner gave it: the chosen list entry, or the free text after "other"."""
    major = str(answers.get("major") or "").strip()
    if major == OTHER_MAJOR:
        return str(answers.get("major_other") or "").strip()
    return major


def parse_major_list(text: str) -> tuple[str, ...]:
    """Majors from a staff-edited setting: one per line, or separated by commas, 、 or semicolons."""
    for separator in ",，、;；":
        text = text.replace(separator, "\n")
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def is_related_major(name: str | None, related_majors: Iterable[str] | str) -> bool:
    """Whether ``name`` is one of ``related_majors`` (ignoring width, spaces and a trailing 专业)."""
    if isinstance(related_majors, str):
        related_majors = parse_major_list(related_majors)
    wanted = normalize_major(name)
    return bool(wanted) and any(wanted == normalize_major(m) for m in related_majors)


def work_years(answers: Mapping[str, Any]) -> float | None:
    """Years of relevant work as a number, or None when missing or not a number."""
    value = answers.get("work_years")
    if value is None or isinstance(value, bool):
        return None
    try:
        years = float(str(value).strip())
    except ValueError:
        return None
    return years if math.isfinite(years) else None


def declared(answers: Mapping[str, Any], key: str) -> bool:
    """Whether a yes/no answer (a checkbox) is ticked: True, or "true"/"1"/"yes"/"on" from a form."""
    value = answers.get(key)
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on"))


@dataclass(frozen=True)
class _Facts:
    """The answers the conditions look at, parsed once."""

    years: float | None
    education: str
    degree: str
    major: str
    related: bool
    institution_staff: bool
    other_certificate: bool


@dataclass(frozen=True)
class ConditionResult:
    """One condition: met or not, and what is missing in words (messages)."""

    number: int
    met: bool
    missing: tuple[Message, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "met": self.met, "missing": [m.to_dict() for m in self.missing]}


@dataclass(frozen=True)
class EligibilityResult:
    """All six conditions, the first met one (``qualifying``), and the law-abiding declaration."""

    conditions: tuple[ConditionResult, ...]
    qualifying: int | None
    law_abiding: bool

    @property
    def eligible(self) -> bool:
        return self.qualifying is not None and self.law_abiding

    @property
    def met(self) -> tuple[int, ...]:
        return tuple(c.number for c in self.conditions if c.met)

    def condition(self, number: int) -> ConditionResult:
        return self.conditions[number - 1]

    def summary(self) -> tuple[Message, ...]:
        """What to say at the top of the form: which condition qualifies, or what is wrong."""
        lines = []
        if self.qualifying is None:
            lines.append(Message("no_condition_met"))
        else:
            lines.append(Message("qualifies", {"condition": self.qualifying}))
        if not self.law_abiding:
            lines.append(Message("law_abiding_required"))
        return tuple(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "qualifying": self.qualifying,
            "law_abiding": self.law_abiding,
            "conditions": [c.to_dict() for c in self.conditions],
            "summary": [m.to_dict() for m in self.summary()],
        }


def _years_short(years: float | None, required: int) -> list[Message]:
    if years is not None and years >= required:
        return []
    return [Message("work_years_short", {"required": required, "years": years if years is not None else 0})]


def _condition_1(facts: _Facts) -> list[Message]:
    return _years_short(facts.years, 3)


def _condition_2(facts: _Facts) -> list[Message]:
    missing = _years_short(facts.years, 2)
    rank = level_rank(facts.education)
    if rank >= level_rank("associate") or (rank >= level_rank("secondary") and facts.related):
        return missing
    if rank >= level_rank("secondary"):
        missing.append(Message("related_major_or_education", {"min_education": "associate", "major": facts.major}))
    else:
        missing.append(Message("education_below", {"min_education": "secondary", "education": facts.education}))
    return missing


def _condition_3(facts: _Facts) -> list[Message]:
    missing = _years_short(facts.years, 1)
    if level_rank(facts.education) < level_rank("bachelor"):
        missing.append(Message("education_below", {"min_education": "bachelor", "education": facts.education}))
    return missing


def _condition_4(facts: _Facts) -> list[Message]:
    missing = []
    if not facts.related:
        missing.append(Message("major_not_related", {"major": facts.major}))
    if level_rank(facts.degree) < level_rank("double_bachelor"):
        missing.append(Message("degree_below", {"min_degree": "double_bachelor", "degree": facts.degree or "none"}))
    return missing


def _condition_5(facts: _Facts) -> list[Message]:
    return [] if facts.institution_staff else [Message("not_institution_staff")]


def _condition_6(facts: _Facts) -> list[Message]:
    return [] if facts.other_certificate else [Message("no_other_certificate")]


_CHECKS = (_condition_1, _condition_2, _condition_3, _condition_4, _condition_5, _condition_6)


def evaluate_conditions(
    answers: Mapping[str, Any], related_majors: Iterable[str] | str = DEFAULT_RELATED_MAJORS
) -> EligibilityResult:
    """Evaluate the six conditions on ``answers``; the first met condition qualifies."""
    major = major_name(answers)
    facts = _Facts(
        years=work_years(answers),
        education=str(answers.get("education") or ""),
        degree=str(answers.get("degree") or ""),
        major=major,
        related=is_related_major(major, related_majors),
        institution_staff=declared(answers, "institution_staff"),
        other_certificate=declared(answers, "other_certificate"),
    )
    results = []
    for number, check in zip(CONDITIONS, _CHECKS, strict=True):
        missing = tuple(check(facts))
        results.append(ConditionResult(number, not missing, missing))
    qualifying = next((r.number for r in results if r.met), None)
    return EligibilityResult(tuple(results), qualifying, declared(answers, "law_abiding"))


def holds_degree(answers: Mapping[str, Any]) -> bool:
    """Whether a degree (bachelor or above) is declared, so a degree certificate is needed."""
    return level_rank(str(answers.get("degree") or "")) >= level_rank("bachelor")


def required_materials(answers: Mapping[str, Any], result: EligibilityResult) -> list[str]:
    """Material kinds the applicant must upload, in the order the form shows them.

    A passport has one page to copy, so it needs no back side.
    """
    kinds = ["photo", "review_form", "id_front"]
    if answers.get("id_type") not in SINGLE_SIDED_ID_TYPES:
        kinds.append("id_back")
    kinds.append("diploma")
    if holds_degree(answers):
        kinds.append("degree")
    if result.qualifying in WORK_YEAR_CONDITIONS:
        kinds.append("work_proof")
    if result.qualifying in PROOF_CONDITIONS:
        kinds.append("condition_proof")
    return kinds
