"""Score spread for the staff view: ten buckets, failing ones below the pass mark, pending attempts apart."""
import itertools
from decimal import Decimal as D

from carbon_exam.distribution import EDGES, GradedScore, counted_per_learner, percent, score_distribution

LEARNERS = itertools.count(1)


def score(earned, possible=100, passed=None, pending=False, name=None, number=1):
    """One submitted attempt; each call is a new learner unless ``name`` is given."""
    passed = (D(str(earned)) >= 60) if passed is None and not pending else passed
    name = name or f"learner-{next(LEARNERS)}"
    return GradedScore(name, number, None if earned is None else D(str(earned)), D(str(possible)), passed, pending)


def test_buckets_edges_labels_and_failing_highlight():
    spread = score_distribution([], D(60), D(100))
    assert [b.label for b in spread.buckets] == ["0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69",
                                                "70–79", "80–89", "90–100"]
    assert [b.failing for b in spread.buckets] == [True] * 6 + [False] * 4
    assert spread.highlight() == {0, 1, 2, 3, 4, 5}
    assert spread.graded == 0 and spread.pass_rate is None and len(EDGES) == 11


def test_scores_fall_in_their_buckets_including_edges():
    spread = score_distribution([score(0), score(9.99), score(10), score(59.99), score(60), score(89.5), score(90),
                                 score(100)], D(60), D(100))
    assert [b.count for b in spread.buckets] == [2, 1, 0, 0, 0, 1, 1, 0, 1, 2]
    assert (spread.graded, spread.passed, spread.pass_rate) == (8, 4, D("50.0"))


def test_only_graded_attempts_count_and_pending_are_listed_apart():
    pending = score(None, pending=True, name="amy", number=2)
    spread = score_distribution([score(70, name="bob"), pending, score(30, name="cy")], D(60), D(100))
    assert spread.graded == 2 and sum(b.count for b in spread.buckets) == 2
    assert spread.pending == [pending]
    assert spread.pass_rate == D("50.0")


def test_scores_are_percentages_of_the_possible_points_and_pass_mark_of_the_total():
    spread = score_distribution([score(45, possible=50), score(20, possible=50, passed=False)], D(30), D(50))
    assert [b.count for b in spread.buckets][9] == 1 and [b.count for b in spread.buckets][4] == 1
    assert [b.failing for b in spread.buckets] == [True] * 6 + [False] * 4
    spread = score_distribution([], D(75), D(100))
    assert [b.failing for b in spread.buckets] == [True] * 7 + [False] * 3  # 70–79 holds passing scores too


def test_pass_rate_rounds_to_one_decimal():
    spread = score_distribution([score(80), score(80), score(10)], D(60), D(100))
    assert spread.pass_rate == D("66.7")


def test_percent_is_clamped():
    assert percent(D(120), D(100)) == 100 and percent(D(-1), D(100)) == 0 and percent(D(5), D(0)) == 0


def test_a_learner_with_two_attempts_counts_once_with_the_highest():
    attempts = [score(30, name="amy", number=1), score(75, name="amy", number=2), score(90, name="bob")]
    spread = score_distribution(attempts, D(60), D(100))
    assert [b.count for b in spread.buckets] == [0, 0, 0, 0, 0, 0, 0, 1, 0, 1]
    assert (spread.graded, spread.passed, spread.pass_rate) == (2, 2, D("100.0"))


def test_the_last_rule_counts_each_learners_last_graded_attempt():
    attempts = [score(75, name="amy", number=1), score(30, name="amy", number=2), score(45, name="bob")]
    spread = score_distribution(attempts, D(60), D(100), rule="last")
    assert [b.count for b in spread.buckets] == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert (spread.graded, spread.passed) == (2, 0)
    chosen = counted_per_learner(list(reversed(attempts)), "last")  # attempt order, not list order, decides
    assert [(s.username, s.number) for s in chosen] == [("amy", 2), ("bob", 1)]


def test_pending_attempts_do_not_count_but_the_learners_graded_one_does():
    pending = score(None, pending=True, name="amy", number=2)
    spread = score_distribution([score(40, name="amy", number=1), pending], D(60), D(100), rule="last")
    assert spread.graded == 1 and spread.buckets[4].count == 1 and spread.pending == [pending]


def test_highest_compares_percentages_and_ties_go_to_the_earlier_attempt():
    first, second = score(30, possible=50, name="amy", number=1), score(60, possible=100, name="amy", number=2)
    assert counted_per_learner([second, first]) == [first]
    better = score(45, possible=50, name="amy", number=3)
    assert counted_per_learner([first, second, better], "highest") == [better]
