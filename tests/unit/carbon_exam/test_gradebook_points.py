"""Scores as the platform's gradebook shows them: whole points of the paper total, pass/fail kept."""
from decimal import Decimal as D

import pytest

from carbon_exam.rules import gradebook_points


@pytest.mark.parametrize(("earned", "possible", "expected"), [
    (D("88.33"), D("100"), (88, 100)),
    (D("88.5"), D("100"), (89, 100)),  # half up
    (D("59.5"), D("100"), (59, 100)),  # below the pass mark never shows as 60
    (D("59.99"), D("100"), (59, 100)),
    (D("60"), D("100"), (60, 100)),
    (D("0"), D("100"), (0, 100)),
    (D("100"), D("100"), (100, 100)),
    (D("30"), D("50"), (60, 100)),  # scaled to the paper total
    (D("0"), D("0"), (0, 100)),
])
def test_whole_points_of_the_total(earned, possible, expected):
    assert gradebook_points(earned, possible, D("100"), D("60")) == expected


def test_a_fractional_pass_mark_is_respected_both_ways():
    assert gradebook_points(D("59.6"), D("100"), D("100"), D("59.5")) == (60, 100)
    assert gradebook_points(D("59.4"), D("100"), D("100"), D("59.5")) == (59, 100)
