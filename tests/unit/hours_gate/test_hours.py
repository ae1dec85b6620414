"""Hour sums of the hours gate: partial completion, containers, manual credits, rounding."""

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from hours_gate.hours import (
    APPLICATION_APPROVED,
    APPLICATION_NOT_APPROVED,
    APPLICATION_NOT_SUBMITTED,
    HOURS_MISSING,
    ITEM_INCOMPLETE,
    CreditItem,
    ManualCredit,
    VideoDuration,
    all_completion_keys,
    describe_missing,
    earned_hours,
    is_unlocked,
    round_half_up,
    video_hours,
    with_video_credits,
)

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LESSON = CreditItem("seq-1", "第一课", Decimal("4"), ("video-1", "html-1", "practice-1", "video-2"))
VIDEO = CreditItem("video-9", "视频九", Decimal("1.5"))


def credit(hours, id=1, revoked=False):
    return ManualCredit(
        id=id, hours=Decimal(hours), reason="线下培训", by="staff", at=AT,
        revoked_at=AT if revoked else None, revoked_by="staff" if revoked else None,
    )


def test_leaf_item_is_its_own_leaf_and_duplicate_leaves_count_once():
    assert VIDEO.leaf_keys == ("video-9",)
    item = CreditItem("seq", "课", Decimal("1"), ("a", "b", "a"))
    assert item.leaf_keys == ("a", "b")


def test_all_completion_keys_is_one_query_over_every_leaf():
    assert all_completion_keys([LESSON, VIDEO]) == {"video-1", "html-1", "practice-1", "video-2", "video-9"}


def test_nothing_completed_earns_nothing():
    status = earned_hours([LESSON, VIDEO], {}, required=5)
    assert status.earned == Decimal("0.00")
    assert status.missing == Decimal("5.00")
    assert not status.met
    assert [item.earned for item in status.items] == [Decimal("0.00"), Decimal("0.00")]


def test_container_earns_the_share_of_its_complete_leaves():
    status = earned_hours([LESSON], {"video-1": 1.0, "html-1": 1.0}, required=4)
    (lesson,) = status.items
    assert lesson.completion == Decimal("0.5000")
    assert lesson.earned == Decimal("2.00")
    assert (lesson.leaves_complete, lesson.leaves_total) == (2, 4)
    assert not lesson.complete
    assert status.earned == Decimal("2.00") and status.missing == Decimal("2.00")


def test_partial_leaf_completion_counts_in_proportion():
    status = earned_hours([LESSON, VIDEO], {"video-1": 0.5, "video-9": 0.25}, required=10)
    lesson, video = status.items
    assert lesson.completion == Decimal("0.1250")
    assert lesson.earned == Decimal("0.50")  # 4 x 0.5 / 4
    assert lesson.leaves_complete == 0
    assert video.earned == Decimal("0.38")  # 1.5 x 0.25 = 0.375, half up
    assert status.earned == Decimal("0.88")  # exact 0.875, half up


def test_completion_values_out_of_range_are_clamped():
    status = earned_hours([VIDEO], {"video-9": 1.7}, required=1)
    assert status.items[0].earned == Decimal("1.50")
    status = earned_hours([VIDEO], {"video-9": -0.3}, required=1)
    assert status.items[0].earned == Decimal("0.00")


def test_nested_items_count_each_credited_level():
    section = CreditItem("chapter-1", "第一章", Decimal("10"), ("video-1", "html-1", "video-3", "video-4"))
    status = earned_hours([section, LESSON], {"video-1": 1, "video-3": 1}, required=20)
    assert [item.earned for item in status.items] == [Decimal("5.00"), Decimal("1.00")]
    assert status.earned == Decimal("6.00")


def test_all_complete_meets_the_requirement():
    completions = {key: 1.0 for key in all_completion_keys([LESSON, VIDEO])}
    status = earned_hours([LESSON, VIDEO], completions, required=Decimal("5.5"))
    assert status.met
    assert status.earned == Decimal("5.50") and status.missing == Decimal("0.00")
    assert all(item.complete for item in status.items)


def test_manual_credits_add_and_corrections_subtract():
    status = earned_hours([VIDEO], {"video-9": 1}, [credit("3", 1), credit("-0.5", 2)], required=4)
    assert status.manual_total == Decimal("2.50")
    assert status.earned == Decimal("4.00")
    assert status.met


def test_revoked_credits_do_not_count():
    status = earned_hours([VIDEO], {}, [credit("40", 1, revoked=True), credit("2", 2)], required=40)
    assert status.manual_total == Decimal("2.00")
    assert status.earned == Decimal("2.00")
    assert not status.met


def test_manual_credits_alone_can_meet_the_requirement():
    status = earned_hours([LESSON], {}, [credit("40")], required=40)
    assert status.met and status.missing == Decimal("0.00")


def test_earned_never_goes_below_zero():
    status = earned_hours([VIDEO], {"video-9": 1}, [credit("-5")], required=2)
    assert status.earned == Decimal("0.00")
    assert status.manual_total == Decimal("-5.00")
    assert status.missing == Decimal("2.00")


