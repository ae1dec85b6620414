"""Which draft problems are invalid values (a save is refused with 400) and which are only empty fields."""
from datetime import date

from eligibility_form.validators import invalid_values, validate_application

TODAY = date(2026, 6, 1)


def test_empty_required_fields_are_not_invalid_values():
    answers = {"name": "张三", "major": "other", "institution_staff": True, "other_certificate": True}
    errors = validate_application(answers, today=TODAY, partial=True)
    assert set(errors) == {"employer", "major_other", "certificate_name"}
    assert invalid_values(errors) == {}
    assert invalid_values(validate_application({}, today=TODAY)) == {}  # required / declaration_required only


def test_format_range_and_consistency_problems_are_invalid_values_in_form_order():
    answers = {"work_years": "61", "email": "a@", "mobile": "123", "birth_date": "1990-02-30",
               "major": "other"}
    invalid = invalid_values(validate_application(answers, today=TODAY, partial=True))
    assert list(invalid) == ["birth_date", "mobile", "email", "work_years"]
    assert [m.code for m in invalid.values()] == ["date_invalid", "mobile_invalid", "email_invalid",
                                                  "work_years_invalid"]


def test_id_number_birth_date_mismatch_is_an_invalid_value():
    answers = {"id_type": "resident_id", "id_number": "11010519491231002X", "birth_date": "1950-01-01"}
    invalid = invalid_values(validate_application(answers, today=TODAY, partial=True))
    assert [m.code for m in invalid.values()] == ["birth_date_mismatch"]
