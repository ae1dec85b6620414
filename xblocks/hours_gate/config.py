"""The gate's authored settings, checked: required hours, minutes per 学时, credited references.

Pure: imports neither XBlock nor Django. Studio's editor and OLX import both go through here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAX_REQUIRED_HOURS = Decimal("10000")
MAX_ITEM_HOURS = Decimal("1000")
URL_NAME_RE = re.compile(r"^[\w.:~-]{1,255}$")
BLOCK_TYPE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")

# Error codes (the shell translates them).
REQUIRED_INVALID = "required_invalid"
MINUTES_INVALID = "minutes_invalid"
BLOCK_TYPE_INVALID = "block_type_invalid"
URL_NAME_INVALID = "url_name_invalid"
HOURS_INVALID = "hours_invalid"
DUPLICATE_CREDIT = "duplicate_credit"


@dataclass(frozen=True)
class CreditRef:
    """A credited block of the course, by type and url_name, and its credit in 学时."""

    block_type: str
    url_name: str
    hours: Decimal

    def as_dict(self) -> dict:
        return {"block_type": self.block_type, "url_name": self.url_name, "hours": f"{self.hours:f}"}


@dataclass(frozen=True)
class ConfigError:
    """A problem with a setting; ``index`` is the credit's position when the problem is in one credit."""

    code: str
    field: str
    index: int | None = None


def parse_hours(value, maximum: Decimal, allow_zero: bool = True) -> Decimal | None:
    """A 学时 figure with at most two decimals within 0..maximum, or None."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not hours.is_finite() or hours < 0 or hours > maximum or hours != hours.quantize(Decimal("0.01")):
        return None
    if hours == 0 and not allow_zero:
        return None
    return hours.quantize(Decimal("0.01"))


def parse_credits(raw) -> tuple[list[CreditRef], list[ConfigError]]:
    """Read credit references (dicts with block_type, url_name, hours) and say what is wrong with each."""
    refs, errors, seen = [], [], set()
    if not isinstance(raw, (list, tuple)):  # `true`, a number, an object: one entry that is not a credit
        raw = [] if raw is None or raw == "" else [raw]
    for index, entry in enumerate(raw):
        entry = entry if isinstance(entry, dict) else {}
        block_type = str(entry.get("block_type", "")).strip()
        url_name = str(entry.get("url_name", "")).strip()
        hours = parse_hours(entry.get("hours", ""), MAX_ITEM_HOURS)
        problems = []
        if not BLOCK_TYPE_RE.match(block_type):
            problems.append(ConfigError(BLOCK_TYPE_INVALID, "block_type", index))
        if not URL_NAME_RE.match(url_name):
            problems.append(ConfigError(URL_NAME_INVALID, "url_name", index))
        if hours is None:
            problems.append(ConfigError(HOURS_INVALID, "hours", index))
        if not problems and (block_type, url_name) in seen:
            problems.append(ConfigError(DUPLICATE_CREDIT, "url_name", index))
        if problems:
            errors.extend(problems)
            continue
        seen.add((block_type, url_name))
        refs.append(CreditRef(block_type, url_name, hours))
    return refs, errors


def parse_settings(required_hours, minutes_per_hour, credits) -> tuple[dict, list[ConfigError]]:
    """Check what Studio's editor sends; return the cleaned values and the problems."""
    errors = []
    required = parse_hours(required_hours, MAX_REQUIRED_HOURS)
    if required is None:
        errors.append(ConfigError(REQUIRED_INVALID, "required_hours"))
    try:
        minutes = int(str(minutes_per_hour).strip())
    except ValueError:
        minutes = 0
    if not 1 <= minutes <= 240:
        errors.append(ConfigError(MINUTES_INVALID, "minutes_per_hour"))
    refs, credit_errors = parse_credits(credits)
    errors.extend(credit_errors)
    return {"required_hours": required, "minutes_per_hour": minutes, "credits": refs}, errors
