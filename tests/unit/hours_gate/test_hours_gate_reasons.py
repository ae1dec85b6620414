"""The learner's "still missing" sentences: the hours and the application, not every incomplete item."""
from decimal import Decimal
from gettext import NullTranslations

from carbon_common.i18n import Translator
from hours_gate import hours, messages

identity = Translator(NullTranslations())  # the English msgids, placeholders filled


def test_reasons_leave_out_incomplete_items():
    items = [hours.CreditItem(f"k{n}", f"第{n}讲", Decimal("2"), (f"leaf{n}",)) for n in range(31)]
    status = hours.earned_hours(items, {"leaf0": 1.0}, [], required=Decimal("40"))
    facts = hours.describe_missing(status, application_required=True, application_status=None)
    assert any(fact.code == hours.ITEM_INCOMPLETE for fact in facts)
    assert messages.reasons(identity, facts) == [
        "You need 38 more training hours: 2 of 40 earned.",
        "Your application for the exam must be submitted and approved.",
    ]


def test_no_reasons_when_open():
    status = hours.earned_hours([], {}, [], required=Decimal("0"))
    assert messages.reasons(identity, hours.describe_missing(status)) == []
