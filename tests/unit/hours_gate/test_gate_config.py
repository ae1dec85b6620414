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


# --- Studio's editor (StudioEditableXBlockMixin): kind check, stored forms, the whole set's rules -----------

@pytest.mark.parametrize("values, expected", [
    ({"minutes_per_hour": 45, "reading_minutes": "15", "fallback_video_seconds": None}, []),
    ({"minutes_per_hour": "abc"}, [("minutes_per_hour", config.MINUTES_INVALID)]),
    ({"minutes_per_hour": 1.5}, [("minutes_per_hour", config.MINUTES_INVALID)]),
    ({"reading_minutes": True}, [("reading_minutes", config.READING_MINUTES_INVALID)]),
    ({"fallback_video_seconds": "²"}, [("fallback_video_seconds", config.VIDEO_SECONDS_INVALID)]),
    ({"required_hours": 2.5, "display_name": "考试"}, []),
    ({"required_hours": False}, [("required_hours", config.REQUIRED_INVALID)]),
    ({"display_name": 3, "hours_mode": None}, [("display_name", config.TEXT_INVALID),
                                               ("hours_mode", config.MODE_INVALID)]),
    ({"application_url_name": ["a"]}, [("application_url_name", config.APPLICATION_NAME_INVALID)]),
    ({"require_application": "true", "credit_all_videos": 1}, [("require_application", config.FLAG_INVALID),
                                                               ("credit_all_videos", config.FLAG_INVALID)]),
    ({"credits": {"block_type": "video"}}, [("credits", config.CREDITS_INVALID)]),
    ({"credits": []}, []), ({"unknown": object()}, []),
])
def test_kind_problems(values, expected):
    assert [(e.field, e.code) for e in config.kind_problems(values)] == expected


def test_normalise_settings_gives_stored_forms_and_leaves_invalid_values_to_the_rules():
    assert config.normalise_settings({
        "display_name": "  考试 \n资格 ", "required_hours": 10, "hours_mode": " verified ",
        "application_url_name": "  ", "credits": [{"block_type": "video", "url_name": "v1", "hours": "1.5"}],
    }) == {"display_name": "考试 资格", "required_hours": "10.00", "hours_mode": "verified",
           "application_url_name": "application",
           "credits": [{"block_type": "video", "url_name": "v1", "hours": "1.50"}]}
    bad = {"required_hours": "-1", "credits": [{"block_type": "video", "url_name": "", "hours": "1"}]}
    assert config.normalise_settings(bad) == bad
    assert config.normalise_settings({"display_name": " \t "}) == {}  # blank: the current name stays
    assert len(config.normalise_settings({"display_name": "名" * 300})["display_name"]) == config.MAX_DISPLAY_NAME


class Settings:
    """What ``validate_field_data`` passes: an object with the block's field names."""

    def __init__(self, **changes):
        self.__dict__.update(required_hours="40", minutes_per_hour=45, credits=[], hours_mode="completion",
                             reading_minutes=10, fallback_video_seconds=600, application_url_name="application")
        self.__dict__.update(changes)


def test_settings_problems_apply_parse_settings_rules_to_the_whole_set():
    assert config.settings_problems(Settings()) == []
    problems = config.settings_problems(Settings(required_hours="x", minutes_per_hour=None, hours_mode="trust",
                                                 reading_minutes=0, fallback_video_seconds=99999,
                                                 application_url_name="a b",
                                                 credits=[{"block_type": "Video", "url_name": "v", "hours": "1"}]))
    assert [(e.field, e.code, e.index) for e in problems] == [
        ("required_hours", config.REQUIRED_INVALID, None), ("minutes_per_hour", config.MINUTES_INVALID, None),
        ("hours_mode", config.MODE_INVALID, None), ("reading_minutes", config.READING_MINUTES_INVALID, None),
        ("fallback_video_seconds", config.VIDEO_SECONDS_INVALID, None), ("block_type", config.BLOCK_TYPE_INVALID, 0),
        ("application_url_name", config.APPLICATION_NAME_INVALID, None)]
    assert config.settings_problems(Settings(application_url_name="x" * 256))[0].code == config.APPLICATION_NAME_INVALID
