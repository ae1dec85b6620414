"""Authored settings of the hours gate: required hours, minutes per 学时, credited references."""
from decimal import Decimal

import pytest

from hours_gate import config
from hours_gate.config import CreditRef, parse_credits, parse_hours, parse_settings


@pytest.mark.parametrize("value, expected", [
    ("40", Decimal("40.00")), ("2.5", Decimal("2.50")), (" 0 ", Decimal("0.00")), (3, Decimal("3.00")),
    ("-1", None), ("1.005", None), ("abc", None), ("NaN", None), ("10001", None), ("", None),
])
def test_parse_hours(value, expected):
    assert parse_hours(value, Decimal("10000")) == expected


def test_zero_can_be_refused():
    assert parse_hours("0", Decimal("10"), allow_zero=False) is None


def test_credits_are_read_and_each_problem_is_named_with_its_position():
    refs, errors = parse_credits([
        {"block_type": "sequential", "url_name": "lesson-1", "hours": "2"},
        {"block_type": "Sequential!", "url_name": "x", "hours": "1"},
        {"block_type": "video", "url_name": "", "hours": "abc"},
        {"block_type": "sequential", "url_name": "lesson-1", "hours": "3"},
        "not a dict",
    ])
    assert refs == [CreditRef("sequential", "lesson-1", Decimal("2.00"))]
    assert [(e.code, e.index) for e in errors] == [
        (config.BLOCK_TYPE_INVALID, 1), (config.URL_NAME_INVALID, 2), (config.HOURS_INVALID, 2),
        (config.DUPLICATE_CREDIT, 3), (config.BLOCK_TYPE_INVALID, 4), (config.URL_NAME_INVALID, 4),
        (config.HOURS_INVALID, 4),
    ]


def test_credit_ref_round_trips_as_a_dict():
    ref = CreditRef("video", "v-1", Decimal("1.50"))
    assert parse_credits([ref.as_dict()])[0] == [ref]


def test_settings_are_checked_together():
    values, errors = parse_settings("40", "45", [])
    assert errors == [] and values == {"required_hours": Decimal("40.00"), "minutes_per_hour": 45, "credits": []}
    _values, errors = parse_settings("x", "0", [{"block_type": "", "url_name": "a", "hours": "1"}])
    assert [e.field for e in errors] == ["required_hours", "minutes_per_hour", "block_type"]
