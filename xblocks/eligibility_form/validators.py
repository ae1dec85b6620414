"""Validation of the application form: identity documents, contact details, dates and declarations.

``validate_application`` returns every problem at once, as ``{field: Message}``; the single-value
checkers (``check_id_number``, ``normalize_mobile``...) raise :class:`~.messages.Problem`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from .messages import Message, Problem
from .rules import DEGREE_CHOICES, EDUCATION_CHOICES, OTHER_MAJOR, TRACKS, declared, level_rank

FIELDS = (
    "name", "gender", "id_type", "id_number", "birth_date", "mobile", "email", "employer", "job_title",
    "education", "degree", "major", "major_other", "graduation_date", "work_years",
    "institution_staff", "other_certificate", "certificate_name", "law_abiding", "pi_consent", "track",
)
REQUIRED_FIELDS = (
    "name", "gender", "id_type", "id_number", "birth_date", "mobile", "email", "education", "degree", "major",
    "graduation_date", "work_years",
)
DECLARATIONS = ("law_abiding", "pi_consent")
GENDERS = ("male", "female")
ID_TYPES = (
    "resident_id", "residence_permit", "foreign_permanent_id", "travel_permit_hkmo", "travel_permit_tw",
    "passport_cn", "passport_other",
)
TEXT_LIMITS = {"employer": 100, "job_title": 50, "major_other": 50, "certificate_name": 100, "email": 254}

MIN_AGE = 16  # the legal minimum working age
MIN_YEAR = 1900
MIN_GRADUATION_YEAR = 1950
WORK_YEARS_RANGE = (0, 60)

# first two digits of a mainland resident ID: provinces, autonomous regions, municipalities
_PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
_RESIDENCE_PERMIT_PREFIXES = ("810000", "820000", "830000")
_ID_PATTERNS = {
    "resident_id": re.compile(r"^\d{17}[\dX]$"),
    "residence_permit": re.compile(r"^8[123]0000\d{11}[\dX]$"),
    "foreign_permanent_id": re.compile(r"^(9\d{16}[\dX]|[A-Z]{3}\d{12})$"),
    "travel_permit_hkmo": re.compile(r"^[HM]\d{8}$"),
    "travel_permit_tw": re.compile(r"^\d{8}$"),
    "passport_cn": re.compile(r"^E[0-9A-Z]\d{7}$"),
    "passport_other": re.compile(r"^(?=.*\d)[A-Z0-9]{5,20}$"),
}
CHECKSUMMED_ID_TYPES = frozenset({"resident_id", "residence_permit", "foreign_permanent_id"})

_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_NAME = re.compile(r"^[^\W\d_]+(?:[ ·•・.'\-]+[^\W\d_]+)*$")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")


@dataclass(frozen=True)
class IdFacts:
    """What an 18-digit document number tells: birth date and gender (None for other documents)."""

    number: str
    birth_date: date | None = None
    gender: str | None = None


def _nfkc(value: Any) -> str:
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


def normalize_id_number(value: Any) -> str:
    """Document number without spaces or dashes, full-width folded, letters upper-case."""
    return re.sub(r"[\s\-]", "", _nfkc(value)).upper()


def gb11643_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an 18-digit number (python-stdnum's)."""
    return ric.calc_check_digit(first17 + "0")


def _birth_date_in(number: str, today: date) -> date:
    """The birth date the number encodes (python-stdnum), which must also be plausible: not in the future,
    not before :data:`MIN_YEAR` (stdnum accepts any calendar date)."""
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        raise Problem(Message("id_birth_date_invalid")) from None
    if born > today or born.year < MIN_YEAR:
        raise Problem(Message("id_birth_date_invalid"))
    return born


def _format_problem(id_type: str) -> Problem:
    return Problem(Message("id_format", {"id_type": id_type, "hint": id_type}))


