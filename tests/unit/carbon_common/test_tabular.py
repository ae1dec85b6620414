"""The one table reader: encodings, delimiters, XLSX, limits, and the same answers for both importers."""
import io
import re
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from carbon_common import tabular
from carbon_common.tabular import TableError, cell_text, decode_text, read_table, sniff_delimiter
from carbon_exam.importers import import_questions
from hours_gate.hours_import import parse_hours_file

XBLOCKS = Path(__file__).resolve().parents[3] / "xblocks"
TEXT = "用户名,学时,原因\nalice,2,线下培训\n"


def xlsx(rows, decoy_sheet=False) -> bytes:
    """A workbook whose first sheet holds ``rows`` (and, with ``decoy_sheet``, a second sheet after it)."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    if decoy_sheet:
        workbook.create_sheet("decoy").append(["not read"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("gb18030"), TEXT.encode("utf-16"),
    TEXT.encode("utf-16-le").join([b"\xff\xfe", b""]), b"\xfe\xff" + TEXT.encode("utf-16-be"),
    TEXT.replace("\n", "\r\n").encode("utf-8"),
])
def test_every_supported_encoding_reads_the_same_rows(data):
    assert read_table(data) == [(1, ["用户名", "学时", "原因"]), (2, ["alice", "2", "线下培训"])]


def test_nul_bytes_outside_utf16_are_binary_not_text():
    with pytest.raises(TableError) as error:
        decode_text(b"a,b\x00,c\n")
    assert error.value.code == tabular.UNREADABLE
    with pytest.raises(TableError) as error:
        decode_text("a,b\x00".encode("utf-16"))
    assert error.value.code == tabular.UNREADABLE


def test_undecodable_bytes():
    with pytest.raises(TableError) as error:
        decode_text(bytes([0x81, 0x20, 0xFF]))
    assert error.value.code == tabular.UNDECODABLE


@pytest.mark.parametrize(("line", "delimiter"), [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"),
                                                 ("\n\n a;b", ";"), ("a", ",")])
def test_delimiter_is_the_most_frequent_in_the_first_non_empty_line(line, delimiter):
    assert sniff_delimiter(line + "\nx,y;z\tw") == delimiter


def test_rows_keep_their_sheet_numbers_and_skip_blank_rows():
    assert read_table(b"h1,h2\n,\n\nx,y\n") == [(1, ["h1", "h2"]), (4, ["x", "y"])]


def test_export_guard_is_removed_from_csv_cells_only_before_formula_starts():
    rows = read_table(b"a,b,c\n'=SUM(A1),'+1,'plain\n")
    assert rows[1][1] == ["=SUM(A1)", "+1", "'plain"]


def test_xlsx_first_sheet_with_typed_cells():
    data = xlsx([["h", "n", "d"], ["x", 2.0, datetime(2026, 1, 2, 3, 4)]], decoy_sheet=True)
    rows = read_table(data, fmt="xlsx")
    assert rows[0] == (1, ["h", "n", "d"])
    assert [cell_text(value) for value in rows[1][1]] == ["x", "2", "2026-01-02T03:04:00"]


@pytest.mark.parametrize(("value", "text"), [(None, ""), (True, "TRUE"), (2.0, "2"), (2.5, "2.5"),
                                             (Decimal("1.50"), "1.50"), (Decimal("1E+1"), "10"),
                                             (date(2026, 3, 1), "2026-03-01"), ("  x ", "x"), (7, "7")])
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(("data", "kwargs"), [(b"\xd0\xcf\x11\xe0" + b"\0" * 20, {}),
                                              (b"a,b\n", {"filename": "old.XLS"}), (b"a,b\n", {"fmt": "xls"})])
def test_legacy_xls_is_refused(data, kwargs):
    with pytest.raises(TableError) as error:
        read_table(data, **kwargs)
    assert error.value.code == tabular.UNSUPPORTED


def test_damaged_xlsx_and_empty_files():
    for data, code in [(b"PK\x03\x04garbage", tabular.UNREADABLE), (b"\n\n,,\n", tabular.EMPTY),
                       (xlsx([]), tabular.EMPTY)]:
        with pytest.raises(TableError) as error:
            read_table(data)
        assert error.value.code == code


def test_row_limit_counts_data_rows_after_the_header():
    data = b"h\n" + b"x\n" * 3
    assert len(read_table(data, max_rows=3)) == 4
    with pytest.raises(TableError) as error:
        read_table(data, max_rows=2)
    assert (error.value.code, error.value.params) == (tabular.TOO_MANY_ROWS, {"max": 2})


# Both importers answer the same way, through the one reader ---------------------------------------

LEGACY_XLS = b"\xd0\xcf\x11\xe0" + b"\0" * 40


@pytest.mark.parametrize(("data", "exam_code", "hours_code"), [
    (LEGACY_XLS, "import-legacy-xls", tabular.UNSUPPORTED),
    (b"a,b\x00\n1,2\n", "import-unreadable", tabular.UNREADABLE),
    (b"PK\x03\x04garbage", "import-unreadable", tabular.UNREADABLE),
    (b"\n \n", "import-empty", tabular.EMPTY),
])
def test_both_importers_refuse_the_same_files(data, exam_code, hours_code):
    assert [p.code for p in import_questions(data, "csv").errors] == [exam_code]
    assert [p.code for p in parse_hours_file("upload.csv", data).file_errors] == [hours_code]


def test_both_importers_share_the_row_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 1)
    monkeypatch.setattr("hours_gate.hours_import.MAX_ROWS", 1)
    data = "题型,题干,答案,用户名,学时,原因\n单选,x,A,a,1,r\n单选,y,A,b,1,r\n".encode()
    exam = import_questions(data, "csv").errors
    assert [(p.code, p.params) for p in exam] == [("import-too-many-rows", {"format": "CSV", "max": 1})]
    assert "1 rows" in exam[0].message
    hours = parse_hours_file("h.csv", data).file_errors
    assert [(p.code, dict(p.params)) for p in hours] == [(tabular.TOO_MANY_ROWS, {"max": 1})]


def test_gift_and_aiken_text_is_decoded_by_the_reader():
    assert [p.code for p in import_questions(b"::q:: x {=a ~b}\x00", "gift").errors] == ["import-unreadable"]
    assert [p.code for p in import_questions(bytes([0x81, 0x20, 0xFF]), "aiken").errors] == ["import-undecodable"]


def test_the_reader_is_the_only_one_in_the_tree():
    """No other module decodes uploads, sniffs delimiters or opens workbooks for reading."""
    pattern = re.compile(r"load_workbook|csv\.reader|csv\.DictReader|\.decode\(\"gb18030|BOM_UTF16")
    readers = sorted(str(path.relative_to(XBLOCKS)) for path in XBLOCKS.rglob("*.py")
                     if pattern.search(path.read_text(encoding="utf-8")))
    assert readers == ["carbon_common/tabular.py"]


def test_the_reader_is_pure():
    code = ("import sys, carbon_common.tabular\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'xblock', 'django', 'webob'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
