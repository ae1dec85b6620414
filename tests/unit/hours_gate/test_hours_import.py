"""Parsing and validating a staff upload of hours (CSV / XLSX)."""

import io
from decimal import Decimal

import openpyxl
import pytest

from hours_gate import hours_import as hi
from hours_gate.hours_import import fingerprint, parse_hours_file

GOOD_ZH = "用户名,学时,原因\nalice,2,线下培训\nbob,1.5,外部平台学时\n"


def codes(row):
    return [error.code for error in row.errors]


def xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_with_chinese_headers_in_every_encoding(encoding):
    plan = parse_hours_file("hours.csv", GOOD_ZH.encode(encoding))
    assert plan.file_errors == ()
    assert [(r.row_number, r.identifier, r.identifier_kind, r.hours, r.reason) for r in plan.rows] == [
        (2, "alice", "username", Decimal("2"), "线下培训"),
        (3, "bob", "username", Decimal("1.5"), "外部平台学时"),
    ]
    assert plan.valid_rows == plan.rows and plan.refused_rows == ()


def test_english_headers_any_order_extra_columns_and_semicolons():
    data = b"Reason;Score;Email;Hours\nOffline course;99;Carol@Example.com;3\n"
    (row,) = parse_hours_file("hours.csv", data).rows
    assert (row.identifier, row.identifier_kind, row.hours, row.reason) == (
        "Carol@Example.com", "email", Decimal("3"), "Offline course")
    assert row.valid


def test_username_column_wins_over_email_column_and_email_fills_gaps():
    data = "用户名,邮箱,学时,原因\nalice,a@example.com,1,x\n,dan@example.com,1,y\n".encode()
    first, second = parse_hours_file("h.csv", data).rows
    assert (first.identifier, first.identifier_kind) == ("alice", "username")
    assert (second.identifier, second.identifier_kind) == ("dan@example.com", "email")


def test_email_in_the_username_column_is_read_as_an_email():
    data = "用户名,学时,原因\nGil@Example.com,1,x\nbad@,1,x\n".encode()
    good, bad = parse_hours_file("h.csv", data).rows
    assert (good.identifier_kind, good.valid) == ("email", True)
    assert codes(bad) == [hi.EMAIL_INVALID]


def test_combined_identifier_column_detects_emails():
    data = "用户名/邮箱,学时,原因\nerin,1,x\nfay@example.com,1,x\n".encode()
    kinds = [row.identifier_kind for row in parse_hours_file("h.csv", data).rows]
    assert kinds == ["username", "email"]


def test_bad_rows_are_reported_with_row_number_and_field():
    data = "\n".join([
        "用户名,学时,原因",
        ",2,缺用户名",          # row 2
        "gus,abc,非数字",       # row 3
        "hal,0,零",             # row 4
        "ivy,-1,负数",          # row 5
        "jay,500,太多",         # row 6
        "kim,1.234,太精确",     # row 7
        "lee,1,",              # row 8
        "mia,,缺学时",          # row 9
        ",,",                  # row 10: blank, skipped
        "ned,NaN,非数",         # row 11
        "ok,2,正常",            # row 12
    ]).encode()
    plan = parse_hours_file("h.csv", data)
    by_row = {row.row_number: row for row in plan.rows}
    assert codes(by_row[2]) == [hi.IDENTIFIER_MISSING]
    assert by_row[2].errors[0].field == "identifier"
    assert codes(by_row[3]) == [hi.HOURS_NOT_NUMBER]
    assert codes(by_row[4]) == [hi.HOURS_NOT_POSITIVE]
    assert codes(by_row[5]) == [hi.HOURS_NOT_POSITIVE]
    assert codes(by_row[6]) == [hi.HOURS_TOO_LARGE]
    assert codes(by_row[7]) == [hi.HOURS_TOO_PRECISE]
    assert codes(by_row[8]) == [hi.REASON_MISSING]
    assert by_row[8].errors[0].field == "reason"
    assert codes(by_row[9]) == [hi.HOURS_MISSING]
    assert 10 not in by_row
    assert codes(by_row[11]) == [hi.HOURS_NOT_NUMBER]
    assert [row.row_number for row in plan.valid_rows] == [12]
    assert len(plan.refused_rows) == 9


