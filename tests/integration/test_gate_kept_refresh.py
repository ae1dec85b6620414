"""A learner's kept gate records brought up to date by the rows written since (hours_gate/kept.py, issue 13) give
exactly what a full read gives (the roster's path, which keeps nothing), after random sequences of completions,
removals and manual credit changes (fixed seed), in completion mode and in verified mode (the study ledger)."""
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carbon_common import ledger
from carbon_common.models import HourCredit, StudyCredit
from hours_gate import evaluation, kept
from tests.conftest import GATE_PROBE
from tests.integration.helpers import block_of
from tests.integration.helpers import usage_key as key
from tests.integration.test_hours_gate import lesson_course

pytestmark = pytest.mark.django_db
LESSONS = 8


@pytest.fixture
def course_of(load_course, settings, tmp_path, completion_on):
    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    evaluation.forget_kept()
    yield lambda attributes="": load_course(lesson_course(tmp_path / "c", LESSONS, gate_attributes=attributes))
    evaluation.forget_kept()


def compare(course, user):
    """The learner's own (kept) evaluation against the roster's full read; returns whether the completion or
    ledger rows were read in full on this call."""
    gate = block_of(course, user, key(course, "hours_gate", "gate"))
    with CaptureQueriesContext(connection) as captured:
        own = evaluation.evaluate_learner(gate, user.id, sync=False)
    full = evaluation.roster(gate, get_user_model().objects.filter(id=user.id))[0].state
    assert (own.status, own.facts, own.is_open) == (full.status, full.facts, full.is_open)
    assert own.study == full.study and own.studied == full.studied
    reads = [q["sql"] for q in captured.captured_queries
             if ("completion_blockcompletion" in q["sql"] or "studycredit" in q["sql"]) and "COUNT(" not in q["sql"]]
    return [sql for sql in reads if ">=" not in sql]


def credit_change(rng, course, user):
    gate = str(key(course, "hours_gate", "gate"))
    active = list(HourCredit.objects.filter(user=user, revoked_at__isnull=True))
    if active and rng.random() < 0.5:
        HourCredit.objects.filter(id=rng.choice(active).id).update(revoked_at=timezone.now())
    else:
        HourCredit.objects.create(course_key=str(course.course_key), usage_key=gate, user=user,
                                  hours=Decimal(rng.choice(["0.5", "1.25", "-0.75", "3"])), reason="offline")


def remove_row_or_credit(rng, course, user, rows, remove):
    """With ``remove``, delete one of ``rows`` (a queryset; nothing when empty); else a manual credit change."""
    if not remove:
        credit_change(rng, course, user)
        return
    ids = list(rows.values_list("id", flat=True))
    if ids:
        rows.filter(id=rng.choice(ids)).delete()


@pytest.mark.parametrize("slack", [timedelta(0), kept.SLACK])
def test_completions_brought_up_to_date_equal_a_full_read(course_of, make_user, monkeypatch, slack):
    monkeypatch.setattr(kept, "SLACK", slack)
    course = course_of()
    user = make_user("ann", course)
    rng = random.Random(13)
    blocks = [key(course, kind, f"l{n}-{suffix}") for n in range(LESSONS) for kind, suffix in
              (("video", "v"), ("html", "r"))] + [key(course, "html", "not-credited")]
    full_reads = compare(course, user)
    assert full_reads  # the first call reads every record
    refreshed = 0
    for _step in range(60):
        roll = rng.random()
        if roll < 0.6:
            BlockCompletion.objects.submit_completion(user=user, block_key=rng.choice(blocks),
                                                      completion=rng.choice([0.0, 0.25, 0.5, 0.95, 1.0]))
        else:
            remove_row_or_credit(rng, course, user, BlockCompletion.objects.filter(user=user), remove=roll < 0.75)
        refreshed += not compare(course, user)
    assert refreshed > 30  # most calls read only the rows written since (or nothing)


