"""The one export writer of the suite: CSV (UTF-8 with BOM, for Excel) and XLSX downloads.

No Django or XBlock imports; handlers return :func:`export_response` (tables) or :func:`download_response`
(any other file) directly: one header convention for every download (:func:`download_headers`). Datetimes are
written as given (aware ones in their own time zone, without the offset): convert them to the
course's local time before exporting.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import quote

from webob import Response

CSV_CONTENT_TYPE = "text/csv"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE, "txt": "text/plain", "zip": "application/zip",
                 "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}

_BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ROWS_PER_CHUNK = 200
_WIDTH_SAMPLE_ROWS = 100
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def csv_cell(value: object) -> str:
    """Text of one CSV cell; text that a spreadsheet would run as a formula gets a ' prefix."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return _plain_number(value) if value.is_finite() else ""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_chunks(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 bytes: BOM and header first, then rows in chunks, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def drain() -> bytes:
        data = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return data

    buffer.write(_BOM)
    writer.writerow([csv_cell(value) for value in headers])
    yield drain()
    pending = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        pending += 1
        if pending == _ROWS_PER_CHUNK:
            yield drain()
            pending = 0
    if pending:
        yield drain()


def xlsx_bytes(headers: Sequence[object], rows: Iterable[Sequence[object]], sheet_title: str = "export") -> bytes:
    """Build an XLSX workbook (write-only): bold frozen header, sized columns, typed cells."""
    output = io.BytesIO()
    _write_xlsx(output, headers, rows, sheet_title)
    return output.getvalue()


def xlsx_chunks(headers: Sequence[object], rows: Iterable[Sequence[object]], sheet_title: str = "export",
                chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The same workbook, written to a temporary file (openpyxl's write-only mode keeps rows on disk, not in
    memory) and yielded in chunks: memory stays flat in the number of rows."""
    import tempfile

    with tempfile.TemporaryFile() as output:
        _write_xlsx(output, headers, rows, sheet_title)
        output.seek(0)
        while chunk := output.read(chunk_size):
            yield chunk


def _write_xlsx(output, headers: Sequence[object], rows: Iterable[Sequence[object]], sheet_title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    sample = [list(row) for _, row in zip(range(_WIDTH_SAMPLE_ROWS), rows, strict=False)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_column_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    def cells(values: Sequence[object], bold: bool = False) -> list:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text starting with "=" stays text, never a formula
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            if bold:
                cell.font = Font(bold=True)
            out.append(cell)
        return out

    sheet.append(cells(headers, bold=True))
    for row in sample:
        sheet.append(cells(row))
    for row in rows:
        sheet.append(cells(row))
    workbook.save(output)


def export_response(
    fmt: str,
    filename_stem: str,
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    sheet_title: str | None = None,
) -> Response:
    """A download response: ``fmt`` is "csv" or "xlsx" (both streamed: ``rows`` may be a generator, read once,
    row by row); anything else is a ValueError. The LMS buffers a handler's response before sending it
    (its handler view returns the whole body), so streaming keeps this process's memory flat while rows are
    written, not the response's size in the LMS."""
    fmt = (fmt or "").strip().lower()
    if fmt == "csv":
        chunks = csv_chunks(headers, rows)
    elif fmt == "xlsx":
        chunks = xlsx_chunks(headers, rows, sheet_title or filename_stem)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return download_response(f"{filename_stem}.{fmt}", app_iter=chunks)


def download_response(filename: str, body: bytes | None = None, app_iter=None, content_type: str | None = None,
                      inline: bool = False) -> Response:
    """Every download of the suite: the file's type (from its extension unless given), :func:`download_headers`."""
    content_type = content_type or content_type_of(filename)
    charset = "utf-8" if content_type.startswith("text/") else None
    response = Response(body=body, content_type=content_type, charset=charset) if app_iter is None else \
        Response(app_iter=app_iter, content_type=content_type, charset=charset)
    response.headers.update(download_headers(filename, inline))
    return response


def download_headers(filename: str, inline: bool = False) -> dict[str, str]:
    """The one header convention of downloads: RFC 5987 name, never sniffed, never cached."""
    disposition = content_disposition(filename)
    return {"Content-Disposition": disposition.replace("attachment", "inline", 1) if inline else disposition,
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def content_type_of(filename: str) -> str:
    """The content type of a download by its extension (plain text for GIFT/Aiken ``.txt``)."""
    extension = filename.rpartition(".")[2].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the full name in RFC 5987 ``filename*``."""
    filename = filename.replace("\r", " ").replace("\n", " ")
    return f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def ascii_filename(filename: str) -> str:
    """An ASCII-only, header-safe version of ``filename`` (accents dropped, other characters as _)."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "export"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)
    return f"{stem}.{extension}" if extension else stem


def _plain_number(value: Decimal) -> str:
    return f"{abs(value) if value.is_zero() else value:f}"


def _xlsx_value(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    if isinstance(value, (bool, int, float, Decimal)) or value is None:
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: keep the wall-clock time
    if isinstance(value, (date, time)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _column_widths(headers: Sequence[object], sample: list[list[object]]) -> list[int]:
    widths = []
    for index, header in enumerate(headers):
        texts = [csv_cell(header)] + [csv_cell(row[index]) for row in sample if index < len(row)]
        longest = max(_display_width(line) for text in texts for line in (text.splitlines() or [""]))
        widths.append(min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH))
    return widths


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_BAD.sub("_", title).strip("'")[:31] or "export"