def test_several_errors_in_one_row_are_all_reported():
    data = "用户名,学时,原因\n,x,\n".encode()
    (row,) = parse_hours_file("h.csv", data).rows
    assert codes(row) == [hi.IDENTIFIER_MISSING, hi.HOURS_NOT_NUMBER, hi.REASON_MISSING]


def test_max_hours_is_configurable():
    data = "用户名,学时,原因\nalice,50,x\n".encode()
    assert parse_hours_file("h.csv", data).rows[0].valid
    assert codes(parse_hours_file("h.csv", data, max_hours=Decimal("40")).rows[0]) == [hi.HOURS_TOO_LARGE]


def test_invalid_email_is_refused():
    data = "邮箱,学时,原因\nnot-an-email,1,x\n".encode()
    assert codes(parse_hours_file("h.csv", data).rows[0]) == [hi.EMAIL_INVALID]


def test_duplicate_rows_in_one_file_are_refused_after_the_first():
    data = "用户名,学时,原因\nalice,2,线下培训\nALICE , 2.00 ,线下培训\nalice,3,线下培训\n".encode()
    first, duplicate, other = parse_hours_file("h.csv", data).rows
    assert first.valid and other.valid
    assert codes(duplicate) == [hi.DUPLICATE_ROW]
    assert duplicate.errors[0].params == {"first_row": 2}
    assert duplicate.fingerprint == first.fingerprint != other.fingerprint


def test_fingerprint_is_stable_across_files_and_formats():
    csv_plan = parse_hours_file("a.csv", GOOD_ZH.encode("utf-8-sig"))
    xlsx_plan = parse_hours_file("b.xlsx", xlsx([["用户名", "学时", "原因"], ["alice", 2, "线下培训"],
                                                  ["bob", 1.5, "外部平台学时"]]))
    assert [r.fingerprint for r in csv_plan.rows] == [r.fingerprint for r in xlsx_plan.rows]
    assert fingerprint("alice", Decimal("2"), "线下培训") == csv_plan.rows[0].fingerprint
    assert fingerprint("alice", Decimal("2"), "线下培训 ") == fingerprint("Alice", Decimal("2.0"), "线下培训")
    assert fingerprint("alice", Decimal("2"), "线下培训") != fingerprint("alice", Decimal("2"), "补录")


def test_xlsx_numbers_text_and_blank_rows():
    data = xlsx([
        ["Username", "Hours", "Reason"],
        [12345, 2.25, "numeric username"],
        [None, None, None],
        ["pat", "3", "hours typed as text"],
        ["quin", "两", "not a number"],
    ])
    plan = parse_hours_file("upload.xlsx", data)
    assert [(r.row_number, r.identifier, r.hours) for r in plan.rows] == [
        (2, "12345", Decimal("2.25")), (4, "pat", Decimal("3")), (5, "quin", None)]
    assert codes(plan.rows[2]) == [hi.HOURS_NOT_NUMBER]


def test_full_width_digits_are_read():
    data = "用户名,学时,原因\nalice,２.５,全角\n".encode()
    assert parse_hours_file("h.csv", data).rows[0].hours == Decimal("2.5")


@pytest.mark.parametrize("content, code", [
    ("name,hours,reason\nalice,1,x\n", hi.COLUMN_MISSING),
    ("\n\n", hi.FILE_EMPTY),
])
def test_file_level_errors(content, code):
    plan = parse_hours_file("h.csv", content.encode())
    assert plan.rows == ()
    assert [error.code for error in plan.file_errors] == [code]


def test_every_missing_column_is_named():
    plan = parse_hours_file("h.csv", b"foo,bar\n1,2\n")
    assert [error.params["column"] for error in plan.file_errors] == ["identifier", "hours", "reason"]


def test_damaged_or_legacy_spreadsheets_are_refused():
    assert parse_hours_file("h.xlsx", b"PK\x03\x04garbage").file_errors[0].code == hi.FILE_UNREADABLE
    assert parse_hours_file("h.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 20).file_errors[0].code == hi.FILE_UNSUPPORTED


def test_too_many_rows_is_a_file_error(monkeypatch):
    monkeypatch.setattr(hi, "MAX_ROWS", 2)
    data = "用户名,学时,原因\na,1,x\nb,1,x\nc,1,x\n".encode()
    plan = parse_hours_file("h.csv", data)
    assert plan.rows == () and plan.file_errors[0].code == hi.TOO_MANY_ROWS
