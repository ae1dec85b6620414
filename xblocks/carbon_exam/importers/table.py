"""The spreadsheet template with Chinese headers, as CSV or XLSX.

Columns (any order; 编号, 选项C-F, 分值, 解析, 来源 and 关键词 are optional)::

    编号 | 题型 | 题干 | 选项A ... 选项F | 答案 | 分值 | 解析 | 来源 | 关键词

题型 is 单选题, 多选题 or 简答题 (also 单选/单项选择题, 多选/多项选择题, 简答, or single/multiple/short).
答案 holds option letters for choice questions (``B``, ``ABD``, ``A,B,D``) and the reference answer
for short answers; 关键词 holds a short answer's rubric (see :mod:`.rubric_spec`). Without 编号 a
question's id comes from its text. The header is the first non-empty row; row numbers are the
spreadsheet's. CSV is read as UTF-8 (BOM or not) or GB18030, comma-, semicolon- or tab-separated;
a leading ``'`` that an export put before ``= + - @`` (so that Excel shows text, not a formula) is
removed again. Exports go through :mod:`carbon_common.exports`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from carbon_common.exports import csv_chunks, xlsx_bytes

from ..paper import Option, Question
from ..problems import Problem, problem
from .preview import MAX_ITEMS, BankEntry, ImportItem, ImportPreview, check_item, question_id_for
from .rubric_spec import format_rubric_spec, parse_rubric_spec
from .text import decode_text

LETTERS = "ABCDEF"
OPTION_COLUMNS = tuple(f"选项{letter}" for letter in LETTERS)
HEADERS = ("编号", "题型", "题干", *OPTION_COLUMNS, "答案", "分值", "解析", "来源", "关键词")
REQUIRED = ("题型", "题干", "答案")
TYPE_LABELS = {"single": "单选题", "multiple": "多选题", "short": "简答题"}

_ALIASES = {"id": "编号", "类型": "题型", "题目": "题干", "正确答案": "答案", "分数": "分值", "答案解析": "解析",
            "出处": "来源"}
_TYPES = {
    **{name: "single" for name in ("单选", "单选题", "单项选择", "单项选择题", "single")},
    **{name: "multiple" for name in ("多选", "多选题", "多项选择", "多项选择题", "multiple")},
    **{name: "short" for name in ("简答", "简答题", "short")},
}
_POINTS = re.compile(r"^\d+(\.\d+)?$")
_ANSWER_SEPARATORS = re.compile(r"[\s,;、，；]+")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_RAW_ROWS = MAX_ITEMS * 5


# Reading -------------------------------------------------------------------------------------------

def parse_csv(data: bytes) -> ImportPreview:
    """Read the template from CSV bytes."""
    text = decode_text(data)
    if text is None:
        return ImportPreview(format="csv", errors=[problem("import-undecodable")])
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as error:
        return ImportPreview(format="csv", errors=[problem("import-unreadable", format="CSV", detail=str(error))])
    return parse_rows(rows, "csv")


def parse_xlsx(data: bytes) -> ImportPreview:
    """Read the template from the first sheet of XLSX bytes."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML, key and value errors for bad files
        return ImportPreview(format="xlsx", errors=[problem("import-unreadable", format="XLSX", detail=str(error))])
    try:
        rows = []
        for rows_read, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True)):
            if rows_read >= _MAX_RAW_ROWS:
                break
            rows.append(row)
    finally:
        workbook.close()
    return parse_rows(rows, "xlsx")


def parse_rows(rows: list, fmt: str) -> ImportPreview:
    """Read the template from rows of cell values (the first non-empty row is the header)."""
    preview = ImportPreview(format=fmt)
    texts = [(number, [_cell_text(value, unguard=fmt == "csv") for value in row]) for number, row in enumerate(rows, 1)]
    texts = [(number, row) for number, row in texts if any(row)]
    if not texts:
        preview.errors.append(problem("import-empty"))
        return preview
    header_line, header = texts[0]
    columns = _columns(header, header_line, preview)
    if preview.errors:
        return preview
    for number, row in texts[1:]:
        if len(preview.items) == MAX_ITEMS:
            preview.errors.append(problem("import-too-many", limit=MAX_ITEMS))
            break
        cells = {name: row[index] if index < len(row) else "" for name, index in columns.items()}
        preview.items.append(_read_row(number, cells))
    if not preview.items:
        preview.errors.append(problem("import-empty"))
    return preview


def _delimiter(text: str) -> str:
    first_line = text.lstrip("\n").split("\n", 1)[0]
    return max(",;\t", key=first_line.count)


