"""The spreadsheet template with Chinese headers, as CSV or XLSX.

Columns (any order; 编号, 选项C-F, 分值, 解析, 来源 and 关键词 are optional)::

    编号 | 题型 | 题干 | 选项A ... 选项F | 答案 | 分值 | 解析 | 来源 | 关键词

题型 is 单选题, 多选题 or 简答题 (also 单选/单项选择题, 多选/多项选择题, 简答, or single/multiple/short).
答案 holds option letters for choice questions (``B``, ``ABD``, ``A,B,D``) and the reference answer
for short answers; 关键词 holds a short answer's rubric (see :mod:`.rubric_spec`). Without 编号 a
question's id comes from its text. The header is the first non-empty row; row numbers are the
spreadsheet's. Files are read by :mod:`carbon_common.tabular` (encodings, delimiters, the first
sheet, limits); exports go through :mod:`carbon_common.exports`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from carbon_common import tabular
from carbon_common.exports import csv_chunks, xlsx_bytes

from ..paper import Option, Question
from ..problems import Problem, problem
from .preview import MAX_ITEMS, BankEntry, ImportItem, ImportPreview, check_item, question_id_for
from .rubric_spec import format_rubric_spec, parse_rubric_spec

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
TABLE_ERROR_CODES = {
    tabular.UNREADABLE: "import-unreadable", tabular.UNDECODABLE: "import-undecodable",
    tabular.UNSUPPORTED: "import-legacy-xls", tabular.EMPTY: "import-empty", tabular.TOO_MANY_ROWS: "import-too-many-rows",
}


# Reading -------------------------------------------------------------------------------------------

def parse_csv(data: bytes) -> ImportPreview:
    """Read the template from CSV bytes."""
    return parse_table(data, "csv")


def parse_xlsx(data: bytes) -> ImportPreview:
    """Read the template from the first sheet of XLSX bytes."""
    return parse_table(data, "xlsx")


def parse_table(data: bytes, fmt: str) -> ImportPreview:
    """Read the template with the suite's one table reader (:mod:`carbon_common.tabular`)."""
    try:
        rows = tabular.read_table(data, fmt=fmt)
    except tabular.TableError as error:
        return ImportPreview(format=fmt, errors=[table_problem(error, fmt)])
    return parse_rows(rows, fmt)


def table_problem(error: tabular.TableError, fmt: str) -> Problem:
    """The import problem for a file the reader refused."""
    return problem(TABLE_ERROR_CODES[error.code], format=fmt.upper(), **error.params)


def parse_rows(rows: list, fmt: str) -> ImportPreview:
    """Read the template from ``(row number, cell values)`` pairs (the first one is the header)."""
    preview = ImportPreview(format=fmt)
    texts = [(number, [tabular.cell_text(value) for value in row]) for number, row in rows]
    texts = [(number, row) for number, row in texts if any(row)]
    if not texts:
        return preview.refuse_if_empty()
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
    return preview.refuse_if_empty()


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
