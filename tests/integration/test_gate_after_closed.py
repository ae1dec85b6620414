"""The verified gate's staff timeline flags study evidence recorded after a credited item's due date
(the ledger's ``after_closed`` anomaly), from the due dates of the items the gate resolves."""
from datetime import timedelta

import pytest
from django.utils import timezone

from devsite.lms.demo import complete_lessons
from hours_gate.ledger_handlers import close_time
from tests.integration.helpers import body, csrf_checked_client_for, handler_url
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db
LABEL = "内容关闭后仍有事件"


def lesson_leaves(course, lesson):
    return {str(leaf) for unit in course.children(lesson) for leaf in course.children(unit)}


def test_evidence_after_the_due_date_is_flagged_in_the_staff_timeline(real_course, make_user, completion_on):
    ann = make_user("ann", real_course)
    staff = csrf_checked_client_for(make_user("sam", real_course, role="staff"))
    complete_lessons(ann, real_course, 2)  # evidence for lessons 1 and 2, in the past days
    first, second = [k for k in real_course.of_type("sequential") if "lesson" in k.block_id][:2]
    closed = (timezone.now() - timedelta(days=400)).isoformat()  # closed before any of the evidence
    real_course.values[("settings", str(first), "due")] = closed
    real_course.values[("settings", str(second), "due")] = (timezone.now() + timedelta(days=30)).isoformat()
    data = body(staff.get(handler_url(key(real_course, "hours_gate", "exam_gate"), "staff_timeline")
                          + f"?user_id={ann.id}"))
    flagged = {anomaly["key"] for anomaly in data["anomalies"] if anomaly["kind"] == "after_closed"}
    assert flagged and flagged <= lesson_leaves(real_course, first)  # lesson 1's evidence, none of lesson 2's
    assert all(anomaly["label"] == LABEL for anomaly in data["anomalies"] if anomaly["kind"] == "after_closed")
    entries = [entry for entry in data["entries"] if entry["key"] in lesson_leaves(real_course, first)]
    assert entries and all(LABEL in entry["flags"] for entry in entries)
    assert not [entry for entry in data["entries"]
                if entry["key"] in lesson_leaves(real_course, second) and LABEL in entry["flags"]]


def test_without_due_dates_nothing_is_flagged_after_closed(real_course, make_user, completion_on):
    ann = make_user("ann", real_course)
    staff = csrf_checked_client_for(make_user("sam", real_course, role="staff"))
    complete_lessons(ann, real_course, 1)
    data = body(staff.get(handler_url(key(real_course, "hours_gate", "exam_gate"), "staff_timeline")
                          + f"?user_id={ann.id}"))
    assert data["entries"] and not [a for a in data["anomalies"] if a["kind"] == "after_closed"]


def test_close_time_reads_the_platforms_date_and_olx_text():
    moment = timezone.now().replace(microsecond=0)
    assert close_time(moment) == moment and close_time(moment.isoformat()) == moment
    assert close_time("2026-05-01T00:00") == close_time("2026-05-01T00:00:00+00:00")  # naive: UTC
    assert close_time(None) is None and close_time("soon") is None and close_time(3) is None
