"""Boundaries of the hour sums (each test kills mutants that survived `make mutation`)."""
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

from hours_gate.hours import (
    ITEM_INCOMPLETE,
    CreditItem,
    ManualCredit,
    VideoDuration,
    describe_missing,
    earned_hours,
    is_unlocked,
    video_hours,
    with_video_credits,
)

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LESSON = CreditItem("seq-1", "第一课", Decimal("3"), ("v1", "v2", "v3"))


def test_one_minute_per_hour_is_a_valid_rate():
    assert video_hours(90, 1) == Fraction(3, 2)


def test_a_one_second_video_is_credited_with_its_title():
    [credited] = with_video_credits([], [VideoDuration("clip", "片段", 1), VideoDuration("none", "无", 0)], 45)
    assert (credited.key, credited.title) == ("clip", "片段") and credited.hours > 0
    assert video_hours(1, 45) == Fraction(1, 2700)


def test_rate_is_passed_on_to_video_credits():
    [credited] = with_video_credits([], [VideoDuration("clip", "片段", 3600)], 60)
    assert credited.hours == Decimal("1")


def test_item_progress_keeps_title_and_a_four_place_share():
    status = earned_hours([LESSON], {"v1": 1, "v2": 1, "v3": 0}, required=Decimal("3"))
    [item] = status.items
    assert (item.title, item.completion) == ("第一课", Decimal("0.6667"))


def test_missing_items_are_described_with_title_and_completion():
    status = earned_hours([LESSON], {"v1": 1}, required=Decimal("3"))
    [_hours, item] = describe_missing(status)
    assert item.code == ITEM_INCOMPLETE
    assert (item.params["title"], item.params["completion"]) == ("第一课", Decimal("0.3333"))


def test_manual_credits_alone_can_meet_the_requirement_and_no_application_is_needed_by_default():
    status = earned_hours([], {}, [ManualCredit(1, Decimal("2"), "线下培训", "sam", AT)], required=Decimal("2"))
    assert status.met and is_unlocked(status)
    assert not is_unlocked(status, application_required=True)
