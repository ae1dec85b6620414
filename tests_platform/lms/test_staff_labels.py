"""In the real LMS, staff read labels, not codes, in their preferred language: the hours gate roster's
application column and the eligibility queue's condition column."""
import pytest

from tests_platform.common import Figures, call, client_for, course_key, make_user, usage

FORM = usage("eligibility_form", "application")
GATE = usage("hours_gate", "exam_gate")
EXPECTED = {"zh-cn": {"approved": "审核通过", "none": "未开始", "condition": "条件2"},
            "en": {"approved": "Approved", "none": "Not started", "condition": "Condition 2"}}


@pytest.fixture(scope="module")
def learners():
    from django.utils import timezone

    from carbon_common.models import Application

    approved, fresh = make_user("labels_approved", course_key()), make_user("labels_fresh", course_key())
    Application.objects.create(course_key=str(course_key()), usage_key=str(FORM), user=approved, anonymous_id="",
                               status=Application.APPROVED, qualifying_condition=2, submitted_at=timezone.now(),
                               decided_at=timezone.now(), answers={"name": "标签"})
    return approved, fresh


@pytest.mark.parametrize("language", ["zh-cn", "en"])
def test_staff_read_labels_in_their_language(learners, language):
    from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
    from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

    staff = make_user(f"labels_staff_{language.replace('-', '_')}", course_key(), role="staff")
    set_user_preference(staff, LANGUAGE_KEY, language)
    client = client_for(staff)
    client.get(f"/xblock/{GATE}")  # the LMS answers with the preference's cookie
    expected = EXPECTED[language]

    status, roster = call(client, GATE, "staff_roster", method="get")
    Figures.check(status == 200, (status, str(roster)[:500]))
    labels = {row["username"]: row["application_label"] for row in roster["rows"]}
    Figures.check((labels["labels_approved"], labels["labels_fresh"]) == (expected["approved"], expected["none"]), labels)

    status, queue = call(client, FORM, "staff_applications", {"status": "approved"}, method="get")
    Figures.check(status == 200, (status, str(queue)[:500]))
    (row,) = [row for row in queue["applications"] if row["username"] == "labels_approved"]
    Figures.check(row["qualifying_condition"] == 2 and row["qualifying_condition_label"] == expected["condition"], row)