def _suggested_type(number: str) -> str | None:
    if number.startswith(_RESIDENCE_PERMIT_PREFIXES):
        return "residence_permit"
    if number.startswith("9"):
        return "foreign_permanent_id"
    return None


def check_id_number(id_type: str, value: Any, today: date | None = None) -> IdFacts:
    """Check a document number for its type; return the number (normalised) and what it tells.

    Raises :class:`Problem` (``id_format``, ``id_type_mismatch``, ``id_region_invalid``,
    ``id_birth_date_invalid``, ``id_checksum``) when the number cannot be right.
    """
    today = today or date.today()
    number = normalize_id_number(value)
    pattern = _ID_PATTERNS.get(id_type)
    if pattern is None:
        raise Problem(Message("choice_invalid", {"field": "id_type"}))
    if id_type == "resident_id" and len(number) == 18 and _suggested_type(number):
        raise Problem(Message("id_type_mismatch", {"suggested_type": _suggested_type(number)}))
    if not pattern.match(number):
        raise _format_problem(id_type)
    if id_type not in CHECKSUMMED_ID_TYPES or len(number) != 18:
        return IdFacts(number)
    if id_type == "resident_id" and number[:2] not in _PROVINCE_CODES:
        raise Problem(Message("id_region_invalid"))
    born = _birth_date_in(number, today)
    if gb11643_check_char(number[:17]) != number[17]:
        raise Problem(Message("id_checksum"))
    return IdFacts(number, born, "male" if int(number[16]) % 2 else "female")


def normalize_mobile(value: Any) -> str:
    """The 11-digit mainland mobile number, tolerating spaces, dashes, brackets and a +86/86 prefix
    (``phonenumbers``: a valid Chinese number of a mobile range)."""
    text = _nfkc(value)
    if text.startswith("86") and len(re.sub(r"\D", "", text)) == 13:
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException:
        raise Problem(Message("mobile_invalid")) from None
    if (number.country_code != 86 or not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in _MOBILE_TYPES):
        raise Problem(Message("mobile_invalid"))
    return str(number.national_number)


def normalize_email(value: Any) -> str:
    """The e-mail address, full-width characters folded (＠ -> @), domain lower-cased; checked by Django's
    ``EmailValidator`` (imported here, when used: it needs no settings, and the module stays importable
    without Django)."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import EmailValidator

    text = _nfkc(value)
    if len(text) > TEXT_LIMITS["email"]:
        raise Problem(Message("email_invalid"))
    try:
        EmailValidator()(text)
    except DjangoValidationError:
        raise Problem(Message("email_invalid")) from None
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalize_name(value: Any) -> str:
    """A person's name with spaces collapsed; letters of any script, spaces and name dots only."""
    text = " ".join(_nfkc(value).split())
    if not 2 <= len(text) <= 50 or not _NAME.match(text):
        raise Problem(Message("name_invalid"))
    return text


def _calendar(value: Any, pattern: re.Pattern, code: str, field: str) -> date:
    """A ``date`` as is, or one from text `pattern` matches as year, month and an optional day (the 1st if
    left out); anything else (or no such day) is Problem(`code`) naming `field`."""
    if isinstance(value, date):
        return value
    match = pattern.match(_nfkc(value))
    try:
        if match:
            year, month, day = match.groups()
            return date(int(year), int(month), int(day or 1))
    except ValueError:
        pass
    raise Problem(Message(code, {"field": field}))


def parse_date(value: Any, field: str) -> date:
    """A calendar date from a ``date`` or ``YYYY-MM-DD`` text (``/`` and ``.`` also accepted)."""
    return _calendar(value, _DATE, "date_invalid", field)


def parse_month(value: Any, field: str) -> date:
    """A date from ``YYYY-MM`` (taken as the 1st) or ``YYYY-MM-DD``."""
    return _calendar(value, _MONTH, "month_invalid", field)


