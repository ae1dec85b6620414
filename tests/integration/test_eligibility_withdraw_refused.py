"""Withdrawing an application: nothing to withdraw (404) and an approved application (409) are refused with the field,
code and message in the learner's language, and change nothing; a submitted one is deleted and audited."""
from pathlib import Path

from django.utils import timezone

from carbon_common.models import Application, AuditEntry
from tests.integration.helpers import body, client_for, post_json
from tests.samples import APPLICATION

FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"


def refused(response, status, field, code, message):
    assert response.status_code == status, response.content
    assert body(response)["error"] == {**body(response)["error"], "field": field, "code": code, "message": message}


def application(course, key, user, status):
    return Application.objects.create(usage_key=str(key), course_key=str(course.course_key), user=user, status=status,
                                      answers=APPLICATION, submitted_at=timezone.now())


def test_withdrawing_without_an_application_is_refused(key, people):
    response = post_json(client_for(people["amy"]), key, "withdraw_application", {})
    refused(response, 404, "application", "no_application", "您尚未开始报名。")
    assert not AuditEntry.objects.filter(action="application_withdrawn").exists()


def test_an_approved_application_cannot_be_withdrawn(course, key, people):
    kept = application(course, key, people["amy"], "approved")
    response = post_json(client_for(people["amy"]), key, "withdraw_application", {})
    refused(response, 409, "status", "locked", "已审核通过的报名不能撤回。")
    assert Application.objects.filter(pk=kept.pk, status="approved").exists()
    assert not AuditEntry.objects.filter(action="application_withdrawn").exists()


def test_a_submitted_application_is_withdrawn_deleted_and_audited(course, key, people):
    gone = application(course, key, people["amy"], "submitted")
    other = application(course, key, people["bob"], "submitted")
    response = post_json(client_for(people["amy"]), key, "withdraw_application", {})
    assert response.status_code == 200, response.content
    assert body(response)["status"] == "none"
    assert not Application.objects.filter(pk=gone.pk).exists() and Application.objects.filter(pk=other.pk).exists()
    entry = AuditEntry.objects.get(action="application_withdrawn")
    assert (entry.actor, entry.subject, entry.details["status"]) == (people["amy"], people["amy"], "submitted")
