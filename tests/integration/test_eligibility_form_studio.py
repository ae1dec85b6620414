"""The eligibility form's Studio Save: ``carbon_common.studio_edits.StudioAuthorEditsMixin`` over xblock-utils'
``submit_studio_edits`` (the gate's own checks: tests/integration/test_hours_gate_studio.py)."""
from pathlib import Path

import pytest

from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import body, post_json
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"


def save(client, course, payload):
    return post_json(client, key(course, "eligibility_form", "application"), "submit_studio_edits", payload,
                     studio=True)


def stored(course, user):
    return LmsRuntime(course, user).get_block(key(course, "eligibility_form", "application"))


def test_an_author_saves_and_resets_the_related_majors(course, make_user):
    author = make_user("sam", course, role="staff")
    client = client_for(author)
    saved = save(client, course, {"values": {"related_majors": "化学\n历史", "display_name": "报名"}, "defaults": []})
    assert saved.status_code == 200 and body(saved) == {"result": "success"}
    assert list(stored(course, author).related_major_list()) == ["化学", "历史"]
    reset = save(client, course, {"values": {}, "defaults": ["related_majors"]})
    assert reset.status_code == 200
    block = stored(course, author)
    assert block.related_majors == block.fields["related_majors"].default and block.display_name == "报名"


@pytest.mark.parametrize("payload", [
    {"values": {"related_majors": ["化学"]}, "defaults": []},  # not text
    {"values": {"display_name": 7}, "defaults": []},
    {"values": {}, "defaults": [["related_majors"]]},  # a default that is no field name
])
def test_a_refusal_carries_the_editors_messages_and_changes_nothing(course, make_user, payload):
    author = make_user("sam", course, role="staff")
    before = stored(course, author).related_majors
    refused = save(client_for(author), course, payload)
    assert refused.status_code == 400
    error = body(refused)["error"]
    assert (error["field"], error["code"], error["message"]) == ("values", "invalid", "无法保存这些设置。")
    assert [message["text"] for message in error["messages"]] == [error["message"]]  # xblock-utils' editor shows these
    assert stored(course, author).related_majors == before


def test_course_staff_in_the_lms_and_learners_are_refused(course, make_user):
    staff, learner = make_user("sam", course, role="staff"), make_user("lena", course)
    payload = {"values": {"related_majors": "历史"}, "defaults": []}
    lms = post_json(client_for(staff), key(course, "eligibility_form", "application"), "submit_studio_edits", payload)
    studio = save(client_for(learner), course, payload)
    for refused in (lms, studio):
        assert refused.status_code == 403
        assert body(refused)["error"]["messages"] == [{"text": "只有课程作者可以修改这些设置。", "type": "error"}]
    assert "历史" not in stored(course, staff).related_major_list()
