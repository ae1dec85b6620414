"""Verified mode's pure side: what each leaf needs, the shares fed to the hour sums, studied / needed per item."""
from fractions import Fraction
from gettext import NullTranslations

from carbon_common.i18n import Translator
from carbon_common.study_intervals import Need, Studied
from hours_gate.hours import CreditItem, earned_hours
from hours_gate.study_view import item_payload, minutes, shortfall
from hours_gate.verified import LeafShortfall, item_study, leaf_kind, needs_for, shares

identity = Translator(NullTranslations())  # the English msgids, placeholders filled


def test_each_block_type_needs_its_kind_of_evidence():
    assert [leaf_kind(t) for t in ("video", "html", "carbon_exam", "problem")] == [
        "video", "reading", "practice", "practice"]
    needs = needs_for({"v": "video", "u": "video", "h": "html", "p": "carbon_exam"}, {"v": 600, "u": None}, 300)
    assert needs == {"v": Need("video", 600), "u": Need("video", None), "h": Need("reading", 300),
                     "p": Need("practice", None)}


def test_a_video_at_the_platforms_completion_threshold_counts_whole_a_reading_never_rounds_up():
    needs = {"v": Need("video", 600), "w": Need("video", 600), "h": Need("reading", 600)}
    studied = {"v": Studied(570, 600, Fraction(57, 60), "video_played"),  # 95 %: complete, as the platform says
               "w": Studied(569, 600, Fraction(569, 600), "video_played"),
               "h": Studied(590, 600, Fraction(59, 60), "arrival_to_next_event")}
    assert shares(studied, needs, 0.95) == {"v": 1, "w": Fraction(569, 600), "h": Fraction(59, 60)}
    assert shares(studied, needs) == {"v": Fraction(57, 60), "w": Fraction(569, 600), "h": Fraction(59, 60)}


def test_the_hour_sum_is_credit_times_the_ledgers_share():
    """A 2-hour lesson of a video half watched, a reading fully read and a practice check not answered:
    (1/2 + 1 + 0) / 3 x 2 = 1 hour."""
    item = CreditItem("lesson", "第1讲", "2", ("v", "h", "p"))
    needs = {"v": Need("video", 600), "h": Need("reading", 300), "p": Need("practice")}
    studied = {"v": Studied(300, 600, Fraction(1, 2), "video_played"),
               "h": Studied(300, 300, Fraction(1), "arrival_to_next_event"),
               "p": Studied(0, None, Fraction(0), "practice_empty")}
    status = earned_hours([item], shares(studied, needs, 0.95), required="2")
    assert (str(status.earned), str(status.missing), status.met) == ("1.00", "1.00", False)


def test_item_study_sums_timed_leaves_and_lists_what_is_missing():
    needs = {"v": Need("video", 600), "h": Need("reading", 300), "p": Need("practice"), "u": Need("video")}
    studied = {"v": Studied(300, 600, Fraction(1, 2), "video_played"),
               "h": Studied(300, 300, Fraction(1), "arrival_to_next_event"),
               "p": Studied(0, None, Fraction(0), "none"),
               "u": Studied(0, None, Fraction(0), "none")}
    study = item_study("lesson", ("v", "h", "p", "u"), needs, studied, shares(studied, needs, 0.95))
    assert (study.studied_seconds, study.needed_seconds) == (600, 900)  # the unknown video is left out
    assert study.missing == (LeafShortfall("v", "video", 300, 600), LeafShortfall("p", "practice", 0, None),
                             LeafShortfall("u", "video", 0, None))


def test_minutes_never_show_a_shortfall_as_met():
    assert minutes(599.9) == "9.9" and minutes(601) == "10" and item_payload(identity, None) is None
    from decimal import ROUND_UP

    assert minutes(601, ROUND_UP) == "10.1"
    study = item_study("x", ("v",), {"v": Need("video", 601)}, {"v": Studied(599.9, 601, Fraction(5999, 6010), "")},
                       {"v": Fraction(5999, 6010)})
    assert item_payload(identity, study) == {"studied": "9.9", "needed": "10.1", "percent": 99,
                                             "missing": ["Video: 9.9 of 10.1 minutes watched."]}


def test_shortfall_sentences():
    assert shortfall(identity, LeafShortfall("p", "practice", 0, None)) == "Practice check: not yet answered."
    assert shortfall(identity, LeafShortfall("h", "reading", 90, 600)) == "Reading: 1.5 of 10 minutes read."
    assert shortfall(identity, LeafShortfall("u", "video", 30, None)) == (
        "Video: 0.5 minutes watched; its length is known once it is played.")
