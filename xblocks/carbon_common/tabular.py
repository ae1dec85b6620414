"""The one reader of uploaded tables and text files (CSV, XLSX, GIFT/Aiken text). Pure: no XBlock/Django.

Text is UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), or GB18030 (what
Excel saves on Chinese Windows); line ends become ``\\n``. A file with NUL bytes outside UTF-16 is
binary, not text. CSV is comma-, semicolon- or tab-separated (the most frequent of the three in the
first non-empty line); a leading ``'`` that :mod:`carbon_common.exports` put before ``= + - @`` is
removed again. XLSX is read from its first sheet; legacy ``.xls`` is refused with its own code.

Problems are raised as :class:`TableError` with a stable ``code`` and ``params``; each block turns
the code into a message in the user's language. Limits are the same for every import.
"""

from __future__ import annotations

import codecs
import csv
import io
from contextlib import closing
from datetime import date, datetime, time
from decimal import Decimal

MAX_ROWS = 10_000  # data rows (non-empty rows after the header)

# Problem codes (the blocks translate them).
UNREADABLE = "file_unreadable"  # damaged XLSX, a CSV the csv module refuses, binary content
UNDECODABLE = "file_undecodable"  # text in none of the supported encodings
UNSUPPORTED = "file_unsupported"  # legacy binary Excel (.xls)
EMPTY = "file_empty"
TOO_MANY_ROWS = "too_many_rows"  # params: max
CODES = (UNREADABLE, UNDECODABLE, UNSUPPORTED, EMPTY, TOO_MANY_ROWS)

CSV, XLSX = "csv", "xlsx"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_DELIMITERS = ",;\t"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """A file-level problem: ``code`` (one of :data:`CODES`) and ``params`` for its message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def decode_text(data: bytes) -> str:
    """The text of ``data`` with ``\\n`` line ends; TableError (UNDECODABLE or UNREADABLE) when it is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        raise TableError(UNREADABLE)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise TableError(UNREADABLE)
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise TableError(UNDECODABLE)


def table_kind(data: bytes, filename: str = "", fmt: str = "") -> str:
    """CSV or XLSX, from the content first, then the format asked for, then the file name."""
    name, fmt = (filename or "").lower(), (fmt or "").strip().lower()
    if data.startswith(_OLE_MAGIC) or fmt == "xls" or name.endswith(".xls"):
        raise TableError(UNSUPPORTED)
    if data.startswith(_ZIP_MAGIC) or fmt == XLSX or name.endswith((".xlsx", ".xlsm")):
        return XLSX
    return CSV


def read_table(data: bytes, filename: str = "", fmt: str = "", max_rows: int | None = None) -> list[tuple[int, list]]:
    """The non-empty rows as ``(row number, cell values)``, the header first; row numbers are the sheet's.

    CSV cells are text; XLSX cells keep their types (use :func:`cell_text`). More than ``max_rows``
    (default :data:`MAX_ROWS`) rows after the header is TOO_MANY_ROWS, no row at all EMPTY.
    """
    max_rows = MAX_ROWS if max_rows is None else max_rows
    reader = _xlsx_rows if table_kind(data, filename, fmt) == XLSX else _csv_rows
    rows = []
    with closing(reader(data)) as numbered:
        for number, row in numbered:
            if any(cell_text(value) for value in row):
                rows.append((number, list(row)))
                if len(rows) > max_rows + 1:
                    raise TableError(TOO_MANY_ROWS, max=max_rows)
    if not rows:
        raise TableError(EMPTY)
    return rows


def cell_text(value: object) -> str:
    """One cell as trimmed text: whole numbers without ``.0``, decimals as written, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def sniff_delimiter(text: str) -> str:
    """The most frequent of comma, semicolon and tab in the first non-empty line (comma on a tie)."""
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    return max(_DELIMITERS, key=first_line.count)


def _csv_rows(data: bytes):
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [_unguard(cell) for cell in row]
    except csv.Error:  # e.g. a field over csv.field_size_limit() (128 KB)
        raise TableError(UNREADABLE) from None


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML, key and value errors for damaged or foreign files
        raise TableError(UNREADABLE) from None
    try:
        if not workbook.worksheets:
            return
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    except Exception:
        raise TableError(UNREADABLE) from None
    finally:
        workbook.close()
