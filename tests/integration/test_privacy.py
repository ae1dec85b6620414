"""Personal data (PIPL) through the local LMS: erasure on retirement and user deletion, retention purge, consent
withdrawal, drafts kept from staff, masking that cannot be reversed and recorded reveals."""
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from carbon_common.models import Application, ApplicationMaterial, AuditEntry, ExamExtraTime, HourCredit
from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, client_for, download_text, post_json
from tests.integration.test_eligibility_form import VALID, get, pdf, photo, submitted_application, upload

FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py
FULL_ID, MOBILE, BIRTH = "11010519491231002X", "13800138000", "1949-12-31"
PII = ("张三", FULL_ID, MOBILE, "138 0013 8000", BIRTH, "zhang@example.com", "某节能公司")
STAFF_TEXT = "张三 11010519491231002X 的身份证复印件不清晰"


def files(tmp_path):
    return sorted(p for p in (tmp_path / "uploads").rglob("*") if p.is_file())


def all_rows_text():
    """Every row of every carbon_common table, as JSON (what a database dump would hold)."""
    rows = [list(model.objects.values()) for model in apps.get_app_config("carbon_common").get_models()]
    return json.dumps(rows, ensure_ascii=False, default=str)


def returned_application_with_history(key, people):
    """amy's application: 7 documents, returned by sam with a reason naming her; hours with a reason too."""
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    application = submitted_application(amy, key)
    assert post_json(sam, key, "staff_review", {"id": application.id, "decision": "return", "reason": STAFF_TEXT,
                                                "notes": {"id_front": STAFF_TEXT}}).status_code == 200
    from eligibility_form.learner_handlers import view_token_query  # the staff review's signed link

    token = view_token_query(key, application.id, "photo", people["sam"].id)
    assert get(sam, key, "download_material", f"kind=photo&application={application.id}&{token}").status_code == 200
    credit = HourCredit.objects.create(course_key=application.course_key, usage_key="block-v1:x+y+z+type@hours_gate"
                                       "+block@gate", user=people["amy"], hours=Decimal("8"), reason=STAFF_TEXT,
                                       source=HourCredit.IMPORT, fingerprint="f" * 64)
    AuditEntry.objects.create(course_key=application.course_key, usage_key=credit.usage_key, actor=people["sam"],
                              subject=people["amy"], action="hours_credited",
                              details={"credit": credit.id, "hours": "8", "reason": STAFF_TEXT, "source": "import"})
    ExamExtraTime.objects.create(course_key=application.course_key, usage_key="block-v1:x+y+z+type@carbon_exam"
                                 "+block@final", user=people["amy"], minutes=30)
    return application


# --- erasure ------------------------------------------------------------------------------------


def test_retiring_a_user_erases_their_personal_data_and_files(key, people, tmp_path,
                                                              django_capture_on_commit_callbacks):
    application = returned_application_with_history(key, people)
    sam = client_for(people["sam"])
    assert len(files(tmp_path)) == 7
    before = download_text(post_json(sam, key, "export_applications", {"format": "csv", "reveal_ids": "1"}))
    assert FULL_ID in before and "张三" in before and MOBILE in before  # what stayed after retirement until now

    with django_capture_on_commit_callbacks(execute=True):
        call_command("devsite_retire_user", "amy", stdout=io.StringIO())

    assert files(tmp_path) == []
    assert not ApplicationMaterial.objects.exists()
    kept = Application.objects.get(id=application.id)
    assert kept.status == "returned" and kept.qualifying_condition == 1 and kept.submitted_at  # statistics
    assert kept.answers == {} and kept.decision_reason == "" and kept.item_notes == {} and kept.anonymous_id == ""
    dump = all_rows_text()
    for value in (*PII, STAFF_TEXT, "f" * 64):
        assert value not in dump, value
    after = download_text(post_json(sam, key, "export_applications", {"format": "csv", "reveal_ids": "1"}))
    for value in PII:
        assert value not in after, value
    assert all(entry.details.get("retired") for entry in AuditEntry.objects.filter(subject=people["amy"]))
    credit = HourCredit.objects.get(user=people["amy"])
    assert credit.hours == Decimal("8") and credit.reason == "" and credit.import_key is None
    assert not ExamExtraTime.objects.exists()
    summary = body(get(sam, key, "staff_applications"))["summary"]
    assert {bar["key"]: bar["count"] for bar in summary["by_status"]}["returned"] == 1


