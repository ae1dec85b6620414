"""The study ledger on the local runtime: events through the real event-tracking library, completion's signal,
the ledger's queries, the plugin settings hook and retirement."""
import types
from datetime import timedelta
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from eventtracking.django.django_tracker import DjangoTracker

from carbon_common import ledger
from carbon_common import study_intervals as si
from carbon_common.models import StudyCredit, StudyEvent
from carbon_common.retirement import retire_user
from carbon_common.settings.common import plugin_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(settings):
    """The platform's tracker built from settings the plugin hook produced (EVENT_TRACKING_BACKENDS = {})."""
    site = types.SimpleNamespace(EVENT_TRACKING_BACKENDS={})
    plugin_settings(site)
    plugin_settings(site)  # idempotent
    assert list(site.EVENT_TRACKING_BACKENDS) == ["carbon_study_ledger"]
    settings.EVENT_TRACKING_BACKENDS = site.EVENT_TRACKING_BACKENDS
    return DjangoTracker()


def emit(tracker, user, course, name, data, session="tab-1"):
    context = {"user_id": user.id, "course_id": str(course.course_key), "session": session}
    with tracker.context("test", context):
        tracker.emit(name, data)


def shift(user, seconds):
    """Move the learner's recorded evidence ``seconds`` into the past (stands in for waiting), then recompute."""
    for row in StudyEvent.objects.filter(user=user):
        row.server_time -= timedelta(seconds=seconds)
        row.save(update_fields=["server_time"])


def test_burst_through_the_tracker_earns_no_more_than_the_wall_clock(real_course, make_user, tracker):
    ann = make_user("ann", real_course)
    block_id = "accounting-lesson-1-video"
    started = timezone.now()
    emit(tracker, ann, real_course, "play_video", {"id": block_id, "currentTime": 0, "code": "html5"})
    emit(tracker, ann, real_course, "complete_video", {"id": block_id, "currentTime": 3500})
    emit(tracker, ann, real_course, "stop_video", {"id": block_id, "currentTime": 3600})
    elapsed = (timezone.now() - started).total_seconds()
    key = str(real_course.course_key.make_usage_key("video", block_id))
    result = ledger.studied(real_course.course_key, [ann.id], {key: si.Need(si.VIDEO, 3600)})[ann.id][key]
    assert 0 < result.seconds <= elapsed
    assert result.evidence == si.EVIDENCE_VIDEO
    # both spans (0 -> 3500, 3500 -> 3600) claim far more than their milliseconds allow
    assert [a.kind for a in ledger.anomalies(real_course.course_key, ann.id)] == [si.IMPOSSIBLE_SPEED] * 2


def test_played_seconds_are_credited_and_seeks_skip(real_course, make_user, tracker):
    ann = make_user("ann", real_course)
    block_id = "accounting-lesson-1-video"
    emit(tracker, ann, real_course, "play_video", {"id": block_id, "currentTime": 0})
    shift(ann, 100)  # the play reached the server 100 s ago
    emit(tracker, ann, real_course, "seek_video", {"id": block_id, "old_time": 100, "new_time": 590})
    shift(ann, 10)
    emit(tracker, ann, real_course, "pause_video", {"id": block_id, "currentTime": 600})
    row = StudyCredit.objects.get(user=ann)
    assert row.intervals[0][0] == 0 and 99 < row.intervals[0][1] <= 100.5  # [0, ~100]
    assert len(row.intervals) == 2 and row.intervals[1][0] == 590  # [590, ~600]
    assert 109 < row.seconds <= 110.5  # 100 + 10, not the 600 the positions claim


def test_reading_arrival_by_completion_signal_and_next_event(real_course, make_user, tracker, completion_on):
    from completion.models import BlockCompletion

    ann = make_user("ann", real_course)
    reading = real_course.course_key.make_usage_key("html", "accounting-lesson-1-reading")
    BlockCompletion.objects.submit_completion(ann, reading, 1.0)
    row = StudyCredit.objects.get(user=ann, usage_key=str(reading))
    assert row.open_since is not None and row.seconds == 0 and row.evidence == si.EVIDENCE_READING_OPEN
    shift(ann, 200)
    StudyCredit.objects.filter(user=ann).update(open_since=timezone.now() - timedelta(seconds=200))
    emit(tracker, ann, real_course, "load_video", {"id": "accounting-lesson-1-video"})  # not the learner: ignored
    assert StudyCredit.objects.get(user=ann, usage_key=str(reading)).open_since is not None
    emit(tracker, ann, real_course, "edx.ui.lms.sequence.next_selected", {})
    row = StudyCredit.objects.get(user=ann, usage_key=str(reading))
    assert row.open_since is None and 199 < row.seconds < 205
    needs = {str(reading): si.Need(si.READING, 120)}
    assert ledger.studied(real_course.course_key, [ann.id], needs)[ann.id][str(reading)] == si.Studied(
        120, 120, Fraction(1), si.EVIDENCE_READING)  # capped at the expected 120 s