def _cell_text(value, unguard: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    if unguard and text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        text = text[1:]
    return text.strip()


def _header_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _columns(header: list[str], line: int, preview: ImportPreview) -> dict[str, int]:
    known = {_header_key(name): name for name in HEADERS}
    known.update({_header_key(alias): name for alias, name in _ALIASES.items()})
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        name = known.get(_header_key(text))
        if name is None:
            preview.errors.append(problem("table-unknown-column", {"line": line}, column=text))
        elif name in columns:
            preview.errors.append(problem("table-duplicate-column", {"line": line}, column=text))
        else:
            columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            preview.errors.append(problem("table-missing-column", {"line": line}, column=name))
    return columns


def _read_row(number: int, cells: dict[str, str]) -> ImportItem:
    item = ImportItem(line=number, question=None)
    item.type = _TYPES.get(_header_key(cells["题型"]))
    if item.type is None:
        item.error("table-unknown-type", value=cells["题型"])
        return item
    item.points = _points(cells.get("分值", ""), item)
    stem = cells["题干"]
    question = Question(id=cells.get("编号") or question_id_for(stem), stem=stem, explanation=cells.get("解析", ""),
                        source=cells.get("来源", ""), line=number)
    question.options = _options(cells, item)
    try:
        question.rubric = parse_rubric_spec(cells.get("关键词", ""))
    except ValueError:
        item.error("table-bad-keywords", value=cells["关键词"])
    if item.type == "short":
        question.reference = cells["答案"]
        if question.options:
            item.error("table-options-for-short")
    else:
        _mark_answer(cells["答案"], question, item)
    item.question = question
    check_item(item)
    return item


def _points(text: str, item: ImportItem) -> Decimal | None:
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    if not _POINTS.match(text) or Decimal(text) <= 0:
        item.error("table-bad-points", value=text)
        return None
    return Decimal(text)


def _options(cells: dict[str, str], item: ImportItem) -> list[Option]:
    filled = [(letter, cells.get(column, "")) for letter, column in zip(LETTERS, OPTION_COLUMNS, strict=True)]
    last = max((index for index, (_, text) in enumerate(filled) if text), default=0)
    for letter, text in filled[:last]:
        if not text:
            item.error("table-option-gap", letter=letter)
    return [Option(id=letter, text=text) for letter, text in filled if text]


def _mark_answer(answer: str, question: Question, item: ImportItem) -> None:
    letters = _ANSWER_SEPARATORS.sub("", unicodedata.normalize("NFKC", answer)).upper()
    if not letters:
        item.error("table-missing-answer")
        return
    if any(letter not in LETTERS for letter in letters):
        item.error("table-bad-answer", value=answer)
        return
    for letter in dict.fromkeys(letters):
        option = question.option(letter)
        if option is None:
            item.error("table-answer-no-option", letter=letter)
        else:
            option.correct = True


# Writing -------------------------------------------------------------------------------------------

def write_csv(entries: list[BankEntry]) -> tuple[bytes, list[Problem]]:
    """The template as CSV bytes (UTF-8 with BOM) and the problems of entries it could not write."""
    rows, problems = table_rows(entries)
    return b"".join(csv_chunks(HEADERS, rows)), problems


def write_xlsx(entries: list[BankEntry]) -> tuple[bytes, list[Problem]]:
    """The template as XLSX bytes and the problems of entries it could not write."""
    rows, problems = table_rows(entries)
    return xlsx_bytes(HEADERS, rows, sheet_title="题库"), problems


def table_rows(entries: list[BankEntry]) -> tuple[list[list], list[Problem]]:
    """One row per entry, in :data:`HEADERS` order."""
    rows, problems = [], []
    for entry in entries:
        question = entry.question
        where = {"question": question.id}
        if entry.type not in TYPE_LABELS:
            problems.append(problem("export-unsupported-type", where, format="CSV/XLSX", kind=entry.type))
        elif len(question.options) > len(LETTERS):
            problems.append(problem("export-too-many-options", where, limit=len(LETTERS), count=len(question.options)))
        else:
            rows.append(_row(entry))
    return rows, problems


def _row(entry: BankEntry) -> list:
    question = entry.question
    options = [option.text for option in question.options] + [""] * (len(LETTERS) - len(question.options))
    if entry.type == "short":
        answer = question.reference
    else:
        answer = "".join(letter for letter, option in zip(LETTERS, question.options, strict=False) if option.correct)
    return [question.id, TYPE_LABELS[entry.type], question.stem, *options, answer, entry.points,
            question.explanation, question.source, format_rubric_spec(question.rubric)]
