"""Validation by well-kept libraries (python-stdnum, phonenumbers, Django's EmailValidator, pypdf), with the
checks they lack kept: a plausible birth date, the LMS's upload limit, told in real sizes."""
import io
from datetime import date

import pytest
from pypdf import PdfWriter
from stdnum.cn import ric

from eligibility_form import uploads
from eligibility_form.messages import Problem
from eligibility_form.uploads import MAX_UPLOAD_BYTES, check_pdf, has_active_content, read_upload
from eligibility_form.validators import check_id_number, gb11643_check_char, normalize_email, normalize_mobile

TODAY = date(2026, 6, 1)


def codes(call, *args, **kwargs):
    with pytest.raises(Problem) as refused:
        call(*args, **kwargs)
    return [message.code for message in refused.value.messages]


def pdf_bytes(pages=1, password=None, script=None, open_action=None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if script:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(script))
    if open_action:
        writer.open_destination = writer.pages[0]
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_check_characters_are_python_stdnums():
    for first17 in ("11010519491231002", "44030419900101001", "81000019900101001"):
        assert gb11643_check_char(first17) == ric.calc_check_digit(first17 + "0")
        number = first17 + gb11643_check_char(first17)
        assert ric.is_valid(number) or first17.startswith("8")  # stdnum knows no place for a permit's 810000


@pytest.mark.parametrize(("first17", "code"), [
    ("11010520270101001", "id_birth_date_invalid"),  # born after today: stdnum accepts any calendar date
    ("11010518991231001", "id_birth_date_invalid"),  # before MIN_YEAR
    ("11010519990230001", "id_birth_date_invalid"),  # 30 February (stdnum's own refusal)
])
def test_birth_dates_must_be_plausible_beyond_what_stdnum_checks(first17, code):
    number = first17 + ric.calc_check_digit(first17 + "0")
    assert codes(check_id_number, "resident_id", number, TODAY) == [code]


@pytest.mark.parametrize("value", ["010 6552 9988", "+86 10 6552 9988", "14012345678", "+852 9123 4567"])
def test_landlines_unallocated_ranges_and_other_countries_are_not_mobiles(value):
    assert codes(normalize_mobile, value) == ["mobile_invalid"]


@pytest.mark.parametrize("value", ["+86 199 1234 5678", "0086-138-0013-8000", "（138）0013 8000"])
def test_mobiles_written_every_way_are_made_canonical(value):
    assert len(normalize_mobile(value)) == 11


@pytest.mark.parametrize("value", ["a@b", "a@-b.cn", "a b@c.cn", "a@b..cn", "@b.cn", "a@b.c", "<a@b.cn>"])
def test_email_refusals_are_djangos(value):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    with pytest.raises(ValidationError):
        validate_email(value)
    assert codes(normalize_email, value) == ["email_invalid"]


def test_email_accepts_what_django_accepts():
    assert normalize_email("Li.Lei+exam@Example.COM.cn") == "Li.Lei+exam@example.com.cn"


def test_a_plain_pdf_passes_and_a_first_view_is_no_action():
    check_pdf(pdf_bytes(pages=3))
    assert not has_active_content(pdf_bytes(open_action=True))


def test_encrypted_pdfs_are_refused():
    assert codes(check_pdf, pdf_bytes(password="secret")) == ["pdf_encrypted"]


def test_page_count_is_read_by_pypdf():
    check_pdf(pdf_bytes(pages=uploads.MAX_PDF_PAGES))
    assert codes(check_pdf, pdf_bytes(pages=uploads.MAX_PDF_PAGES + 1)) == ["pdf_too_many_pages"]
    assert codes(check_pdf, pdf_bytes(pages=2), max_pages=1) == ["pdf_too_many_pages"]


def test_javascript_added_by_a_writer_is_found():
    data = pdf_bytes(script="app.alert('hi');")
    assert has_active_content(data)
    assert codes(check_pdf, data) == ["pdf_active_content"]


def test_garbage_after_the_header_is_a_damaged_pdf():
    assert codes(check_pdf, b"%PDF-1.7\nnothing here\n%%EOF\n") == ["pdf_corrupt"]


def test_the_upload_limit_is_the_lms_value_in_decimal_megabytes():
    assert MAX_UPLOAD_BYTES == 4 * 1000 * 1000
    assert read_upload(io.BytesIO(b"x" * MAX_UPLOAD_BYTES)) == b"x" * MAX_UPLOAD_BYTES


def test_a_too_large_upload_is_told_its_real_size_and_the_real_limit():
    with pytest.raises(Problem) as refused:
        read_upload(io.BytesIO(b"x" * 10_500_000))
    [message] = refused.value.messages
    assert (message.code, message.params) == ("file_too_large", {"size_mb": 10.5, "max_mb": 4})
