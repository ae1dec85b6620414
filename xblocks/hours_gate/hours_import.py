"""Parse and validate a staff upload of hours earned elsewhere (CSV or XLSX). Pure: no XBlock/Django.

Columns (header row first; Chinese or English names, any order, extra columns ignored):
用户名 / username and/or 邮箱 / email (at least one), 学时 / hours, 原因 / reason.
The file is read by :mod:`carbon_common.tabular` (encodings, delimiters, the first sheet, limits).

Every row is validated and kept with its spreadsheet row number (the header is row 1) and its
errors, so the shell can report rows applied and rows refused. A row's ``fingerprint`` (sha256 of
the normalised identifier, hours and reason) lets the shell skip rows it applied before, so
sending the same file twice applies nothing twice; identical rows within one file are refused as
duplicates. Resolving identifiers to users is the shell's job.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from carbon_common import tabular

DEFAULT_MAX_HOURS = Decimal("200")
MAX_ROWS = tabular.MAX_ROWS
MAX_REASON_LENGTH = 500

USERNAME, EMAIL = "username", "email"

# Error codes (the shell translates them). Row errors name their field.
IDENTIFIER_MISSING = "identifier_missing"
EMAIL_INVALID = "email_invalid"
HOURS_MISSING = "hours_missing"
HOURS_NOT_NUMBER = "hours_not_number"
HOURS_NOT_POSITIVE = "hours_not_positive"
HOURS_TOO_LARGE = "hours_too_large"
HOURS_TOO_PRECISE = "hours_too_precise"
REASON_MISSING = "reason_missing"
REASON_TOO_LONG = "reason_too_long"
DUPLICATE_ROW = "duplicate_row"
# File-level error codes: the table reader's, and a missing column.
FILE_UNREADABLE = tabular.UNREADABLE
FILE_UNDECODABLE = tabular.UNDECODABLE
FILE_UNSUPPORTED = tabular.UNSUPPORTED
FILE_EMPTY = tabular.EMPTY
TOO_MANY_ROWS = tabular.TOO_MANY_ROWS
COLUMN_MISSING = "column_missing"

_HEADER_ALIASES = {
    USERNAME: {"用户名", "用户", "账号", "帐号", "登录名", "username", "user", "user name", "login"},
    EMAIL: {"邮箱", "电子邮箱", "邮件", "电子邮件", "email", "e-mail", "mail", "email address"},
    "identifier": {"用户名/邮箱", "用户名或邮箱", "username/email", "username or email", "identifier"},
    "hours": {"学时", "学时数", "课时", "hours", "hour", "credit hours"},
    "reason": {"原因", "理由", "说明", "备注", "reason", "note", "comment"},
}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ImportProblem:
    """A problem with a row (``field`` names the column) or with the whole file (``field`` is None)."""

    code: str
    field: str | None = None
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ImportRow:
    """One data row: what was read, normalised, and what is wrong with it."""

    row_number: int
    identifier: str
    identifier_kind: str  # USERNAME or EMAIL
    hours: Decimal | None
    reason: str
    fingerprint: str
    errors: tuple[ImportProblem, ...] = ()

    @property
    def valid(self) -> bool:
        """True when the row may be applied (subject to the shell finding the user)."""
        return not self.errors


@dataclass(frozen=True)
class ImportPlan:
    """The parsed upload: rows in file order, and errors that stop the whole file."""

    rows: tuple[ImportRow, ...]
    file_errors: tuple[ImportProblem, ...] = ()

    @property
    def valid_rows(self) -> tuple[ImportRow, ...]:
        """Rows that passed validation."""
        return tuple(row for row in self.rows if row.valid)

    @property
    def refused_rows(self) -> tuple[ImportRow, ...]:
        """Rows that failed validation."""
        return tuple(row for row in self.rows if not row.valid)


def parse_hours_file(filename: str, data: bytes, max_hours: Decimal = DEFAULT_MAX_HOURS) -> ImportPlan:
    """Read an uploaded CSV or XLSX of hours (with :mod:`carbon_common.tabular`) and validate every row."""
    try:
        table = tabular.read_table(data, filename=filename, max_rows=MAX_ROWS)
    except tabular.TableError as error:
        return ImportPlan(rows=(), file_errors=(ImportProblem(error.code, params=error.params),))
    return _plan_from_table(table, max_hours)


def fingerprint(identifier: str, hours: Decimal | None, reason: str) -> str:
    """sha256 of the normalised identifier, hours (to 0.01) and reason: the same row, the same print."""
    hours_text = "" if hours is None else f"{hours.normalize():f}"
    text = "\x1f".join((_normalise(identifier).casefold(), hours_text, _normalise(reason)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), whitespace collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _cell_text(value: object) -> str:
    return _normalise(tabular.cell_text(value))


def _column_roles(header: list[object]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _cell_text(cell).casefold()
        for role, aliases in _HEADER_ALIASES.items():
            if name in aliases and role not in roles:
                roles[role] = index
    return roles


def _plan_from_table(table: list[tuple[int, list]], max_hours: Decimal) -> ImportPlan:
    (_, header), body = table[0], table[1:]
    roles = _column_roles(header)
    missing = [role for role in ("hours", "reason") if role not in roles]
    if not {USERNAME, EMAIL, "identifier"} & roles.keys():
        missing.insert(0, "identifier")
    if missing:
        return ImportPlan(rows=(), file_errors=tuple(
            ImportProblem(COLUMN_MISSING, params={"column": role}) for role in missing))
    return ImportPlan(rows=tuple(_validate_rows(body, roles, max_hours)))


def _validate_rows(body, roles: dict[str, int], max_hours: Decimal) -> Iterator[ImportRow]:
    first_seen: dict[str, int] = {}
    for number, cells in body:
        cell = _cell_reader(cells, roles)
        identifier, kind, errors = _identifier(cell)
        hours, hours_errors = _hours(cell("hours"), max_hours)
        errors += hours_errors
        reason = _cell_text(cell("reason"))
        if not reason:
            errors.append(ImportProblem(REASON_MISSING, "reason"))
        elif len(reason) > MAX_REASON_LENGTH:
            errors.append(ImportProblem(REASON_TOO_LONG, "reason", {"max": MAX_REASON_LENGTH}))
        print_ = fingerprint(identifier, hours, reason)
        if not errors:
            if print_ in first_seen:
                errors.append(ImportProblem(DUPLICATE_ROW, None, {"first_row": first_seen[print_]}))
            else:
                first_seen[print_] = number
        yield ImportRow(number, identifier, kind, hours, reason, print_, tuple(errors))


def _cell_reader(cells: list[object], roles: dict[str, int]):
    def cell(role: str) -> object:
        index = roles.get(role)
        return cells[index] if index is not None and index < len(cells) else None
    return cell


def _identifier(cell) -> tuple[str, str, list[ImportProblem]]:
    username = _cell_text(cell(USERNAME))
    email = _cell_text(cell(EMAIL))
    combined = _cell_text(cell("identifier"))
    if email and not username:
        errors = [] if _EMAIL_RE.match(email) else [ImportProblem(EMAIL_INVALID, EMAIL)]
        return email, EMAIL, errors
    value = username or combined
    if not value:
        return "", USERNAME, [ImportProblem(IDENTIFIER_MISSING, "identifier")]
    if "@" not in value:
        return value, USERNAME, []
    # Usernames never contain "@": an email typed in the username column is read as an email.
    return value, EMAIL, [] if _EMAIL_RE.match(value) else [ImportProblem(EMAIL_INVALID, EMAIL)]


def _hours(value: object, max_hours: Decimal) -> tuple[Decimal | None, list[ImportProblem]]:
    if isinstance(value, bool):
        return None, [ImportProblem(HOURS_NOT_NUMBER, "hours")]
    text = repr(value) if isinstance(value, float) else _cell_text(value)
    if not text:
        return None, [ImportProblem(HOURS_MISSING, "hours")]
    try:
        hours = Decimal(text)
    except InvalidOperation:
        return None, [ImportProblem(HOURS_NOT_NUMBER, "hours", {"value": text})]
    if not hours.is_finite():
        return None, [ImportProblem(HOURS_NOT_NUMBER, "hours", {"value": text})]
    if hours <= 0:
        return hours, [ImportProblem(HOURS_NOT_POSITIVE, "hours")]
    if hours > max_hours:
        return hours, [ImportProblem(HOURS_TOO_LARGE, "hours", {"max": max_hours})]
    if hours != hours.quantize(Decimal("0.01")):
        return hours, [ImportProblem(HOURS_TOO_PRECISE, "hours")]
    return hours, []
