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
    assert errors == [] and values == {"required_hours": Decimal("40.00"), "minutes_per_hour": 45, "credits": [],
                                       "hours_mode": "completion", "reading_minutes": 10,
                                       "fallback_video_seconds": 600}
    _values, errors = parse_settings("x", "0", [{"block_type": "", "url_name": "a", "hours": "1"}])
    assert [e.field for e in errors] == ["required_hours", "minutes_per_hour", "block_type"]


@pytest.mark.parametrize("mode, reading, fields", [
    ("verified", "12", []), ("completion", 1, []), ("verified", "240", []),
    ("trusted", "10", ["hours_mode"]), ("", "10", ["hours_mode"]), ("verified", "0", ["reading_minutes"]),
    ("verified", "241", ["reading_minutes"]), ("verified", "7.5", ["reading_minutes"]),
    (None, None, ["hours_mode", "reading_minutes"]),
])
def test_mode_and_reading_minutes_are_checked(mode, reading, fields):
    values, errors = parse_settings("40", "45", [], mode, reading, 600)
    assert [e.field for e in errors] == fields
    if not fields:
        assert values["hours_mode"] == mode and values["reading_minutes"] == int(reading)


@pytest.mark.parametrize("seconds, ok", [("20", True), (1, True), ("21600", True), ("0", False), ("21601", False),
                                         ("2.5", False), ("", False)])
def test_fallback_video_seconds_are_checked(seconds, ok):
    values, errors = parse_settings("40", "45", [], "verified", 10, seconds)
    assert [e.field for e in errors] == ([] if ok else ["fallback_video_seconds"])
    if ok:
        assert values["fallback_video_seconds"] == int(seconds)
