"""The hours gate in verified mode (the course ships it) on the local LMS: the study ledger, not completion
records, opens it; one ledger query per status check; per-item studied / needed; staff timeline and export."""
import csv
import io
import json
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carbon_common import ledger
from carbon_common.models import StudyCredit
from devsite.lms.demo import complete_lessons, seed_application
from tests.integration.helpers import body, csrf_checked_client_for, csrf_client, download_text, handler_url, post_json
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db


def gate_key(course):
    return key(course, "hours_gate", "exam_gate")


def gate_status(client, course):
    response = client.get(handler_url(gate_key(course), "gate_status"))
    assert response.status_code == 200, response.content
    return body(response)


def leaves(course, block_type):
    return [leaf for leaf in course.of_type(block_type) if "lesson" in leaf.block_id]


@pytest.fixture
def ann(real_course, make_user, completion_on):
    """A learner whose application is approved: only her hours stand between her and the exam."""
    user = make_user("ann", real_course)
    seed_application(user, real_course, "approved")
    return user


def post_event(client, course, name, data):
    response = client.post("/event", {"event_type": name, "event": json.dumps(data),
                                      "courserun_key": str(course.course_key),
                                      "page": f"http://testserver/courses/{course.course_key}/"},
                           HTTP_X_CSRFTOKEN=csrf_client(client))
    assert response.status_code == 200 and response.content == b"success"


def test_the_issues_scripted_burst_leaves_the_verified_gate_closed(real_course, ann):
    """publish_completion 1.0 on every video and reading, empty practice submits, and the player's events
    claiming every video watched, all in a burst: no more than the wall clock is earned, the gate stays shut."""
    client = csrf_checked_client_for(ann)
    started = time.monotonic()
    for block_type in ("video", "html"):
        for leaf in leaves(real_course, block_type):
            assert post_json(client, leaf, "publish_completion", {"completion": 1.0}).status_code == 200
    for video in leaves(real_course, "video"):
        post_event(client, real_course, "play_video", {"id": video.block_id, "currentTime": 0, "code": "html5"})
        post_event(client, real_course, "stop_video", {"id": video.block_id, "currentTime": 20, "code": "html5"})
    for check in leaves(real_course, "carbon_exam")[:3]:
        state = body(post_json(client, check, "start_exam", {}))
        assert post_json(client, check, "submit_exam", {"session": state["attempt"]["session"],
                                                        "answers": {}}).status_code == 200
    elapsed = time.monotonic() - started
    credited = sum(StudyCredit.objects.filter(user=ann).values_list("seconds", flat=True))
    assert credited <= elapsed + 1  # the server's clock, not the claims
    status = gate_status(client, real_course)
    assert status["verified"] is True and status["open"] is False
    assert float(status["earned"]) < 40 * 0.1  # completion records alone would have given the full 62 hours
    first = status["items"][0]["study"]
    assert first["needed"] == "10.4"  # a 20-second video and a 10-minute reading, rounded up
    assert any("练习" in line for line in first["missing"])  # the empty practice check is still missing


def test_ledger_evidence_opens_the_gate_with_one_ledger_query(real_course, ann):
    client = csrf_checked_client_for(ann)
    complete_lessons(ann, real_course, 31)
    gate_status(client, real_course)  # the gate opens (and completes itself, a write) once
    with CaptureQueriesContext(connection) as captured:
        status = gate_status(client, real_course)
    sql = [query["sql"].lower() for query in captured.captured_queries]
    assert len([q for q in sql if "carbon_common_studycredit" in q]) == 1
    assert not [q for q in sql if "completion_blockcompletion" in q]  # verified mode never reads completions
    assert status["open"] is True and status["earned"] == "62"
    assert all(item["study"]["missing"] == [] for item in status["items"])


def test_learner_sees_studied_over_needed_per_item_in_both_languages(real_course, ann):
    complete_lessons(ann, real_course, 1)
    client = csrf_checked_client_for(ann)
    status = gate_status(client, real_course)
    first, second = status["items"][0]["study"], status["items"][1]["study"]
    assert (first["studied"], first["needed"], first["percent"], first["missing"]) == ("10.3", "10.4", 100, [])
    assert (second["studied"], second["percent"]) == ("0", 0) and len(second["missing"]) == 3
    page = client.get(f"/courses/{real_course.course_key}/jump_to/{key(real_course, 'vertical', 'exam-final-unit')}/")
    html = page.content.decode()
    assert 'aria-valuenow="10.3"' in html and 'aria-valuemax="10.4"' in html and "练习题：尚未作答。" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what POST /i18n/setlang/ leaves behind
    status = gate_status(client, real_course)
    assert "Practice check: not yet answered." in status["items"][1]["study"]["missing"]