def test_the_lms_misc_signal_alone_retires_and_again_changes_nothing(key, people, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    from devsite.lms.retirement import USER_RETIRE_LMS_MISC, LMSAccountRetirementView

    returned_application_with_history(key, people)
    with django_capture_on_commit_callbacks(execute=True):
        USER_RETIRE_LMS_MISC.send(sender=LMSAccountRetirementView, user=people["amy"])
    assert files(tmp_path) == [] and Application.objects.get().answers == {}
    entries = list(AuditEntry.objects.filter(subject=people["amy"]).values_list("details", flat=True))
    from carbon_common.retirement import retire_user

    assert retire_user(people["amy"].id)["audit_entries"] == 0  # idempotent: the second step finds nothing
    assert list(AuditEntry.objects.filter(subject=people["amy"]).values_list("details", flat=True)) == entries


def test_retirement_leaves_other_learners_alone(key, people, tmp_path, django_capture_on_commit_callbacks):
    returned_application_with_history(key, people)
    submitted_application(client_for(people["bob"]), key)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("devsite_retire_user", "amy", stdout=io.StringIO())
    assert len(files(tmp_path)) == 7
    assert Application.objects.get(user=people["bob"]).answers["id_number"] == FULL_ID


def test_deleting_the_django_user_deletes_their_files(key, people, tmp_path, django_capture_on_commit_callbacks):
    returned_application_with_history(key, people)
    assert len(files(tmp_path)) == 7
    with django_capture_on_commit_callbacks(execute=True):
        people["amy"].delete()
    assert files(tmp_path) == []
    assert not Application.objects.exists()
    dump = all_rows_text()  # audit entries outlive the user (subject set to NULL): their texts do not
    assert STAFF_TEXT not in dump and AuditEntry.objects.filter(subject=None, action="hours_credited").exists()


def test_a_rolled_back_deletion_keeps_the_files(key, people, tmp_path, django_capture_on_commit_callbacks):
    from django.db import transaction

    submitted_application(client_for(people["amy"]), key)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                ApplicationMaterial.objects.all().delete()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and len(files(tmp_path)) == 7 and ApplicationMaterial.objects.count() == 7


# --- consent, drafts, retention -----------------------------------------------------------------


def test_withdrawing_consent_deletes_the_documents(key, people, tmp_path, django_capture_on_commit_callbacks):
    amy = client_for(people["amy"])
    assert post_json(amy, key, "save_application", VALID).status_code == 200
    assert upload(amy, key, "photo", photo()).status_code == 200
    assert upload(amy, key, "id_front", pdf("id"), "id.pdf").status_code == 200
    assert len(files(tmp_path)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        state = body(post_json(amy, key, "save_application", {"pi_consent": False}))
    assert state["consent"]["given"] is False
    assert [m for m in state["materials"] if m["file"]] == []
    assert files(tmp_path) == [] and not ApplicationMaterial.objects.exists()
    deleted = AuditEntry.objects.filter(action="material_deleted", details__cause="consent_withdrawn")
    assert sorted(deleted.values_list("details__kind", flat=True)) == ["id_front", "photo"]
    assert upload(amy, key, "photo", photo()).status_code == 400  # no new documents without consent


def test_drafts_and_their_files_are_not_shown_to_staff(key, people):
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    assert post_json(amy, key, "save_application", VALID).status_code == 200
    assert upload(amy, key, "photo", photo()).status_code == 200
    draft = Application.objects.get()
    assert body(get(sam, key, "staff_applications"))["applications"] == []
    assert body(get(sam, key, "staff_applications", "status=draft"))["applications"] == []
    assert get(sam, key, "staff_application_detail", f"id={draft.id}").status_code == 404
    assert post_json(sam, key, "staff_reveal_identifiers", {"id": draft.id}).status_code == 404
    assert "张三" not in download_text(post_json(sam, key, "export_applications", {"format": "csv", "reveal_ids": "1"}))
    archive = post_json(sam, key, "download_materials_zip", {})  # the draft's photo is not offered: nothing to zip
    assert archive.status_code == 404 and body(archive)["error"]["code"] == "nothing_to_download"
    assert get(sam, key, "download_material", f"kind=photo&application={draft.id}").status_code == 404
    assert get(amy, key, "download_material", "kind=photo").status_code == 200  # still the learner's own
    summary = body(get(sam, key, "staff_applications"))["summary"]  # counted, not shown
    assert {bar["key"]: bar["count"] for bar in summary["by_status"]}["draft"] == 1


def _age(application, days):
    Application.objects.filter(id=application.id).update(modified=timezone.now() - timedelta(days=days))


def test_purge_dry_run_lists_and_deletes_nothing_then_purges(key, people, tmp_path, settings,
                                                              django_capture_on_commit_callbacks):
    old = submitted_application(client_for(people["amy"]), key)
    recent = submitted_application(client_for(people["bob"]), key)
    _age(old, 400)
    _age(recent, 10)
    settings.CARBON_XBLOCKS_RETENTION_DAYS = 365
    out = io.StringIO()
    call_command("carbon_purge_applications", "--dry-run", stdout=out)
    assert f"Would delete application {old.id}" in out.getvalue() and f"application {recent.id}" not in out.getvalue()
    assert "1 application(s) and 7 document(s) would be deleted" in out.getvalue()
    assert Application.objects.count() == 2 and len(files(tmp_path)) == 14

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("carbon_purge_applications", stdout=out)
    assert "1 application(s) and 7 document(s) deleted" in out.getvalue()
    assert list(Application.objects.values_list("id", flat=True)) == [recent.id]
    assert len(files(tmp_path)) == 7
    purged = AuditEntry.objects.get(action="application_purged")
    assert purged.details == {"application": old.id, "status": "submitted", "retention_days": 365}

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("carbon_purge_applications", "--older-than-days", "5", stdout=out)
    assert not Application.objects.exists() and files(tmp_path) == []


def test_purge_refuses_a_period_below_one_day(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("carbon_purge_applications", "--older-than-days", "0", stdout=io.StringIO())


# --- masking and reveals ------------------------------------------------------------------------


def test_masked_views_hide_id_birth_date_and_mobile(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    row = body(get(sam, key, "staff_applications"))["applications"][0]
    assert row["id_number"] == "1****************X"
    detail = body(get(sam, key, "staff_application_detail", f"id={application.id}"))
    answers = detail["answers"]
    assert answers["id_number"] == "1****************X" and answers["mobile"] == "138****8000"
    assert answers["birth_date"] == "****-**-**"
    text = json.dumps(detail, ensure_ascii=False)
    assert FULL_ID not in text and MOBILE not in text and BIRTH not in text and "19491231" not in text
    masked = download_text(post_json(sam, key, "export_applications", {"format": "csv"}))
    assert "1****************X" in masked and "138****8000" in masked
    assert FULL_ID not in masked and MOBILE not in masked and BIRTH not in masked


def test_a_get_reveals_nothing_and_records_nothing(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    detail = body(get(sam, key, "staff_application_detail", f"id={application.id}&reveal=1"))
    assert detail["answers"]["id_number"] == "1****************X"
    assert not AuditEntry.objects.filter(action="id_number_revealed").exists()
    assert get(sam, key, "staff_reveal_identifiers", f"id={application.id}").status_code == 405


def test_reveal_is_a_recorded_post_for_staff_only(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    revealed = body(post_json(sam, key, "staff_reveal_identifiers", {"id": application.id}))
    assert revealed["answers"] == {"id_number": FULL_ID, "mobile": MOBILE, "birth_date": BIRTH}
    entry = AuditEntry.objects.get(action="id_number_revealed")
    assert entry.actor == people["sam"] and entry.subject == people["amy"]
    assert entry.details == {"application": application.id, "fields": ["id_number", "mobile", "birth_date"]}
    refused = post_json(client_for(people["bob"]), key, "staff_reveal_identifiers", {"id": application.id})
    assert refused.status_code == 403 and AuditEntry.objects.filter(action="id_number_revealed").count() == 1


def test_export_with_full_identifiers_records_whose(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    full = download_text(post_json(sam, key, "export_applications", {"format": "csv", "reveal_ids": "1"}))
    assert FULL_ID in full and MOBILE in full and BIRTH in full
    entry = AuditEntry.objects.get(action="applications_exported", details__reveal_ids=True)
    assert entry.details["applications"] == [application.id]
    assert entry.details["fields"] == ["id_number", "mobile", "birth_date"]


def test_the_documents_zip_records_whose_documents_it_holds(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    archive = post_json(sam, key, "download_materials_zip", {})
    assert archive.status_code == 200
    entry = AuditEntry.objects.get(action="materials_downloaded")
    assert entry.actor == people["sam"] and entry.details["applications"] == [application.id]


def test_retirement_hooks_nothing_without_signals_and_still_loads(settings):
    from carbon_common import retirement

    del settings.CARBON_XBLOCKS_RETIREMENT_SIGNALS
    assert retirement.signals_module() is None and retirement.connect() == []
    settings.CARBON_XBLOCKS_RETIREMENT_SIGNALS = "devsite.lms.retirement"
    assert retirement.connect() == ["USER_RETIRE_LMS_MISC", "USER_RETIRE_LMS_CRITICAL"]
