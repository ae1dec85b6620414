"""Identity documents, contact details, dates and the whole-form validation."""

from datetime import date

import pytest

from eligibility_form.messages import EN, ZH, Problem
from eligibility_form.validators import (
    check_id_number,
    clean_answers,
    gb11643_check_char,
    mask_id_number,
    normalize_email,
    normalize_mobile,
    normalize_name,
    validate_application,
)

TODAY = date(2026, 1, 15)
REFERENCE_ID = "11010519491231002X"  # the valid example of the domain reference


def with_check(first17: str) -> str:
    """Append the ISO 7064 MOD 11-2 check character, computed independently of the module's table."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def wrong_checks(number: str) -> list[str]:
    return [number[:17] + c for c in "0123456789X" if c != number[17]]


def problem_code(id_type, number):
    with pytest.raises(Problem) as caught:
        check_id_number(id_type, number, TODAY)
    return caught.value.code


def valid_answers(**overrides):
    base = {
        "name": "张三", "gender": "female", "id_type": "resident_id", "id_number": REFERENCE_ID,
        "birth_date": "1949-12-31", "mobile": "13800138000", "email": "zhang@example.com",
        "employer": "某节能公司", "job_title": "工程师", "education": "bachelor", "degree": "bachelor",
        "major": "环境工程", "graduation_date": "1972-07", "work_years": 10,
        "law_abiding": True, "pi_consent": True,
    }
    return base | overrides


# --- 18-digit numbers -------------------------------------------------------------------------


def test_reference_resident_id_is_valid_and_tells_birth_and_gender():
    facts = check_id_number("resident_id", REFERENCE_ID, TODAY)
    assert facts.birth_date == date(1949, 12, 31)
    assert facts.gender == "female"  # sequence 002 is even
    assert gb11643_check_char(REFERENCE_ID[:17]) == "X"


def test_independent_oracle_agrees_with_the_reference():
    assert with_check(REFERENCE_ID[:17]) == REFERENCE_ID


def test_resident_id_is_normalised():
    assert check_id_number("resident_id", "110105 19491231 002x", TODAY).number == REFERENCE_ID
    assert check_id_number("resident_id", "１１０１０５１９４９１２３１００２Ｘ", TODAY).number == REFERENCE_ID


@pytest.mark.parametrize("number", wrong_checks(REFERENCE_ID))
def test_resident_id_wrong_check_character(number):
    assert problem_code("resident_id", number) == "id_checksum"


@pytest.mark.parametrize(
    "first17, gender", [("44030419900307001", "male"), ("44030419900307002", "female"), ("65010220000229123", "male")]
)
def test_resident_id_gender_from_sequence(first17, gender):
    facts = check_id_number("resident_id", with_check(first17), TODAY)
    assert facts.gender == gender


@pytest.mark.parametrize(
    "first17, code",
    [
        ("11010519490230002", "id_birth_date_invalid"),  # 30 February
        ("11010520270101002", "id_birth_date_invalid"),  # after today
        ("11010518991231002", "id_birth_date_invalid"),  # before 1900
        ("00010519491231002", "id_region_invalid"),
        ("81000019491231002", "id_type_mismatch"),  # a Hong Kong residence permit number
        ("91560019491231002", "id_type_mismatch"),  # a foreign permanent resident ID number
    ],
)
def test_resident_id_refusals(first17, code):
    assert problem_code("resident_id", with_check(first17)) == code


def test_type_mismatch_suggests_the_right_type():
    with pytest.raises(Problem) as caught:
        check_id_number("resident_id", with_check("82000019900101001"), TODAY)
    assert caught.value.messages[0].params == {"suggested_type": "residence_permit"}
    assert "港澳台居民居住证" in caught.value.messages[0].text(ZH)


@pytest.mark.parametrize("number", ["1101051949123100", "11010519491231002Y", "1101051949123100XX", "A1010519491231002X"])
def test_resident_id_format(number):
    assert problem_code("resident_id", number) == "id_format"


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_residence_permits(prefix):
    number = with_check(prefix + "19900101003")
    facts = check_id_number("residence_permit", number, TODAY)
    assert facts.birth_date == date(1990, 1, 1) and facts.gender == "male"
    for wrong in wrong_checks(number):
        assert problem_code("residence_permit", wrong) == "id_checksum"


@pytest.mark.parametrize("number", [REFERENCE_ID, with_check("84000019900101003"), with_check("81000119900101003")])
def test_residence_permit_prefix(number):
    assert problem_code("residence_permit", number) == "id_format"


def test_foreign_permanent_resident_id():
    number = with_check("93184019850615012")
    facts = check_id_number("foreign_permanent_id", number, TODAY)
    assert facts.birth_date == date(1985, 6, 15) and facts.gender == "female"
    for wrong in wrong_checks(number):
        assert problem_code("foreign_permanent_id", wrong) == "id_checksum"
    assert problem_code("foreign_permanent_id", REFERENCE_ID) == "id_format"  # must start with 9
    # the pre-2023 card: three letters and twelve digits, format only
    assert check_id_number("foreign_permanent_id", "USA110085061501", TODAY).birth_date is None


# --- permits and passports --------------------------------------------------------------------


@pytest.mark.parametrize(
    "id_type, number, valid",
    [
        ("travel_permit_hkmo", "H12345678", True),
        ("travel_permit_hkmo", "m87654321", True),
        ("travel_permit_hkmo", "H1234567", False),
        ("travel_permit_hkmo", "A12345678", False),
        ("travel_permit_hkmo", "H123456789", False),
        ("travel_permit_tw", "12345678", True),
        ("travel_permit_tw", "1234567", False),
        ("travel_permit_tw", "T1234567", False),
        ("passport_cn", "E12345678", True),
        ("passport_cn", "EA1234567", True),
        ("passport_cn", "G12345678", False),
        ("passport_cn", "E1234567", False),
        ("passport_other", "X1234567", True),
        ("passport_other", "C01X00T47", True),
        ("passport_other", "ABCDEFG", False),  # no digit
        ("passport_other", "12#45", False),
        ("passport_other", "1234", False),
    ],
)
def test_permits_and_passports(id_type, number, valid):
    if valid:
        assert check_id_number(id_type, number, TODAY).birth_date is None
    else:
        assert problem_code(id_type, number) == "id_format"


def test_unknown_document_type():
    assert problem_code("library_card", "12345678") == "choice_invalid"


def test_format_message_explains_the_expected_shape():
    with pytest.raises(Problem) as caught:
        check_id_number("travel_permit_hkmo", "X1", TODAY)
    assert "8 位数字" in caught.value.messages[0].text(ZH)
    assert "8 digits" in caught.value.messages[0].text(EN)


# --- contact details and names ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["13800138000", "138 0013 8000", "138-0013-8000", "+8613800138000", "86 138 0013 8000",
              "+86 (138) 0013-8000", "１３８００１３８０００", "0086 138 0013 8000"],  # 00: China's international prefix
)
def test_mobile_accepted_and_made_canonical(value):
    assert normalize_mobile(value) == "13800138000"


@pytest.mark.parametrize("value", ["13012345678", "19912345678", "15912345678"])
def test_mobile_second_digit_3_to_9(value):
    assert normalize_mobile(value) == value


@pytest.mark.parametrize(
    "value", ["12800138000", "10800138000", "1380013800", "138001380001", "+85291234567", "+1 415 555 0100",
              "1380013800a", "", "010 6552 9988", "+86 10 6552 9988"],  # the last two: landlines
)
def test_mobile_refused(value):
    with pytest.raises(Problem) as caught:
        normalize_mobile(value)
    assert caught.value.code == "mobile_invalid"


@pytest.mark.parametrize("value", ["a@b.cn", "zhang.san+cert@mail.example.com.cn", "Li_Si@Example.ORG", "wang＠qq.com"])
def test_email_accepted(value):
    assert "@" in normalize_email(value)


@pytest.mark.parametrize(
    "value", ["", "plain", "a@b", "a@@b.cn", "a b@c.cn", ".a@b.cn", "a..b@c.cn", "a@-b.cn", "a@b.c", "张三@例子.中国"]
)
def test_email_refused(value):
    with pytest.raises(Problem):
        normalize_email(value)


def test_email_folds_full_width_and_lowercases_the_domain():
    assert normalize_email("Wang＠QQ.COM") == "Wang@qq.com"


@pytest.mark.parametrize("value", ["张三", "欧阳娜娜", "阿依古丽·买买提", "Jean-Luc Picard", "O'Brien", "  李   四 "])
def test_names_accepted(value):
    assert normalize_name(value) == " ".join(value.split())


@pytest.mark.parametrize("value", ["张", "张3", "<script>", "王_五", "", "A" * 51, "·张三"])
def test_names_refused(value):
    with pytest.raises(Problem) as caught:
        normalize_name(value)
    assert caught.value.code == "name_invalid"


# --- the whole form ---------------------------------------------------------------------------


def test_valid_application_has_no_errors():
    assert validate_application(valid_answers(), today=TODAY) == {}


def test_all_errors_are_reported_at_once():
    errors = validate_application(
        valid_answers(name="张3", mobile="12345", email="x@", gender="male", birth_date="1950-01-01",
                      graduation_date="2030-06", work_years=-1, law_abiding=False, pi_consent=None),
        today=TODAY,
    )
    assert {field: m.code for field, m in errors.items()} == {
        "name": "name_invalid", "gender": "gender_mismatch", "birth_date": "birth_date_mismatch",
        "mobile": "mobile_invalid", "email": "email_invalid", "graduation_date": "date_in_future",
        "work_years": "work_years_invalid", "law_abiding": "declaration_required", "pi_consent": "declaration_required",
    }
    assert errors["birth_date"].params == {"id_birth_date": "1949-12-31"}
    assert errors["gender"].text(ZH) == "性别与证件号码不一致（证件号码中为女）。"


def test_missing_fields_are_required_unless_partial():
    errors = validate_application({}, today=TODAY)
    assert errors["name"].code == "required" and errors["work_years"].code == "required"
    assert errors["law_abiding"].code == "declaration_required"
    assert "employer" not in errors  # optional unless condition 5 is claimed
    assert validate_application({}, today=TODAY, partial=True) == {}
    assert validate_application({"mobile": "123"}, today=TODAY, partial=True)["mobile"].code == "mobile_invalid"


def test_non_checksummed_documents_take_birth_date_from_the_form():
    applicant = valid_answers(id_type="passport_other", id_number="X1234567", birth_date="1990-05-05",
                              graduation_date="2012-07")
    assert validate_application(applicant, today=TODAY) == {}


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"gender": "other"}, "gender", "choice_invalid"),
        ({"education": "phd"}, "education", "choice_invalid"),
        ({"degree": "master", "education": "associate"}, "degree", "degree_needs_bachelor_education"),
        ({"major": "other"}, "major_other", "required"),
        ({"institution_staff": True, "employer": ""}, "employer", "required"),
        ({"other_certificate": True}, "certificate_name", "required"),
        ({"graduation_date": "1972-13"}, "graduation_date", "month_invalid"),
        ({"graduation_date": "1949-06"}, "graduation_date", "date_too_early"),
        ({"id_type": "passport_cn", "id_number": "E12345678", "birth_date": "1990-01-01",
          "graduation_date": "1989-07"}, "graduation_date", "graduation_before_birth"),
        ({"birth_date": "31/12/1949"}, "birth_date", "date_invalid"),
        ({"work_years": "ten"}, "work_years", "work_years_invalid"),
        ({"work_years": 60.5}, "work_years", "work_years_invalid"),
        ({"work_years": True}, "work_years", "work_years_invalid"),
        ({"work_years": "nan"}, "work_years", "work_years_invalid"),
        ({"employer": "单" * 101}, "employer", "too_long"),
        ({"id_number": REFERENCE_ID[:17] + "1"}, "id_number", "id_checksum"),
    ],
)
def test_single_field_problems(overrides, field, code):
    errors = validate_application(valid_answers(**overrides), today=TODAY)
    assert field in errors and errors[field].code == code


def test_age_and_work_years_are_plausible():
    born_2008 = valid_answers(id_type="passport_other", id_number="X1234567", birth_date="2010-03-01",
                              graduation_date="2025-07", work_years=0)
    assert validate_application(born_2008, today=TODAY)["birth_date"].code == "age_too_low"
    thirty = valid_answers(id_type="passport_other", id_number="X1234567", birth_date="1996-01-01",
                           graduation_date="2018-07")
    assert validate_application(thirty | {"work_years": 14}, today=TODAY) == {}
    errors = validate_application(thirty | {"work_years": 14.5}, today=TODAY)
    assert errors["work_years"].code == "work_years_exceed_age" and errors["work_years"].params == {"max": 14}


@pytest.mark.parametrize("boundary, ok", [(0, True), (60, True), (-0.5, False), (60.01, False)])
def test_work_years_range(boundary, ok):
    applicant = valid_answers(work_years=boundary, birth_date="1949-12-31")
    assert ("work_years" not in validate_application(applicant, today=TODAY)) is ok


def test_every_error_renders_in_both_languages():
    errors = validate_application({"mobile": "1", "name": "1", "id_type": "resident_id", "id_number": "1"}, today=TODAY)
    for message in errors.values():
        assert "{" not in message.text(ZH) and "{" not in message.text(EN)
        assert message.text(ZH) != message.text(EN)


def test_clean_answers_are_canonical():
    cleaned = clean_answers(valid_answers(
        id_number="110105 19491231 002x", mobile="+86 138-0013-8000", email="Zhang＠Example.COM",
        graduation_date="1972/7/1", work_years="10", name=" 张三 ", pi_consent="on", extra="dropped",
    ))
    assert cleaned["id_number"] == REFERENCE_ID and cleaned["mobile"] == "13800138000"
    assert cleaned["email"] == "Zhang@example.com" and cleaned["graduation_date"] == "1972-07"
    assert cleaned["work_years"] == 10.0 and cleaned["name"] == "张三" and cleaned["pi_consent"] is True
    assert cleaned["institution_staff"] is False and "extra" not in cleaned


@pytest.mark.parametrize(
    "value, masked",
    [
        (REFERENCE_ID, "1****************X"),
        ("110105 19491231 002x", "1****************X"),
        ("E12345678", "E*******8"),
        ("H12345678", "H*******8"),
        ("ABC12", "*****"),
        ("", ""),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked
