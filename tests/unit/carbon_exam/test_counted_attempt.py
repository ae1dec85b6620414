"""Which attempt counts: one rule (rules.counted_score) for the gradebook and the staff histogram."""
from decimal import Decimal as D

import pytest

from carbon_exam import distribution, rules
from carbon_exam.distribution import GradedScore, counted_per_learner
from carbon_exam.rules import counted_score

# In attempt order: the best is neither the first nor the last, and the last is not the first.
ATTEMPTS = [(D("50"), D("100")), (D("9"), D("10")), (D("80"), D("100")), (D("60"), D("100"))]


@pytest.mark.parametrize(("rule", "expected"), [("highest", (D("9"), D("10"))), ("last", (D("60"), D("100")))])
def test_gradebook_counts_the_highest_share_or_the_last_never_simply_the_first(rule, expected):
    assert counted_score(ATTEMPTS, rule) == expected
    assert counted_score(list(reversed(ATTEMPTS)), "last") == ATTEMPTS[0]  # attempt order decides "last"


def test_highest_compares_shares_not_raw_points_and_ties_go_to_the_earlier_attempt():
    assert counted_score([(D("50"), D("100")), (D("1"), D("1"))], "highest") == (D("1"), D("1"))
    first, same_share = (D("1"), D("2")), (D("50"), D("100"))
    assert counted_score([first, same_share], "highest") is first
    assert counted_score([same_share, first], "highest") is same_share


def test_no_attempt_counts_nothing_and_zero_possible_counts_as_zero():
    assert counted_score([], "highest") is None and counted_score([], "last") is None
    assert counted_score([(D("0"), D("0")), (D("1"), D("10"))], "highest") == (D("1"), D("10"))


@pytest.mark.parametrize("rule", ["highest", "last"])
def test_histogram_and_gradebook_count_the_same_attempt(rule):
    scores = [GradedScore("ann", number, earned, possible, None, False) for number, (earned, possible)
              in enumerate(ATTEMPTS, start=1)]
    [counted] = counted_per_learner(list(reversed(scores)), rule)
    assert (counted.earned, counted.possible) == counted_score(ATTEMPTS, rule)
    assert distribution.counted_score is rules.counted_score  # one function, not a copy
