"""Exam rules on the server's clock: window, deadlines with extra time, grace, attempts, counted score."""
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from carbon_exam.rules import (
    accepts_saves,
    attempt_deadline,
    attempts_left,
    counted_score,
    may_start_attempt,
    parse_datetime,
    seconds_left,
    window_state,
)

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_parse_datetime():
    assert parse_datetime("2026-05-01T17:00+08:00") == NOW
    assert parse_datetime("2026-05-01 09:00") == NOW
    assert parse_datetime("  ") is None and parse_datetime(None) is None
    with pytest.raises(ValueError):
        parse_datetime("next monday")


@pytest.mark.parametrize("opens, closes, state", [
    (None, None, "open"), (NOW + timedelta(seconds=1), None, "not_open"), (NOW, None, "open"),
    (None, NOW, "closed"), (None, NOW + timedelta(seconds=1), "open"),
])
def test_window_state(opens, closes, state):
    assert window_state(NOW, opens, closes) == state


def test_deadline_from_time_limit_extra_time_and_window_close():
    assert attempt_deadline(NOW, 120, 0, None) == NOW + timedelta(minutes=120)
    assert attempt_deadline(NOW, 120, 30, None) == NOW + timedelta(minutes=150)
    close = NOW + timedelta(minutes=60)
    assert attempt_deadline(NOW, 120, 0, close) == close
    assert attempt_deadline(NOW, 120, 15, close) == close + timedelta(minutes=15)
    assert attempt_deadline(NOW, 0, 15, None) is None
    assert attempt_deadline(NOW, 0, 0, close) == close
    assert attempt_deadline(NOW, 10, -5, None) == NOW + timedelta(minutes=10)


def test_seconds_left_and_grace():
    deadline = NOW + timedelta(seconds=90)
    assert seconds_left(NOW, deadline) == 90 and seconds_left(deadline + timedelta(hours=1), deadline) == 0
    assert seconds_left(NOW, None) is None
    assert accepts_saves(deadline + timedelta(seconds=30), deadline, 30)
    assert not accepts_saves(deadline + timedelta(seconds=31), deadline, 30)
    assert accepts_saves(NOW + timedelta(days=9), None, 0)


@pytest.mark.parametrize("used, limit, after_fail, passed, pending, allowed, reason", [
    (0, 1, False, None, False, True, ""),
    (1, 1, False, False, False, False, "no_attempts_left"),
    (1, 2, True, True, False, False, "already_passed"),
    (1, 2, True, False, False, True, ""),
    (1, 2, True, None, True, False, "awaiting_grading"),
    (1, 2, False, True, False, True, ""),
    (50, 0, False, False, False, True, ""),
])
def test_may_start_attempt(used, limit, after_fail, passed, pending, allowed, reason):
    check = may_start_attempt(used, limit, after_fail, passed, pending)
    assert (check.allowed, check.reason) == (allowed, reason)


def test_attempts_left():
    assert attempts_left(1, 3) == 2 and attempts_left(4, 3) == 0 and attempts_left(9, 0) is None


def test_counted_score_highest_or_last():
    scores = [(D("70"), D("100")), (D("55"), D("100")), (D("1"), D("2"))]
    assert counted_score(scores, "highest") == (D("70"), D("100"))
    assert counted_score(scores, "last") == (D("1"), D("2"))
    assert counted_score([], "highest") is None


def test_naive_and_aware_times_compare():
    assert window_state(NOW, parse_datetime("2026-05-01T08:59:59"), None) == "open"
    assert window_state(NOW.astimezone(timezone(timedelta(hours=8))), None, parse_datetime("2026-05-01T09:00")) == "closed"