def test_practice_counts_only_when_answered(real_course, make_user):
    ann = make_user("ann", real_course)
    practice = real_course.course_key.make_usage_key("carbon_exam", "accounting-lesson-1-practice")
    needs = {str(practice): si.Need(si.PRACTICE, 600)}
    ledger.record_practice(ann.id, real_course.course_key, practice, answered=False)
    assert ledger.studied(real_course.course_key, [ann.id], needs)[ann.id][str(practice)].share == 0
    ledger.record_practice(ann.id, real_course.course_key, practice, answered=True)
    assert ledger.studied(real_course.course_key, [ann.id], needs)[ann.id][str(practice)] == si.Studied(
        600.0, 600, Fraction(1), si.EVIDENCE_PRACTICE)


def test_studied_is_one_query_for_all_learners_and_items(real_course, make_user):
    users = [make_user(f"u{n}", real_course) for n in range(5)]
    keys = [real_course.course_key.make_usage_key("carbon_exam", f"p{n}") for n in range(4)]
    for user in users:
        for key in keys[:2]:
            ledger.record_practice(user.id, real_course.course_key, key, answered=True)
    needs = {str(key): si.Need(si.PRACTICE, None) for key in keys}
    with CaptureQueriesContext(connection) as queries:
        result = ledger.studied(real_course.course_key, [user.id for user in users], needs)
    assert len(queries) == 1
    assert [result[users[0].id][str(key)].share for key in keys] == [1, 1, 0, 0]


def test_timeline_lists_spans_and_sessions(real_course, make_user, tracker):
    ann = make_user("ann", real_course)
    emit(tracker, ann, real_course, "play_video", {"id": "accounting-lesson-1-video", "currentTime": 0}, "tab-A")
    emit(tracker, ann, real_course, "play_video", {"id": "accounting-lesson-1-video", "currentTime": 0}, "tab-B")
    shift(ann, 50)
    emit(tracker, ann, real_course, "pause_video", {"id": "accounting-lesson-1-video", "currentTime": 50}, "tab-A")
    emit(tracker, ann, real_course, "pause_video", {"id": "accounting-lesson-1-video", "currentTime": 50}, "tab-B")
    entries = ledger.timeline(real_course.course_key, ann.id)
    videos = [entry for entry in entries if entry.kind == si.VIDEO]
    assert sorted(entry.session for entry in videos) == ["tab-A", "tab-B"]
    assert sum(entry.seconds for entry in videos) <= 50.5  # two tabs credit once
    assert {entry.kind for entry in entries} == {si.VIDEO}
    assert si.OVERLAPPING_SESSIONS in {a.kind for a in ledger.anomalies(real_course.course_key, ann.id)}


def test_retirement_deletes_the_evidence_and_keeps_the_credit(real_course, make_user):
    ann = make_user("ann", real_course)
    practice = real_course.course_key.make_usage_key("carbon_exam", "accounting-lesson-1-practice")
    ledger.record_practice(ann.id, real_course.course_key, practice, answered=True)
    assert retire_user(ann.id)["study_events"] == 1
    assert not StudyEvent.objects.filter(user=ann).exists()
    assert StudyCredit.objects.get(user=ann).evidence == si.EVIDENCE_PRACTICE


def test_a_failing_record_never_reaches_the_platform(tracker, make_user, real_course):
    ann = make_user("ann", real_course)
    emit(tracker, ann, real_course, "play_video", {"id": "not a key \u0000", "currentTime": "NaN"})
    emit(tracker, ann, real_course, "seek_video", "not json")
    assert not StudyEvent.objects.exists()


def test_evidence_in_another_course_ends_an_open_reading(real_course, make_user):
    ann = make_user("ann", real_course)
    reading = real_course.course_key.make_usage_key("html", "accounting-lesson-1-reading")
    ledger.record_reading_arrival(ann.id, real_course.course_key, reading,
                                  when=timezone.now() - timedelta(seconds=60))
    assert StudyCredit.objects.get(user=ann, usage_key=str(reading)).open_since is not None
    other = "course-v1:Other+X+2026"
    ledger.record_practice(ann.id, other, "block-v1:Other+X+2026+type@carbon_exam+block@p", answered=True)
    row = StudyCredit.objects.get(user=ann, usage_key=str(reading))
    assert row.open_since is None and 59 < row.seconds < 65
    assert StudyEvent.objects.get(user=ann, kind=si.NEXT).course_key == real_course.course_key
