"""Question bank import and export: GIFT, Aiken and the Chinese-header CSV/XLSX template.

``import_questions(data, fmt)`` reads bytes into an :class:`ImportPreview` and applies nothing;
``export_questions(entries, fmt)`` writes bank entries back and lists what it had to leave out.
"""

from __future__ import annotations

from carbon_common import tabular

from ..paper import Paper, Pool
from ..problems import Problem, problem
from .aiken import parse_aiken, write_aiken
from .gift import parse_gift, write_gift
from .preview import BankEntry, ImportItem, ImportPreview, check_against_pool
from .table import parse_table, table_problem, write_csv, write_xlsx

FORMATS = ("gift", "aiken", "csv", "xlsx")
FILE_EXTENSIONS = {"gift": "txt", "aiken": "txt", "csv": "csv", "xlsx": "xlsx"}

__all__ = [
    "FORMATS", "BankEntry", "ImportItem", "ImportPreview", "check_against_pool", "entries_of_paper",
    "entries_of_pool", "export_questions", "import_questions",
]


def import_questions(data: bytes, fmt: str) -> ImportPreview:
    """Read an uploaded file in ``fmt`` (gift, aiken, csv or xlsx)."""
    fmt = (fmt or "").strip().lower()
    if fmt in ("csv", "xlsx"):
        return parse_table(data, fmt)
    if fmt not in ("gift", "aiken"):
        return ImportPreview(format=fmt, errors=[problem("import-unknown-format", format=fmt)])
    try:
        text = tabular.decode_text(data)
    except tabular.TableError as error:
        return ImportPreview(format=fmt, errors=[table_problem(error, fmt)])
    return parse_gift(text) if fmt == "gift" else parse_aiken(text)


def export_questions(entries: list[BankEntry], fmt: str) -> tuple[bytes, list[Problem]]:
    """``(file bytes, problems)``: GIFT and Aiken as UTF-8 text, CSV with a BOM, or XLSX."""
    fmt = (fmt or "").strip().lower()
    if fmt == "csv":
        return write_csv(entries)
    if fmt == "xlsx":
        return write_xlsx(entries)
    if fmt == "gift":
        text, problems = write_gift(entries)
    elif fmt == "aiken":
        text, problems = write_aiken(entries)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return text.encode("utf-8"), problems


def entries_of_pool(pool: Pool) -> list[BankEntry]:
    """The pool's questions as bank entries (with the pool's type and points)."""
    return [BankEntry(pool.type, question, pool.points) for question in pool.questions]


def entries_of_paper(paper: Paper) -> list[BankEntry]:
    """Every question of the paper as a bank entry."""
    return [entry for _, pool in paper.pools() for entry in entries_of_pool(pool)]