@pytest.mark.parametrize("slack", [timedelta(0), kept.SLACK])
def test_ledger_credits_brought_up_to_date_equal_a_full_read(course_of, make_user, monkeypatch, slack):
    monkeypatch.setattr(kept, "SLACK", slack)
    course = course_of('hours_mode="verified" reading_minutes="1" fallback_video_seconds="60"')
    user = make_user("ann", course)
    rng = random.Random(11)
    start = timezone.now() - timedelta(hours=2)
    clock = {"at": start}

    def later(seconds):
        clock["at"] += timedelta(seconds=seconds)
        return clock["at"]

    assert compare(course, user)
    refreshed = 0
    for _step in range(40):
        roll, n = rng.random(), rng.randrange(LESSONS)
        course_key = course.course_key
        if roll < 0.35:
            video = str(key(course, "video", f"l{n}-v"))
            event = {"context": {"user_id": user.id, "course_id": str(course_key), "session": "s"},
                     "data": {"id": video, "currentTime": 0}, "name": "play_video", "timestamp": later(1)}
            ledger.record_event(event)
            ledger.record_event({**event, "name": "pause_video", "timestamp": later(rng.choice([10, 30, 70])),
                                 "data": {"id": video, "currentTime": rng.choice([10, 30, 70])}})
        elif roll < 0.6:
            ledger.record_reading_arrival(user.id, course_key, key(course, "html", f"l{n}-r"), when=later(1))
        elif roll < 0.7:
            ledger.record_event({"context": {"user_id": user.id}, "name": "some_click", "timestamp": later(90)})
        else:
            remove_row_or_credit(rng, course, user, StudyCredit.objects.filter(user=user), remove=roll < 0.8)
        refreshed += not compare(course, user)
    assert refreshed > 20


def test_every_ledger_write_moves_the_fingerprint(course_of, make_user):
    """Each StudyCredit write path (a first credit, a recompute that changes a row, a reading ended by the next
    event, a practice check) changes (count, latest updated), so no learner's kept gate stays stale."""
    course = course_of('hours_mode="verified" reading_minutes="1"')
    user = make_user("ann", course)
    course_key, at = course.course_key, timezone.now() - timedelta(hours=1)
    reading, video = key(course, "html", "l0-r"), str(key(course, "video", "l1-v"))
    context = {"user_id": user.id, "course_id": str(course_key), "session": "s"}
    writes = [
        lambda: ledger.record_reading_arrival(user.id, course_key, reading, when=at),  # created
        lambda: ledger.record_event({"context": context, "name": "click", "timestamp": at + timedelta(seconds=40)}),
        lambda: ledger.record_event({"context": context, "name": "play_video", "timestamp": at + timedelta(seconds=50),
                                     "data": {"id": video, "currentTime": 0}}),
        lambda: ledger.record_event({"context": context, "name": "pause_video", "data": {"id": video, "currentTime": 20},
                                     "timestamp": at + timedelta(seconds=70)}),  # the video's row updated
        lambda: ledger.record_practice(user.id, course_key, key(course, "problem", "p"), answered=True),
        lambda: ledger.record_reading_arrival(user.id, course_key, reading, when=at + timedelta(seconds=80)),
    ]
    for write in writes:
        before, rows_before = ledger.credit_fingerprint(course_key, user.id), _rows(user)
        write()
        if _rows(user) != rows_before:  # every write that changed a row moved the fingerprint
            assert ledger.credit_fingerprint(course_key, user.id) != before
        compare(course, user)  # and the kept gate agrees with a full read right after


def _rows(user):
    return sorted(StudyCredit.objects.filter(user=user).values_list("usage_key", "kind", "seconds", "evidence",
                                                                      "open_since"))


def test_a_removed_row_whose_id_comes_back_for_another_block_is_seen(course_of, make_user):
    """A database that reuses a removed row's id (the count then looks unchanged) still reads in full."""
    course = course_of()
    user = make_user("ann", course)
    done = BlockCompletion.objects.submit_completion(user=user, block_key=key(course, "video", "l0-v"),
                                                     completion=1.0)[0]
    compare(course, user)
    row_id = done.id
    done.delete()
    BlockCompletion.objects.create(id=row_id, user=user, context_key=course.course_key, completion=1.0,
                                   block_key=key(course, "html", "l3-r"), block_type="html")
    assert compare(course, user)  # read in full, and equal to the roster's read
