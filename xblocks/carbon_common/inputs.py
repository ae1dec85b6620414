"""Input at the door: what a handler may receive, checked once for every block.

Pure functions (no Django, no XBlock). ``carbon_common.api.json_api`` applies :func:`check_json_value`
to JSON bodies and :func:`check_text` to query parameters and multipart text fields, so a handler
never sees a lone surrogate, a NaN/Infinity, or a structure nested deeper than :data:`MAX_DEPTH`.
Handlers use :func:`parse_id` for database ids (strict: no bools, no floats, no ``²``) and
:func:`text_of` for free text (``None`` is empty, not ``"None"``).
"""
from __future__ import annotations

import json
import math
import re

from carbon_common.i18n import _

MAX_DEPTH = 32  # the deepest legitimate body (the exam editor's paper) is ~10 levels
MAX_PARSE_DEPTH = 200  # refused before parsing (the parser recurses); between the two, the walk names the field
MAX_ID = 2 ** 63 - 1  # a signed 64-bit database key
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")

# Message ids (English); each block translates them with its own catalogue.
MESSAGES = {
    "invalid_json": _("The request body is not valid JSON."),
    "not_object": _("The request body must be a JSON object."),
    "too_deep": _("The request is nested too deeply."),
    "not_finite": _("Numbers must be finite (NaN and Infinity are not accepted)."),
    "invalid_text": _("The text contains characters that are not valid Unicode."),
    "method_not_allowed": _("This request method is not allowed here."),
}


class InputProblem(ValueError):
    """Input refused at the door: the field concerned and a message code of :data:`MESSAGES`."""

    def __init__(self, field, code):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code

    @property
    def message(self):
        return MESSAGES[self.code]


def is_valid_text(text: str) -> bool:
    """True unless ``text`` holds a lone surrogate (a string that cannot be written as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(text, field):
    """``text`` unchanged, or InputProblem(field, "invalid_text") when it is not valid Unicode."""
    if isinstance(text, str) and not is_valid_text(text):
        raise InputProblem(field, "invalid_text")
    return text


def _reject_constant(name):
    raise InputProblem("body", "not_finite")


def parse_json_object(raw: bytes) -> dict:
    """The JSON object in ``raw``; InputProblem naming the body (or the top-level field) otherwise.

    Refused: bytes that are not UTF-8, text that is not JSON, ``NaN``/``Infinity``/``-Infinity``, numbers
    that overflow to infinity (``1e999``), anything nested deeper than :data:`MAX_DEPTH`, a lone surrogate in
    any key or string, and a top level that is not an object. An empty body is ``{}``.
    """
    if not raw:
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputProblem("body", "invalid_json")
    _check_depth_of_text(text)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise InputProblem("body", "too_deep")
    except ValueError as error:  # JSONDecodeError, int too long for int()
        if isinstance(error, InputProblem):
            raise
        raise InputProblem("body", "invalid_json")
    if not isinstance(data, dict):
        raise InputProblem("body", "not_object")
    check_json_value(data)
    return data


def _check_depth_of_text(text):
    """Refuse deep nesting before the parser recurses (cheap scan; brackets inside strings may over-count,
    which only refuses bodies that are absurd anyway)."""
    if text.count("[") + text.count("{") <= MAX_PARSE_DEPTH:
        return
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_PARSE_DEPTH:
                raise InputProblem("body", "too_deep")
        elif char in "]}":
            depth -= 1


def check_json_value(data, field="body"):
    """Walk a decoded JSON value (iteratively): InputProblem naming the top-level key under which a value is
    nested too deeply, a float is not finite or a string/key is not valid Unicode."""
    stack = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = key if isinstance(key, str) and key and is_valid_text(key) else field
            check_text(key, name)
            stack.append((value, name, 1))
    else:
        stack.append((data, field, 0))
    while stack:
        value, name, depth = stack.pop()
        if isinstance(value, str):
            check_text(value, name)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise InputProblem(name, "not_finite")
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise InputProblem(name, "too_deep")
            if isinstance(value, dict):
                for key, item in value.items():
                    check_text(key, name)
                    stack.append((item, name, depth + 1))
            else:
                stack.extend((item, name, depth + 1) for item in value)
    return data


def parse_id(value, maximum=MAX_ID):
    """A positive database id from JSON or a query string, or None.

    Accepted: a JSON integer (not ``true``/``false``: bools are ints in Python) and a string of ASCII digits
    (not ``²`` or ``١``, which ``str.isdigit`` accepts), from 1 to ``maximum``. Floats, infinities, signs,
    blanks and anything else are None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= maximum else None


def parse_small_int(value, minimum, maximum):
    """An integer in [minimum, maximum] from JSON (int, not bool) or ASCII digits with an optional minus; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,19}", value):
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def text_of(value, max_length=None):
    """Free text from JSON: ``None`` (missing or null) is ``""`` (never the text "None"); strings and numbers as
    typed; lists, objects and bools are not text (None). Longer than ``max_length`` is None too."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = value if isinstance(value, str) else str(value)
    if max_length is not None and len(text) > max_length:
        return None
    return text


def is_true(value) -> bool:
    """Only JSON ``true`` counts as yes (``"false"``, ``1`` and ``"yes"`` do not)."""
    return value is True
