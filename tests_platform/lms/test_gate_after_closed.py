"""The verified gate's staff timeline flags study after a credited lesson's due date in the real LMS.

A due date is set on one credited subsection (a past one) and another (a future one) through the modulestore,
as Studio publishes it; the platform's ``due`` field is inherited by the lesson's leaves. The learner's ledger
evidence on both lessons: only the closed lesson's evidence is flagged ``after_closed``.
"""
from datetime import UTC, datetime

import pytest

from tests_platform.common import (
    call,
    client_for,
    course_key,
    edit_and_publish,
    leaves_under,
    make_user,
    record_study,
    usage,
)

GATE = usage("hours_gate", "exam_gate")
LABEL = "内容关闭后仍有事件"


@pytest.fixture
def lessons():
    """The gate's first two credited lessons: the first closed long ago, the second due far ahead."""
    from xmodule.modulestore.django import modulestore

    credits = modulestore().get_item(GATE).credits[:2]
    closed, open_ = (course_key().make_usage_key(c["block_type"], c["url_name"]) for c in credits)
    edit_and_publish(closed, due=datetime(2001, 1, 1, tzinfo=UTC))
    edit_and_publish(open_, due=datetime(2999, 1, 1, tzinfo=UTC))
    try:
        yield closed, open_
    finally:
        edit_and_publish(closed, due=None)
        edit_and_publish(open_, due=None)


def test_study_after_the_due_date_is_flagged_in_the_staff_timeline(lessons):
    closed, open_ = lessons
    learner = make_user("after_closed_learner", course_key())
    staff = client_for(make_user("after_closed_staff", course_key(), role="staff"))
    closed_leaves, open_leaves = ({str(leaf) for leaf in leaves_under(lesson)} for lesson in lessons)
    record_study(learner, [*leaves_under(closed), *leaves_under(open_)])
    status, body = call(staff, GATE, "staff_timeline", {"user_id": learner.id}, method="get")
    assert status == 200, body
    flagged = {anomaly["key"] for anomaly in body["anomalies"] if anomaly["kind"] == "after_closed"}
    assert flagged and flagged <= closed_leaves, (flagged, closed_leaves)
    entries = [entry for entry in body["entries"] if entry["key"] in closed_leaves]
    assert entries and all(LABEL in entry["flags"] for entry in entries)
    assert not [entry for entry in body["entries"] if entry["key"] in open_leaves and LABEL in entry["flags"]]
