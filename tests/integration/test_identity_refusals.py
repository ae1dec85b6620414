"""The role checks at the server (``carbon_common.identity.require_staff``): a learner's staff action is refused with 403,
the field ``user``, its code and a message in the learner's language, and records nothing."""
from carbon_common.models import AuditEntry
from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json

FIXTURE = EXAM_COURSE


def refused(response, code, message):
    assert response.status_code == 403, response.content
    assert body(response)["error"] == {**body(response)["error"], "field": "user", "code": code, "message": message}


def test_a_learner_cannot_give_extra_time(course, exam_key, learner):
    response = post_json(client_for(learner), exam_key, "staff_extra_time", {"username": "learner", "minutes": 30})
    refused(response, "staff_only", "只有课程教学人员可以执行此操作。")
    assert not AuditEntry.objects.exists()
