"""The study ledger under real races on MariaDB: threads recording one learner's video events at once.

Each thread (its own database connection) records play/pause events through ``ledger.record_event`` (what the
event-tracking backend calls), on videos some threads share (two sessions at once), all released together by a
barrier each round. Nothing may be lost: every event is stored, and the credit rows the racing recomputes left
behind equal, after every round, a single-threaded recompute of the same evidence (and at the end one from
scratch, with every credit row deleted first).
"""
from datetime import timedelta
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from carbon_common import ledger
from carbon_common.models import StudyCredit, StudyEvent
from tests.concurrency.conftest import MARIADB, SKIP_REASON
from tests.concurrency.support import FIGURES, in_parallel

pytestmark = [pytest.mark.skipif(not MARIADB, reason=SKIP_REASON), pytest.mark.django_db(transaction=True)]

COURSE = "course-v1:Carbon+RACE+2026"
THREADS, ROUNDS, VIDEOS = 6, 12, 3


def credits_of(user):
    """{item: (seconds, evidence, intervals)} of the learner's credit rows in the course."""
    return {row.usage_key: (round(row.seconds, 6), row.evidence, row.intervals)
            for row in StudyCredit.objects.filter(user=user, course_key=COURSE)}


def play_then_pause(user, thread, round_, start):
    """Thread ``thread`` plays its video for 20 s of round ``round_`` (server times given, so credit is exact)."""
    video = f"block-v1:Carbon+RACE+2026+type@video+block@clip-{thread % VIDEOS}"
    at = start + timedelta(seconds=60 * round_ + thread)
    for name, offset in (("play_video", 0), ("pause_video", 20)):
        ledger.record_event({"name": name, "timestamp": at + timedelta(seconds=offset),
                             "data": {"id": video, "currentTime": float(30 * round_ + offset)},
                             "context": {"user_id": user.id, "course_id": COURSE, "session": f"session-{thread}"}})
    return 2


def test_parallel_video_events_of_one_learner_lose_nothing_and_credit_as_one_thread_would():
    user = get_user_model().objects.create_user("racer", password="x")
    start = timezone.now() - timedelta(days=1)
    sent = 0
    for round_ in range(ROUNDS):
        sent += sum(in_parallel([partial(play_then_pause, user, thread, round_, start) for thread in range(THREADS)]))
        stored = StudyEvent.objects.filter(user=user, course_key=COURSE).count()
        FIGURES["ledger_events_lost"] = FIGURES.get("ledger_events_lost", 0) + (sent - stored)
        assert stored == sent
        raced = credits_of(user)  # what the racing recomputes left behind in this round
        ledger.recompute(user.id, COURSE)  # one thread, the same evidence
        FIGURES["ledger_credits_differing"] = FIGURES.get("ledger_credits_differing", 0) + sum(
            raced.get(item) != value for item, value in credits_of(user).items())
        assert raced == credits_of(user), f"round {round_}"
    raced = credits_of(user)
    StudyCredit.objects.filter(user=user, course_key=COURSE).delete()
    ledger.recompute(user.id, COURSE)  # one thread, the same evidence, from nothing
    alone = credits_of(user)
    assert len(alone) == VIDEOS and raced == alone
    assert all(seconds > 0 for seconds, _evidence, _intervals in alone.values())
