"""The roster histogram: tenths of the requirement, the last bucket exactly the learners whose hours are met."""
import subprocess
import sys
from decimal import Decimal as D

from hours_gate.distribution import distribution, tenths


def counts(spread):
    return [bucket.count for bucket in spread.buckets]


def test_buckets_are_tenths_of_the_requirement_and_the_last_is_met():
    spread = distribution([
        (D("0"), False, False), (D("3.99"), False, False), (D("4"), False, False), (D("20"), False, False),
        (D("39.99"), False, False), (D("40"), True, True), (D("55"), True, False),
    ], D("40"))
    assert counts(spread) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1, 2]
    assert [b.label for b in spread.buckets][:2] == ["0–10%", "10–20%"]
    assert spread.buckets[-1].label == "≥100%" and spread.buckets[-1].met
    assert not any(b.met for b in spread.buckets[:-1])
    assert (spread.total, spread.hours_met, spread.unlocked) == (7, 2, 1)
    assert (spread.buckets[1].low_hours, spread.buckets[1].high_hours) == (D("4.00"), D("8.00"))
    assert spread.buckets[-1].low_hours == D("40.00") and spread.buckets[-1].high_hours is None


def test_unmet_is_never_counted_as_met_and_met_always_is():
    assert tenths(D("40"), D("40"), met=False) < 10  # e.g. shown rounded, but not met exactly
    assert tenths(D("39.996"), D("40"), met=False) < 10
    assert tenths(D("1"), D("40"), met=True) == 10  # met by a path the sum does not show (never mind how)
    assert counts(distribution([(D("40"), False, False)], D("40")))[-2:] == [1, 0]


def test_no_requirement_and_no_learners():
    assert counts(distribution([(D("0"), True, True)], D("0")))[-1] == 1
    empty = distribution([], D("40"))
    assert counts(empty) == [0] * 11 and (empty.total, empty.hours_met, empty.unlocked) == (0, 0, 0)


def test_fractional_requirement_bucket_edges_round_to_hundredths():
    spread = distribution([], D("3.5"))
    assert [str(b.low_hours) for b in spread.buckets[:3]] == ["0.00", "0.35", "0.70"]


def test_distribution_module_stays_pure():
    code = ("import sys, hours_gate.distribution\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'xblock', 'django'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
