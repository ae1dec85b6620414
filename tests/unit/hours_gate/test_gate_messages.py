"""Plain sentences for the pure modules' message codes."""
from decimal import Decimal
from gettext import NullTranslations

from carbon_common.i18n import Translator
from hours_gate import messages
from hours_gate.hours import CreditItem, describe_missing, earned_hours
from hours_gate.hours_import import parse_hours_file

identity = Translator(NullTranslations())  # the English msgids, placeholders filled


def test_numbers_drop_trailing_zeros():
    assert [messages.number(Decimal(v)) for v in ("40.00", "2.50", "0.25", "10", "0.00")] == ["40", "2.5", "0.25", "10", "0"]


def test_missing_facts_read_as_sentences():
    status = earned_hours([CreditItem("s", "第1讲", Decimal("2"), ("a", "b", "c", "d"))], {"a": 1}, required=4)
    sentences = [messages.missing_fact(identity, fact) for fact in
                 describe_missing(status, application_required=True, application_status="returned")]
    assert sentences == [
        "You need 3.5 more training hours: 0.5 of 4 earned.",
        "Finish “第1讲”: 25% done, 1.5 hours still to earn.",
        "Your application for the exam must be approved (now: returned for correction).",
    ]


def test_import_errors_name_the_row_problem_and_the_missing_column():
    plan = parse_hours_file("h.csv", "用户名,学时\nann,1\n".encode())
    assert messages.import_error(identity, plan.file_errors[0]) == "The file has no reason (原因) column."
    (row,) = parse_hours_file("h.csv", "用户名,学时,原因\nann,999,x\n".encode()).rows
    assert messages.import_error(identity, row.errors[0]) == "The hours are more than 200."
