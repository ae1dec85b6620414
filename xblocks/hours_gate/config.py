"""The gate's authored settings, checked: required hours, minutes per 学时, mode, reading time, credits.

Pure: imports neither XBlock nor Django. Studio's editor (``StudioEditableXBlockMixin``: ``kind_problems`` at
the door, ``normalise_settings`` in ``clean_studio_edits``, ``settings_problems`` in ``validate_field_data``) and
OLX import both go through here.
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
MODE_INVALID = "mode_invalid"
READING_MINUTES_INVALID = "reading_minutes_invalid"
VIDEO_SECONDS_INVALID = "video_seconds_invalid"
TEXT_INVALID = "text_invalid"
FLAG_INVALID = "flag_invalid"
APPLICATION_NAME_INVALID = "application_name_invalid"
CREDITS_INVALID = "credits_invalid"

#: How the gate counts a leaf: the platform's completion records (the learner's word) or the study ledger.
COMPLETION_MODE = "completion"
VERIFIED_MODE = "verified"
HOURS_MODES = (COMPLETION_MODE, VERIFIED_MODE)
#: Expected reading time of one HTML leaf in verified mode (minutes), and its bounds.
DEFAULT_READING_MINUTES = 10
MAX_READING_MINUTES = 240
#: Length the gate assumes (seconds) for a video whose length the platform does not know (no edx-val record).
DEFAULT_VIDEO_SECONDS = 600
MAX_VIDEO_SECONDS = 6 * 3600


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


def _whole_number(value, low: int, high: int) -> int | None:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return None
    return minutes if low <= minutes <= high else None


def parse_settings(required_hours, minutes_per_hour, credits, hours_mode=COMPLETION_MODE,
                   reading_minutes=DEFAULT_READING_MINUTES,
                   video_seconds=DEFAULT_VIDEO_SECONDS) -> tuple[dict, list[ConfigError]]:
    """Check what Studio's editor sends; return the cleaned values and the problems."""
    errors = []
    required = parse_hours(required_hours, MAX_REQUIRED_HOURS)
    if required is None:
        errors.append(ConfigError(REQUIRED_INVALID, "required_hours"))
    minutes = _whole_number(minutes_per_hour, 1, 240)
    if minutes is None:
        errors.append(ConfigError(MINUTES_INVALID, "minutes_per_hour"))
    mode = str(hours_mode or "").strip()
    if mode not in HOURS_MODES:
        errors.append(ConfigError(MODE_INVALID, "hours_mode"))
    reading = _whole_number(reading_minutes, 1, MAX_READING_MINUTES)
    if reading is None:
        errors.append(ConfigError(READING_MINUTES_INVALID, "reading_minutes"))
    video = _whole_number(video_seconds, 1, MAX_VIDEO_SECONDS)
    if video is None:
        errors.append(ConfigError(VIDEO_SECONDS_INVALID, "fallback_video_seconds"))
    refs, credit_errors = parse_credits(credits)
    errors.extend(credit_errors)
    return {"required_hours": required, "minutes_per_hour": minutes, "credits": refs, "hours_mode": mode,
            "reading_minutes": reading, "fallback_video_seconds": video}, errors


#: Studio's plain settings by the kind of value the editor sends (integers as numbers, or digits).
TEXT_FIELDS = ("display_name", "hours_mode", "application_url_name")
INTEGER_FIELDS = {"minutes_per_hour": MINUTES_INVALID, "reading_minutes": READING_MINUTES_INVALID,
                  "fallback_video_seconds": VIDEO_SECONDS_INVALID}
FLAG_FIELDS = ("credit_all_videos", "require_application")
MAX_DISPLAY_NAME = 200
DEFAULT_APPLICATION = "application"


def _is_integer(value) -> bool:
    if isinstance(value, bool):
        return False
    return value is None or isinstance(value, int) or (isinstance(value, str) and value.strip().isdecimal())


def kind_problems(values: dict) -> list[ConfigError]:
    """Values of the wrong kind for their field (a list for a name, 1.5 for minutes), before any conversion."""
    errors = []
    for name, value in values.items():
        if name in TEXT_FIELDS and not isinstance(value, str):
            errors.append(ConfigError({"hours_mode": MODE_INVALID, "application_url_name": APPLICATION_NAME_INVALID}
                                      .get(name, TEXT_INVALID), name))
        elif name == "required_hours" and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            errors.append(ConfigError(REQUIRED_INVALID, name))
        elif name in INTEGER_FIELDS and not _is_integer(value):
            errors.append(ConfigError(INTEGER_FIELDS[name], name))
        elif name in FLAG_FIELDS and not isinstance(value, bool):
            errors.append(ConfigError(FLAG_INVALID, name))
        elif name == "credits" and not isinstance(value, list):
            errors.append(ConfigError(CREDITS_INVALID, name))
    return errors


def normalise_settings(values: dict) -> dict:
    """The editor's values in their stored form where they are valid ("10" -> "10.00", credits as
    ``CreditRef.as_dict``, names trimmed); invalid ones unchanged, for ``settings_problems`` to refuse.
    A display name left blank keeps the current one (it is dropped from ``values``)."""
    values = dict(values)
    if "display_name" in values:
        name = " ".join(str(values["display_name"] or "").split())[:MAX_DISPLAY_NAME]
        if name:
            values["display_name"] = name
        else:
            del values["display_name"]
    if "application_url_name" in values:
        values["application_url_name"] = str(values["application_url_name"] or "").strip() or DEFAULT_APPLICATION
    if "hours_mode" in values:
        values["hours_mode"] = str(values["hours_mode"] or "").strip()
    if "required_hours" in values:
        required = parse_hours(values["required_hours"], MAX_REQUIRED_HOURS)
        if required is not None:
            values["required_hours"] = f"{required:f}"
    if "credits" in values:
        refs, errors = parse_credits(values["credits"])
        if not errors:
            values["credits"] = [ref.as_dict() for ref in refs]
    return values


def settings_problems(settings) -> list[ConfigError]:
    """What is wrong with a whole set of settings (an object with the block's field names as attributes: the block
    itself, or the values about to be saved), the rules ``parse_settings`` applies and the application's name."""
    _values, errors = parse_settings(settings.required_hours, settings.minutes_per_hour, settings.credits,
                                     settings.hours_mode, settings.reading_minutes, settings.fallback_video_seconds)
    if not URL_NAME_RE.match(str(settings.application_url_name or "")):
        errors.append(ConfigError(APPLICATION_NAME_INVALID, "application_url_name"))
    return errors