def parse_work_years(value: Any) -> float:
    """Years of relevant work: a number from 0 to 60 (halves and tenths allowed)."""
    low, high = WORK_YEARS_RANGE
    problem = Problem(Message("work_years_invalid", {"min": low, "max": high}))
    if isinstance(value, bool):
        raise problem
    try:
        years = float(_nfkc(value))
    except ValueError:
        raise problem
    if not math.isfinite(years) or not low <= years <= high:
        raise problem
    return years


def age_on(born: date, today: date) -> int:
    """Full years of age on ``today``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_choices(answers, errors) -> None:
    choices = {"gender": GENDERS, "id_type": ID_TYPES, "education": EDUCATION_CHOICES, "degree": DEGREE_CHOICES,
               "track": TRACKS}
    for field, allowed in choices.items():
        if not _blank(answers.get(field)) and answers.get(field) not in allowed:
            errors[field] = Message("choice_invalid", {"field": field})


def _check_texts(answers, errors) -> None:
    for field, limit in TEXT_LIMITS.items():
        value = answers.get(field)
        if not _blank(value) and field not in errors and len(_nfkc(value)) > limit:
            errors[field] = Message("too_long", {"field": field, "max": limit})


def _try(errors: dict, field: str, check, *args):
    """Run ``check``; record its Problem under ``field`` and return None on failure."""
    try:
        return check(*args)
    except Problem as problem:
        errors[field] = problem.messages[0]
        return None


def _out_of_range(value: date, field: str, today: date, min_year: int) -> Message | None:
    """The problem of a date of `field` after `today` or before the year `min_year`, else None."""
    if value > today:
        return Message("date_in_future", {"field": field})
    if value.year < min_year:
        return Message("date_too_early", {"field": field, "min_year": min_year})
    return None


def _check_identity(answers, errors, today) -> date | None:
    """Document number, birth date and gender, checked against each other. Returns the birth date."""
    facts = None
    if "id_type" not in errors and not _blank(answers.get("id_type")) and not _blank(answers.get("id_number")):
        facts = _try(errors, "id_number", check_id_number, answers["id_type"], answers["id_number"], today)
    born = None
    if not _blank(answers.get("birth_date")):
        born = _try(errors, "birth_date", parse_date, answers["birth_date"], "birth_date")
    if born is not None:
        if problem := _out_of_range(born, "birth_date", today, MIN_YEAR):
            errors["birth_date"] = problem
        elif facts and facts.birth_date and facts.birth_date != born:
            errors["birth_date"] = Message("birth_date_mismatch", {"id_birth_date": facts.birth_date.isoformat()})
        elif age_on(born, today) < MIN_AGE:
            errors["birth_date"] = Message("age_too_low", {"min_age": MIN_AGE})
    gender = answers.get("gender")
    if facts and facts.gender and gender in GENDERS and gender != facts.gender:
        errors["gender"] = Message("gender_mismatch", {"id_gender": facts.gender})
    return born if "birth_date" not in errors else None


def _check_education(answers, errors, today, born) -> None:
    if not _blank(answers.get("graduation_date")):
        graduated = _try(errors, "graduation_date", parse_month, answers["graduation_date"], "graduation_date")
        if graduated is not None:
            if problem := _out_of_range(graduated, "graduation_date", today, MIN_GRADUATION_YEAR):
                errors["graduation_date"] = problem
            elif born is not None and graduated <= born:
                errors["graduation_date"] = Message("graduation_before_birth")
    if (
        "degree" not in errors
        and "education" not in errors
        and level_rank(answers.get("degree")) >= level_rank("bachelor")
        and answers.get("education") in EDUCATION_CHOICES
        and level_rank(answers.get("education")) < level_rank("bachelor")
    ):
        errors["degree"] = Message("degree_needs_bachelor_education")
    if answers.get("major") == OTHER_MAJOR and _blank(answers.get("major_other")):
        errors["major_other"] = Message("required", {"field": "major_other"})


def _check_work_years(answers, errors, today, born) -> None:
    if _blank(answers.get("work_years")):
        return
    years = _try(errors, "work_years", parse_work_years, answers["work_years"])
    if years is not None and born is not None:
        most = max(age_on(born, today) - MIN_AGE, 0)
        if years > most:
            errors["work_years"] = Message("work_years_exceed_age", {"max": most})


def _check_declarations(answers, errors, partial) -> None:
    if declared(answers, "institution_staff") and _blank(answers.get("employer")):
        errors["employer"] = Message("required", {"field": "employer"})
    if declared(answers, "other_certificate") and _blank(answers.get("certificate_name")):
        errors["certificate_name"] = Message("required", {"field": "certificate_name"})
    if not partial:
        for field in DECLARATIONS:
            if not declared(answers, field):
                errors[field] = Message("declaration_required", {"field": field})


def validate_application(
    answers: Mapping[str, Any], *, today: date | None = None, partial: bool = False
) -> dict[str, Message]:
    """Every problem in ``answers`` as ``{field: Message}`` (empty when the form is complete and valid).

    ``partial=True`` checks a draft: blank fields and unticked declarations are not errors,
    but whatever is filled in must be right.
    """
    today = today or date.today()
    errors: dict[str, Message] = {}
    if not partial:
        for field in REQUIRED_FIELDS:
            if _blank(answers.get(field)):
                errors[field] = Message("required", {"field": field})
    _check_choices(answers, errors)
    if not _blank(answers.get("name")):
        _try(errors, "name", normalize_name, answers["name"])
    if not _blank(answers.get("mobile")):
        _try(errors, "mobile", normalize_mobile, answers["mobile"])
    if not _blank(answers.get("email")):
        _try(errors, "email", normalize_email, answers["email"])
    born = _check_identity(answers, errors, today)
    _check_education(answers, errors, today, born)
    _check_work_years(answers, errors, today, born)
    _check_texts(answers, errors)
    _check_declarations(answers, errors, partial)
    return {field: errors[field] for field in FIELDS if field in errors}


MISSING_CODES = frozenset({"required", "declaration_required"})


def invalid_values(errors: Mapping[str, Message]) -> dict[str, Message]:
    """The problems that are wrong values (format, range, consistency), not fields merely left empty.

    A draft may be partial, so saving one is refused only for these; order (the form's) is kept.
    """
    return {field: message for field, message in errors.items() if message.code not in MISSING_CODES}


def clean_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The known fields of ``answers`` in canonical form (call after ``validate_application`` passes)."""
    cleaned: dict[str, Any] = {}
    for field in FIELDS:
        value = answers.get(field)
        if field in DECLARATIONS or field in ("institution_staff", "other_certificate"):
            cleaned[field] = declared(answers, field)
        elif _blank(value):
            cleaned[field] = ""
        elif field == "id_number":
            cleaned[field] = normalize_id_number(value)
        elif field == "mobile":
            cleaned[field] = normalize_mobile(value)
        elif field == "email":
            cleaned[field] = normalize_email(value)
        elif field == "name":
            cleaned[field] = normalize_name(value)
        elif field == "birth_date":
            cleaned[field] = parse_date(value, field).isoformat()
        elif field == "graduation_date":
            cleaned[field] = parse_month(value, field).isoformat()[:7]
        elif field == "work_years":
            cleaned[field] = parse_work_years(value)
        else:
            cleaned[field] = _nfkc(value) if isinstance(value, str) else value
    return cleaned


def mask_id_number(value: Any) -> str:
    """A document number with all but its first and last character hidden: ``1****************X``.

    Not reversible: keeping 4 at each end beside the birth date left about 9 checksum-valid numbers (see
    ``eligibility_form.masking``). Numbers shorter than 6 characters are hidden whole.
    """
    number = normalize_id_number(value)
    if len(number) < 6:
        return "*" * len(number)
    return number[0] + "*" * (len(number) - 2) + number[-1]