def test_rounding_is_half_up_to_hundredths():
    item = CreditItem("v", "v", Decimal("0.01"))
    status = earned_hours([item], {"v": 0.5}, required=1)  # 0.005 exactly
    assert status.items[0].earned == Decimal("0.01")
    assert status.earned == Decimal("0.01")
    assert round_half_up(Fraction(-5, 1000)) == Decimal("-0.01")


def test_earned_just_below_required_is_not_met_and_not_shown_as_met():
    item = CreditItem("v", "v", Decimal("40"))
    status = earned_hours([item], {"v": 0.9999}, required=40)  # 39.996, rounds to 40.00
    assert not status.met
    assert status.earned == Decimal("39.99")
    assert status.missing == Decimal("0.01")
    assert not is_unlocked(status)


def test_exact_thirds_add_up_to_the_requirement():
    items = [CreditItem(f"v{i}", "v", Fraction(1, 3)) for i in range(3)]
    status = earned_hours(items, {f"v{i}": 1 for i in range(3)}, required=1)
    assert status.met and status.earned == Decimal("1.00")
    assert [item.credit for item in status.items] == [Decimal("0.33")] * 3


def test_required_must_be_whole_hundredths():
    with pytest.raises(ValueError):
        earned_hours([], {}, required=Decimal("1.005"))
    with pytest.raises(ValueError):
        earned_hours([], {}, required=-1)


def test_zero_required_is_always_met():
    assert earned_hours([LESSON], {}, required=0).met


@pytest.mark.parametrize("hours", [Decimal("-1"), "abc", "NaN", float("inf")])
def test_bad_item_credit_is_refused(hours):
    with pytest.raises(ValueError):
        CreditItem("x", "x", hours)


def test_credit_given_as_text_or_int_is_exact():
    assert CreditItem("x", "x", "2.5").hours == Decimal("2.5")
    assert earned_hours([CreditItem("x", "x", 3)], {"x": 1}, required="3").met


def test_video_hours_from_duration():
    assert video_hours(45 * 60) == 1
    assert video_hours(50 * 60, minutes_per_hour=50) == 1
    assert video_hours(600) == Fraction(2, 9)
    with pytest.raises(ValueError):
        video_hours(600, minutes_per_hour=0)


def test_twenty_short_videos_sum_exactly():
    videos = [VideoDuration(f"v{i}", f"视频{i}", 135) for i in range(20)]  # 20 x 2.25 min = 1 学时
    items = with_video_credits([], videos)
    status = earned_hours(items, {f"v{i}": 1.0 for i in range(20)}, required=1)
    assert status.met and status.earned == Decimal("1.00")


def test_video_credits_skip_covered_and_unknown_durations():
    videos = [
        VideoDuration("video-1", "已在课程中", 2700),  # leaf of LESSON
        VideoDuration("video-9", "已单独计入", 2700),  # explicit item
        VideoDuration("video-x", "时长未知", None),
        VideoDuration("video-0", "零时长", 0),
        VideoDuration("video-y", "新视频", 1350),
        VideoDuration("video-y", "重复", 1350),
    ]
    items = with_video_credits([LESSON, VIDEO], videos)
    assert [item.key for item in items] == ["seq-1", "video-9", "video-y"]
    assert items[-1].hours == Fraction(1, 2)


def test_describe_missing_lists_hours_and_incomplete_items():
    zero = CreditItem("intro", "导学", Decimal("0"))
    status = earned_hours([LESSON, VIDEO, zero], {"video-1": 1, "video-9": 1}, required=6)
    facts = describe_missing(status)
    assert [fact.code for fact in facts] == [HOURS_MISSING, ITEM_INCOMPLETE]
    assert facts[0].params == {"missing": Decimal("3.50"), "earned": Decimal("2.50"), "required": Decimal("6.00")}
    assert facts[1].params["key"] == "seq-1"
    assert facts[1].params["remaining_hours"] == Decimal("3.00")
    assert facts[1].params["leaves_remaining"] == 3


def test_describe_missing_application_states():
    met = earned_hours([], {}, required=0)
    assert describe_missing(met) == ()
    assert describe_missing(met, application_required=False, application_status=None) == ()
    (fact,) = describe_missing(met, application_required=True)
    assert fact.code == APPLICATION_NOT_SUBMITTED
    (fact,) = describe_missing(met, application_required=True, application_status="pending")
    assert fact.code == APPLICATION_NOT_APPROVED and fact.params == {"status": "pending"}
    assert is_unlocked(met, application_required=True, application_status=APPLICATION_APPROVED)


def test_incomplete_items_not_listed_once_hours_are_met():
    status = earned_hours([LESSON], {}, [credit("4")], required=4)
    (fact,) = describe_missing(status, application_required=True, application_status="rejected")
    assert fact.code == APPLICATION_NOT_APPROVED
