"""The study ledger in the real LMS: the platform's own event endpoint (``/event``, ``track.views.user_track``)
and event-tracking pipeline feed our backend, which the plugin settings hook registered.

Events are posted as the platform's video player posts them (``Logger.log``: ``event_type``, ``event`` as JSON,
``courserun_key``, ``page``) with the learner's logged-in client; the server's clock times them. Real sleeps of
a few seconds stand in for watching a short clip. Readings arrive by the LMS's ``publish_completion`` handler.
"""
import json
import time

import pytest

from tests_platform.common import Figures, call, client_for, course_key, leaves_under, make_user, usage

VIDEO_ID = "accounting-lesson-1-video"
VIDEO = usage("video", VIDEO_ID)
PAGE = f"http://testserver/courses/{course_key()}/courseware/"


def send(client, name, block_id=VIDEO_ID, **data):
    """What the player's ``Logger.log(name, data)`` posts (its ``id`` is the block's ``location.html_id()``)."""
    Figures.requests += 1
    response = client.post("/event", {"event_type": name, "event": json.dumps({"id": block_id, **data}),
                                      "courserun_key": str(course_key()), "page": PAGE})
    Figures.check(response.status_code == 200, (name, response.status_code))


def needs_for(keys):
    from carbon_common.study_intervals import Need

    return {str(key): Need(key.block_type if key.block_type != "html" else "reading", 600) for key in keys}


def studied(user, keys):
    from carbon_common import ledger

    return ledger.studied(course_key(), [user.id], needs_for(keys))[user.id]


def video_seconds(user):
    return studied(user, [VIDEO])[str(VIDEO)].seconds


@pytest.fixture(scope="module")
def lesson_leaves():
    """The videos and readings of the first five credited lessons."""
    from xmodule.modulestore.django import modulestore

    gate = modulestore().get_item(usage("hours_gate", "exam_gate"))
    leaves = []
    for credit in gate.credits[:5]:
        leaves += [leaf for leaf in leaves_under(course_key().make_usage_key(credit["block_type"],
                                                                               credit["url_name"]))
                   if leaf.block_type in ("video", "html")]
    return leaves


def test_the_plugin_settings_hook_registered_our_backend():
    from django.conf import settings
    from eventtracking.tracker import get_tracker

    from carbon_common.tracking import StudyLedgerBackend

    Figures.check(settings.EVENT_TRACKING_BACKENDS["carbon_study_ledger"]["ENGINE"] ==
                  "carbon_common.tracking.StudyLedgerBackend")
    Figures.check(isinstance(get_tracker().backends["carbon_study_ledger"], StudyLedgerBackend))
    Figures.check("tracking_logs" in settings.EVENT_TRACKING_BACKENDS, "the platform's own backends stay")


def test_scripted_burst_earns_no_more_than_the_wall_clock(lesson_leaves):
    """Every video "played to the end" and every reading completed, as fast as the script can post."""
    from carbon_common.models import StudyEvent

    user = make_user("ledger_burst", course_key())
    client = client_for(user)
    started = time.monotonic()
    for leaf in lesson_leaves:
        if leaf.block_type == "video":
            send(client, "play_video", leaf.block_id, currentTime=0)
            send(client, "complete_video", leaf.block_id, currentTime=3600)
            send(client, "stop_video", leaf.block_id, currentTime=3600)
        else:
            status, body = call(client, leaf, "publish_completion", {"completion": 1.0})
            Figures.check(status == 200, (leaf, status, body))
    send(client, "edx.ui.lms.sequence.next_selected")  # the learner moves on: the last reading ends
    elapsed = time.monotonic() - started
    result = studied(user, lesson_leaves)
    readings = [key for key in lesson_leaves if key.block_type == "html"]
    Figures.check(len(readings) == 5 and StudyEvent.objects.filter(user=user, kind="reading").count() == 5,
                  "each reading's completion reached the ledger through edx-completion's signal")
    total = sum(item.seconds for item in result.values())
    Figures.check(0 < total <= elapsed, (total, elapsed))  # hours claimed: 5 × 3600 s of video alone
    Figures.check(all(item.share < 1 for item in result.values()), result)


def test_real_time_play_credits_what_was_played():
    user = make_user("ledger_play", course_key())
    client = client_for(user)
    send(client, "play_video", currentTime=0)
    time.sleep(3)
    send(client, "pause_video", currentTime=3.0)
    # 3 s of video claimed in at least 3 s of server time: all of it is credited, once.
    Figures.check(video_seconds(user) == 3.0, video_seconds(user))
    send(client, "play_video", currentTime=0)  # the same three seconds again
    time.sleep(3)
    send(client, "pause_video", currentTime=3.0)
    Figures.check(video_seconds(user) == 3.0, video_seconds(user))


def test_seeking_to_the_end_credits_only_what_was_played():
    user = make_user("ledger_seek", course_key())
    client = client_for(user)
    send(client, "play_video", currentTime=0)
    time.sleep(2)
    before_seek = time.monotonic()
    send(client, "seek_video", old_time=2.0, new_time=590.0, type="onSlideSeek")
    send(client, "stop_video", currentTime=600.0)
    after_stop = time.monotonic()
    seconds = video_seconds(user)
    # [0, 2] played in real time, plus at most the server time between the seek and the stop of [590, 600]
    Figures.check(2.0 <= seconds <= 2.0 + (after_stop - before_seek), seconds)


def test_two_tabs_credit_once():
    from carbon_common import ledger
    from carbon_common.study_intervals import OVERLAPPING_SESSIONS

    user = make_user("ledger_tabs", course_key())
    tab_a, tab_b = client_for(user), client_for(user)  # two logins: two sessions
    started = time.monotonic()
    send(tab_a, "play_video", currentTime=0)
    send(tab_b, "play_video", currentTime=100)
    time.sleep(2)
    send(tab_a, "pause_video", currentTime=2.0)
    send(tab_b, "pause_video", currentTime=102.0)
    elapsed = time.monotonic() - started
    seconds = video_seconds(user)
    Figures.check(2.0 <= seconds <= elapsed, (seconds, elapsed))  # not 4: one learner, one clock
    entries = [entry for entry in ledger.timeline(course_key(), user.id) if entry.kind == "video"]
    Figures.check(len({entry.session for entry in entries}) == 2 and all(entry.session for entry in entries),
                  entries)
    Figures.check(OVERLAPPING_SESSIONS in {a.kind for a in ledger.anomalies(course_key(), user.id)})


def test_a_reading_lasts_until_the_learners_next_request():
    """Arrival: the LMS's publish_completion handler; end: the learner's next request (the platform's
    TrackMiddleware emits one event per request), after the page-loading grace."""
    from carbon_common.models import StudyCredit

    user = make_user("ledger_reading", course_key())
    client = client_for(user)
    reading = usage("html", "accounting-lesson-1-reading")
    started = time.monotonic()
    status, body = call(client, reading, "publish_completion", {"completion": 1.0})
    Figures.check(status == 200, (status, body))
    Figures.check(StudyCredit.objects.get(user=user, usage_key=str(reading)).open_since is not None)
    time.sleep(4)
    client.get("/dashboard")
    elapsed = time.monotonic() - started
    seconds = StudyCredit.objects.get(user=user, usage_key=str(reading)).seconds
    Figures.check(4.0 <= seconds <= elapsed, (seconds, elapsed))
    Figures.check(StudyCredit.objects.get(user=user, usage_key=str(reading)).open_since is None)
