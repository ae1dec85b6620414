"""The shared export writer: CSV with BOM, XLSX, and the download response."""

import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest

from carbon_common import exports
from carbon_common.exports import ascii_filename, csv_chunks, export_response, xlsx_bytes

HEADERS = ["用户名", "学时", "已解锁", "解锁时间", "备注"]
ROWS = [
    ["alice", Decimal("40.50"), True, datetime(2026, 3, 1, 9, 30, 5), "线下培训"],
    ["bob", 12, False, None, "=HYPERLINK(\"http://x\")"],
    ["carol", 0.1, None, date(2026, 3, 2), "-1"],
    ["+dave", Decimal("1E+1"), None, None, "@SUM(A1)"],
    ["\tetc", 1e-7, None, None, "\rline"],
]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_bom_and_uses_crlf():
    data = b"".join(csv_chunks(HEADERS, ROWS))
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(ROWS) + 1
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_csv_values_and_chinese_headers():
    table = read_csv(b"".join(csv_chunks(HEADERS, ROWS)))
    assert table[0] == HEADERS
    assert table[1] == ["alice", "40.50", "TRUE", "2026-03-01 09:30:05", "线下培训"]
    assert table[2][:4] == ["bob", "12", "FALSE", ""]
    assert table[3][:4] == ["carol", "0.1", "", "2026-03-02"]
    assert table[4][1] == "10"  # no exponent notation
    assert table[5][1] == "0.0000001"


def test_csv_neutralises_formula_cells_but_not_numbers():
    table = read_csv(b"".join(csv_chunks(HEADERS, ROWS)))
    assert table[2][4] == "'=HYPERLINK(\"http://x\")"
    assert table[3][4] == "'-1"  # text, even if it looks like a number
    assert table[4][0] == "'+dave" and table[4][4] == "'@SUM(A1)"
    assert table[5][0] == "'\tetc" and table[5][4] == "'\rline"
    rows = read_csv(b"".join(csv_chunks(["n"], [[-3], [Decimal("-1.5")], [-0.25]])))
    assert rows[1:] == [["-3"], ["-1.5"], ["-0.25"]]


def test_csv_streams_in_chunks_and_is_lazy(monkeypatch):
    monkeypatch.setattr(exports, "_ROWS_PER_CHUNK", 10)
    consumed = []

    def rows():
        for index in range(25):
            consumed.append(index)
            yield [index]

    chunks = csv_chunks(["n"], rows())
    next(chunks)
    assert consumed == []  # header sent before any row is read
    rest = list(chunks)
    assert len(rest) == 3
    assert read_csv(b"".join([b"\xef\xbb\xbf"] + rest)) == [[str(i)] for i in range(25)]


def test_csv_with_no_rows_has_only_the_header():
    assert read_csv(b"".join(csv_chunks(HEADERS, []))) == [HEADERS]


def test_xlsx_keeps_types_bold_frozen_header_and_widths():
    aware = datetime(2026, 3, 1, 17, 0, tzinfo=timezone(timedelta(hours=8)))
    rows = ROWS + [["zoe", 1, None, aware, "多行\n备注"]]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(HEADERS, rows, "学时 [2026]")))
    sheet = workbook.active
    assert sheet.title == "学时 _2026_"
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    alice = [cell.value for cell in sheet[2]]
    assert alice[:2] == ["alice", 40.5] and alice[2] is True
    assert alice[3] == datetime(2026, 3, 1, 9, 30, 5)
    assert sheet["D2"].is_date and sheet["D4"].is_date
    assert sheet["B3"].data_type == "n" and sheet["B3"].value == 12
    assert sheet["E3"].data_type == "s" and sheet["E3"].value == "=HYPERLINK(\"http://x\")"
    assert sheet["D7"].value == datetime(2026, 3, 1, 17, 0)  # wall-clock time kept
    assert sheet.column_dimensions["A"].width >= 8
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["A"].width


def test_xlsx_sizes_columns_by_display_width_and_caps_them():
    data = xlsx_bytes(["名", "x"], [["碳排放核查专业技能", "y" * 500]], "s")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.column_dimensions["A"].width == 2 * 9 + 2
    assert sheet.column_dimensions["B"].width == 60


def test_xlsx_drops_characters_excel_cannot_store():
    data = xlsx_bytes(["a"], [["bad\x01char"]], "s")
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value == "badchar"


def test_csv_response_headers_and_body():
    response = export_response("csv", "学时_第一期", HEADERS, iter(ROWS))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="' in disposition
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".csv")
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert encoded.isascii() and unquote(encoded) == "学时_第一期.csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert read_csv(response.body)[0] == HEADERS


def test_xlsx_response():
    response = export_response("XLSX", "hours report", HEADERS, ROWS)
    assert response.content_type == exports.XLSX_CONTENT_TYPE
    assert 'filename="hours_report.xlsx"' in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    assert sheet.max_row == len(ROWS) + 1


@pytest.mark.parametrize("fmt", ["pdf", "", None, "csv;"])
def test_unknown_format_is_a_value_error(fmt):
    with pytest.raises(ValueError):
        export_response(fmt, "x", HEADERS, ROWS)


@pytest.mark.parametrize("name, expected", [
    ("学时.csv", "export.csv"),
    ("Café report 2026.xlsx", "Cafe_report_2026.xlsx"),
    ('a"b\\c;d.csv', "a_b_c_d.csv"),
    ("碳排放_hours.csv", "hours.csv"),
])
def test_ascii_fallback_filename(name, expected):
    assert ascii_filename(name) == expected


def test_header_injection_in_filename_is_neutralised():
    response = export_response("csv", "a\r\nSet-Cookie: x", ["h"], [])
    assert "\r" not in response.headers["Content-Disposition"]
    assert "\n" not in response.headers["Content-Disposition"]