def test_an_answered_practice_check_counts_and_an_empty_one_does_not(real_course, ann):
    client = csrf_checked_client_for(ann)
    empty, answered = leaves(real_course, "carbon_exam")[:2]
    for check, answers in ((empty, {}), (answered, None)):
        state = body(post_json(client, check, "start_exam", {}))
        if answers is None:
            question = state["attempt"]["paper"]["parts"][0]["questions"][0]
            answers = {question["id"]: [question["options"][0]["id"]]}
        assert post_json(client, check, "submit_exam", {"session": state["attempt"]["session"],
                                                        "answers": answers}).status_code == 200
    evidence = dict(StudyCredit.objects.filter(user=ann).values_list("usage_key", "evidence"))
    assert evidence == {empty: "practice_empty", answered: "practice_answered"}  # read back as usage keys


def test_staff_timeline_shows_study_credits_revocations_and_anomalies(real_course, ann, make_user):
    staff = csrf_checked_client_for(make_user("sam", real_course, role="staff"))
    learner = csrf_checked_client_for(ann)
    complete_lessons(ann, real_course, 1)
    video = leaves(real_course, "video")[1]
    post_event(learner, real_course, "play_video", {"id": video.block_id, "currentTime": 0})
    post_event(learner, real_course, "stop_video", {"id": video.block_id, "currentTime": 600})  # impossible
    credit = body(post_json(staff, gate_key(real_course), "staff_credit_hours",
                            {"user": "ann", "hours": "1.5", "reason": "线下培训"}))
    post_json(staff, gate_key(real_course), "staff_revoke_credit", {"credit_id": credit["credit_id"], "reason": "重复"})
    url = handler_url(gate_key(real_course), "staff_timeline")
    assert learner.get(url + f"?user_id={ann.id}").status_code == 403
    assert staff.get(url + "?user_id=999999").status_code == 404
    data = body(staff.get(url + f"?user_id={ann.id}"))
    kinds = [(entry["kind"], entry["evidence"]) for entry in data["entries"]]
    assert ("video", "video_played") in kinds and ("reading", "arrival_to_next_event") in kinds
    assert ("practice", "practice_answered") in kinds
    assert kinds[-2:] == [("manual", "manual_credit"), ("manual", "manual_revoked")]
    assert [kind for kind in kinds if kind[0] == "manual"] == kinds[-2:]  # once each, not again from the ledger
    played = next(entry for entry in data["entries"] if entry["key"] == str(video))
    assert played["title"] and played["session"] and played["flags"] == ["速度不可能：声称观看的视频多于可能播放的时长"]
    assert [a["kind"] for a in data["anomalies"]] == ["impossible_speed"]
    assert data["entries"][-1]["title"] == "重复" and data["entries"][-1]["by"] == "sam"


def test_export_carries_the_ledgers_minutes_and_evidence(real_course, ann, make_user):
    staff = csrf_checked_client_for(make_user("sam", real_course, role="staff"))
    complete_lessons(ann, real_course, 2)
    rows = list(csv.reader(io.StringIO(download_text(
        staff.get(handler_url(gate_key(real_course), "export_hours") + "?format=csv")))))
    assert rows[0][-2:] == ["学习分钟数（台账）", "证据"]
    row = next(row for row in rows if row[0] == "ann")
    assert row[-2] == "20.6" and "视频已播放" in row[-1] and "练习题已作答" in row[-1]


def test_studio_switches_the_mode_and_checks_the_reading_minutes(real_course, make_user):
    author = csrf_checked_client_for(make_user("ada", real_course, role="staff"))

    def save(**values):  # the body StudioEditableXBlockMixin's Save posts
        return post_json(author, gate_key(real_course), "submit_studio_edits", {"values": values, "defaults": []},
                         studio=True)

    base = {"required_hours": "40", "minutes_per_hour": 45, "credits": [], "require_application": False}
    bad = save(**base, hours_mode="trust_me")
    assert bad.status_code == 400 and body(bad)["error"]["field"] == "hours_mode"
    bad = save(**base, hours_mode="verified", reading_minutes=0)
    assert bad.status_code == 400 and body(bad)["error"]["field"] == "reading_minutes"
    ok = save(**base, hours_mode="completion", reading_minutes=15, fallback_video_seconds=30)
    assert ok.status_code == 200, ok.content


def test_the_ledger_sees_events_posted_to_the_event_endpoint(real_course, ann):
    client = csrf_checked_client_for(ann)
    video = leaves(real_course, "video")[0]
    post_event(client, real_course, "play_video", {"id": video.block_id, "currentTime": 0, "code": "html5"})
    post_event(client, real_course, "pause_video", {"id": video.block_id, "currentTime": 0.2, "code": "html5"})
    entries = ledger.timeline(real_course.course_key, ann.id)
    assert [(entry.usage_key, entry.kind) for entry in entries] == [(str(video), "video")]
    assert entries[0].session and len(entries[0].session) == 32  # the platform's tracking id of the session
