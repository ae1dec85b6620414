"""The application's outcomes for the learner (issue 12): completion, decision notices and e-mail, and staff times."""
from pathlib import Path

import pytest

from carbon_common.models import Application
from tests.integration.helpers import body, client_for, csrf_client, handler_url, post_json
from tests.samples import APPLICATION, DOCUMENTS, pdf, photo

FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"
ANSWERS = APPLICATION



def upload(client, key, kind, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = csrf_client(client)
    return client.post(handler_url(key, "upload_material"), {"kind": kind, "file": SimpleUploadedFile(name, content)},
                       HTTP_X_CSRFTOKEN=token)


def fill_in(client, key):
    assert post_json(client, key, "save_application", ANSWERS).status_code == 200
    assert upload(client, key, "photo", photo(), "photo.jpg").status_code == 200
    for kind in DOCUMENTS:
        assert upload(client, key, kind, pdf("scan"), f"{kind}.pdf").status_code == 200


def submit(client, key):
    fill_in(client, key)
    response = post_json(client, key, "submit_application", {})
    assert response.status_code == 200, body(response)
    return Application.objects.get(usage_key=str(key), user__username=client.session.get("_username", "amy"))


def completion_of(user, key):
    from completion.models import BlockCompletion

    row = BlockCompletion.objects.filter(user=user, block_key=key).first()
    return row.completion if row else None


# --- 1. completion ----------------------------------------------------------------------------------------------


def test_submitting_completes_the_unit_and_withdrawing_undoes_it(key, people, completion_on):
    amy = client_for(people["amy"])
    fill_in(amy, key)
    assert completion_of(people["amy"], key) is None  # a draft, even a complete one, is not an application
    assert post_json(amy, key, "submit_application", {}).status_code == 200
    assert completion_of(people["amy"], key) == 1.0
    assert post_json(amy, key, "withdraw_application", {}).status_code == 200
    assert completion_of(people["amy"], key) == 0.0


def test_the_form_is_not_completed_by_being_viewed(course, key, people, completion_on):
    """The courseware marks plain blocks complete on view (the page then calls `publish_completion`): the form
    completes itself, so its unit page carries no such mark and has no such call to make."""
    amy = client_for(people["amy"])
    unit = course.course_key.make_usage_key("vertical", "apply-unit")
    page = amy.get(f"/courses/{course.course_key}/jump_to/{unit}/").content.decode()
    assert "eligibility-form" in page and "data-mark-completed-on-view-after-delay" not in page
    # The platform's LmsBlockMixin.publish_completion answers 400 for a custom-completion block; devsite has none (404)
    assert post_json(amy, key, "publish_completion", {"completion": 1.0}).status_code in (400, 404)
    assert completion_of(people["amy"], key) is None


def test_an_application_submitted_earlier_counts_when_the_form_is_next_shown(course, key, people, completion_on):
    """Applications submitted before the block published completion (and the demo's) complete on the next view."""
    from django.utils import timezone

    Application.objects.create(usage_key=str(key), course_key=str(course.course_key), user=people["amy"],
                               status="approved", answers=ANSWERS, submitted_at=timezone.now(),
                               decided_at=timezone.now())
    amy = client_for(people["amy"])
    unit = course.course_key.make_usage_key("vertical", "apply-unit")
    assert amy.get(f"/courses/{course.course_key}/jump_to/{unit}/").status_code == 200
    assert completion_of(people["amy"], key) == 1.0


# --- 4. the learner is told of the decision ----------------------------------------------------------------------


def state_of(client, key):
    return body(client.get(handler_url(key, "application_state")))


@pytest.mark.django_db(transaction=True)
def test_each_decision_is_shown_on_the_form_and_sent_by_mail(key, people, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "exams@example.org"
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    application = submit(amy, key)
    notice = state_of(amy, key)["notice"]
    assert notice["status"] == "submitted" and "等待审核" in notice["title"] and "电子邮件" in notice["next"]
    assert mailoutbox == []  # submitting is not a decision

    returned = post_json(sam, key, "staff_review", {"id": application.id, "decision": "return",
                                                    "reason": "照片不清晰", "notes": {"photo": "请重新上传蓝底照片"}})
    assert returned.status_code == 200, body(returned)
    notice = state_of(amy, key)["notice"]
    assert notice["status"] == "returned" and notice["reason"] == "照片不清晰" and "重新提交" in notice["next"]
    [mail] = mailoutbox
    assert mail.to == ["zhang@example.com"] and mail.from_email == "exams@example.org"
    assert mail.subject.startswith("您的报名已被退回修改")
    assert "照片不清晰" in mail.body and "请重新上传蓝底照片" in mail.body and "returned for correction" in mail.body

    assert post_json(amy, key, "submit_application", {}).status_code == 200
    assert post_json(sam, key, "staff_review", {"id": application.id, "decision": "approve", "reason": ""}).status_code == 200
    notice = state_of(amy, key)["notice"]
    assert notice["status"] == "approved" and "结业考试" in notice["next"]
    assert mailoutbox[-1].subject.startswith("您的报名已审核通过")


@pytest.mark.django_db(transaction=True)
def test_a_mail_failure_is_logged_and_the_decision_stands(key, people, mailoutbox, monkeypatch, caplog):
    import django.core.mail

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(django.core.mail, "send_mail", broken)
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    application = submit(amy, key)
    response = post_json(sam, key, "staff_review", {"id": application.id, "decision": "reject", "reason": "不符合条件"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "rejected" and mailoutbox == []
    assert "could not be sent" in caplog.text
    assert state_of(amy, key)["notice"]["reason"] == "不符合条件"


def test_no_mail_while_the_decision_has_not_committed(key, people, mailoutbox):
    """In a transaction that has not committed (the test's own) nothing is sent yet."""
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    application = submit(amy, key)
    assert post_json(sam, key, "staff_review", {"id": application.id, "decision": "approve", "reason": ""}).status_code == 200
    assert mailoutbox == []


# --- 5. staff read every time in their time zone ---------------------------------------------------------------


def late_evening_application(course, key, user):
    """Submitted at 18:30 UTC on 1 March 2026, i.e. 02:30 on 2 March in Beijing."""
    from datetime import UTC, datetime

    from carbon_common.models import AuditEntry

    moment = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)
    application = Application.objects.create(
        usage_key=str(key), course_key=str(course.course_key), user=user, status="submitted", answers=ANSWERS,
        submitted_at=moment, consent_at=moment)
    entry = AuditEntry.objects.create(course_key=str(course.course_key), usage_key=str(key), action="application_submitted",
                                      actor=user, subject=user, details={"application": application.id})
    AuditEntry.objects.filter(id=entry.id).update(created=moment)
    return application


def queue(client, key, query=""):
    return body(client.get(handler_url(key, "staff_applications") + (f"?{query}" if query else "")))["applications"]


def test_queue_history_filter_and_export_use_the_site_time_zone(course, key, people, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    application = late_evening_application(course, key, people["amy"])
    sam = client_for(people["sam"])
    [row] = queue(sam, key)
    assert row["submitted_at"].startswith("2026-03-02T02:30")
    detail = body(sam.get(handler_url(key, "staff_application_detail") + f"?id={application.id}"))
    assert any(entry["at"].startswith("2026-03-02T02:30") for entry in detail["history"])
    assert detail["consent"]["at"].startswith("2026-03-02T02:30")
    assert [r["id"] for r in queue(sam, key, "from=2026-03-02&to=2026-03-02")] == [application.id]
    assert queue(sam, key, "to=2026-03-01") == []
    token = csrf_client(sam)
    export = sam.post(handler_url(key, "export_applications"), {"format": "csv"}, HTTP_X_CSRFTOKEN=token)
    text = b"".join(export.streaming_content if export.streaming else [export.content]).decode("utf-8-sig")
    assert "2026-03-02 02:30:00" in text and "2026-03-01 18:30" not in text


def test_the_staff_members_own_time_zone_wins(course, key, people, settings, monkeypatch):
    """The platform's `time_zone` preference (here the local platform module's equivalent) comes first."""
    import importlib

    from django.conf import settings as django_settings

    settings.TIME_ZONE = "Asia/Shanghai"
    platform = importlib.import_module(django_settings.CARBON_XBLOCKS_PLATFORM)
    monkeypatch.setattr(platform, "user_time_zone",
                        lambda user: "Europe/London" if user.username == "sam" else None, raising=False)
    application = late_evening_application(course, key, people["amy"])
    sam = client_for(people["sam"])
    [row] = queue(sam, key)
    assert row["submitted_at"].startswith("2026-03-01T18:30")
    assert [r["id"] for r in queue(sam, key, "from=2026-03-01&to=2026-03-01")] == [application.id]


def test_user_time_zone_falls_back_to_the_site(people, settings):
    from carbon_common.compat import user_time_zone

    settings.TIME_ZONE = "Asia/Shanghai"
    assert str(user_time_zone(people["sam"])) == "Asia/Shanghai"
    assert str(user_time_zone(None)) == "Asia/Shanghai"


def test_the_demos_applicants_find_the_application_unit_complete(real_course, completion_on):
    """`make demo`: the approved and the waiting learners submitted; their course home does not offer to start the
    application (the first unit of the course)."""
    from django.core.management import call_command
    from django.test import Client

    call_command("devsite_setup")
    for username in ("learner_ready", "learner_studying"):
        client = Client()
        client.login(username=username, password="carbon-demo")
        page = client.get(f"/courses/{real_course.course_key}/").content.decode()
        assert "开始学习：报名申请" not in page, username


def test_problem_response_report_writes_local_times(course, key, people, settings):
    from datetime import UTC, datetime

    from devsite.lms.reports import problem_response_rows

    settings.TIME_ZONE = "Asia/Shanghai"
    application = submit(client_for(people["amy"]), key)  # the report lists learners with state in the block
    Application.objects.filter(id=application.id).update(submitted_at=datetime(2026, 3, 1, 18, 30, tzinfo=UTC))
    [row] = [r for r in problem_response_rows(course) if r[1] == str(key)]
    assert row[3]["提交时间"] == "2026-03-02 02:30:00"
