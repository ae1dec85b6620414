"""The application workflow through the local LMS: learner form, uploads, submit, staff review, exports."""
import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from carbon_common.models import Application, AuditEntry
from devsite.lms.runtime import LmsRuntime
from eligibility_form.api import application_status
from tests.integration.helpers import body, client_for, csrf_client, download_text, handler_url, post_json
from tests.samples import APPLICATION, DOCUMENTS, pdf, photo

FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"
VALID = APPLICATION


# course, key (the form) and people (amy, bob, sam) come from tests/integration/conftest.py.


def upload(client, key, kind, content, name="file.jpg"):
    token = csrf_client(client)
    return client.post(handler_url(key, "upload_material"), {"kind": kind, "file": _named(content, name)},
                       HTTP_X_CSRFTOKEN=token)


def _named(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def get(client, key, handler, query=""):
    return client.get(handler_url(key, handler) + (f"?{query}" if query else ""))


def submitted_application(client, key):
    assert post_json(client, key, "save_application", VALID).status_code == 200
    assert upload(client, key, "photo", photo()).status_code == 200
    for kind in DOCUMENTS:
        assert upload(client, key, kind, pdf(kind), f"{kind}.pdf").status_code == 200
    response = post_json(client, key, "submit_application", {})
    assert response.status_code == 200, body(response)
    return Application.objects.get(usage_key=str(key), user_id=int(client.session["_auth_user_id"]))


# --- views ------------------------------------------------------------------------------------


def test_learner_sees_the_form_in_chinese_and_staff_see_the_queue(course, key, people):
    learner_html = LmsRuntime(course, people["amy"]).render(
        LmsRuntime(course, people["amy"]).get_block(key), "student_view", {}).body_html()
    assert "提交报名" in learner_html and "单独同意处理本人的敏感个人信息" in learner_html
    assert "eligibility-staff" not in learner_html
    runtime = LmsRuntime(course, people["sam"])
    staff_html = runtime.render(runtime.get_block(key), "student_view", {}).body_html()
    assert "eligibility-staff" in staff_html and "批量通过所选" in staff_html
    assert "报名审核" in runtime.render(runtime.get_block(key), "staff_view", {}).body_html()


def test_unit_page_serves_the_block_and_its_assets(course, key, people):
    client = client_for(people["amy"])
    unit = course.course_key.make_usage_key("vertical", "apply-unit")
    page = client.get(f"/courses/{course.course_key}/jump_to/{unit}/")
    assert page.status_code == 200 and "EligibilityFormInit" in page.content.decode()
    for asset in ("public/js/eligibility_form.js", "public/css/eligibility_form.css"):
        assert client.get(f"/xblock/resource/eligibility_form/{asset}").status_code == 200


# --- the learner's workflow -------------------------------------------------------------------


def test_save_evaluates_conditions_and_reports_field_problems(key, people):
    client = client_for(people["amy"])
    response = post_json(client, key, "save_application", VALID | {"work_years": "1", "mobile": "123"})
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_value"
    state = body(response)["error"]["state"]  # saved all the same, with the usual state
    assert state["status"] == "draft"
    assert state["eligibility"]["qualifying"] == 3
    assert state["eligibility"]["conditions"][0]["missing"] == ["需要从事能源、节能减排、环境管理等相关工作满 3 年，您填写的是 1 年。"]
    assert state["errors"]["mobile"].startswith("请填写 11 位中国大陆手机号码")
    assert [m["kind"] for m in state["materials"]] == ["photo", "review_form", "id_front", "id_back", "diploma",
                                                      "degree", "work_proof"]
    assert AuditEntry.objects.filter(action="consent_given", subject=people["amy"]).count() == 1


def test_english_learner_gets_english_messages(key, people):
    client = client_for(people["amy"])
    response = client.post(handler_url(key, "save_application"), data='{"work_years": 1}',
                           content_type="application/json", HTTP_X_CSRFTOKEN=csrf_client(client),
                           HTTP_ACCEPT_LANGUAGE="en")
    state = body(response)
    assert state["errors"] == {} and state["eligibility"]["conditions"][0]["missing"][0].startswith("Needs 3 or more")
    assert state["eligibility"]["summary"][0] == "You do not currently meet any of the six eligibility conditions."


def test_uploads_need_consent_and_are_checked_by_content(key, people):
    client = client_for(people["amy"])
    post_json(client, key, "save_application", VALID | {"pi_consent": False})
    refused = upload(client, key, "photo", photo())
    assert refused.status_code == 400 and body(refused)["error"]["code"] == "consent_required"
    post_json(client, key, "save_application", VALID)
    white = upload(client, key, "photo", photo(background=(255, 255, 255)))
    assert white.status_code == 400
    assert body(white)["error"]["code"] == "photo_background_not_blue" and "蓝底" in body(white)["error"]["message"]
    disguised = upload(client, key, "photo", pdf(), "photo.jpg")
    assert body(disguised)["error"]["code"] == "file_type_unsupported"
    small = upload(client, key, "photo", photo(size=(200, 280)))
    assert body(small)["error"]["code"] == "photo_too_small"
    state = body(upload(client, key, "photo", photo()))
    assert state["materials"][0]["file"]["file_type"] == "jpeg"
    assert get(client, key, "download_material", "kind=photo").content.startswith(b"\xff\xd8\xff")


def test_upload_limit_comes_from_xblock_settings(key, people, settings):
    settings.XBLOCK_SETTINGS = {"eligibility_form": {"MAX_UPLOAD_BYTES": 2000}}
    client = client_for(people["amy"])
    post_json(client, key, "save_application", VALID)
    refused = upload(client, key, "diploma", pdf() + b"%" * 3000)
    assert refused.status_code == 400 and body(refused)["error"]["code"] == "file_too_large"


@pytest.mark.django_db(transaction=True)  # files are deleted when the deletion commits
def test_replace_and_delete_before_submitting(key, people, tmp_path):
    client = client_for(people["amy"])
    post_json(client, key, "save_application", VALID)
    upload(client, key, "diploma", pdf("first"), "a.pdf")
    upload(client, key, "diploma", pdf("second"), "b.pdf")
    stored = [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert len(stored) == 1
    anonymous = Application.objects.get(user=people["amy"]).anonymous_id
    assert anonymous in str(stored[0]) and "application" in str(stored[0])
    assert post_json(client, key, "delete_material", {"kind": "diploma"}).status_code == 200
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert post_json(client, key, "delete_material", {"kind": "diploma"}).status_code == 404


def test_submit_rechecks_everything_on_the_server(key, people):
    client = client_for(people["amy"])
    assert post_json(client, key, "save_application", VALID | {"id_number": "110105194912310021"}).status_code == 400
    invalid = post_json(client, key, "submit_application", {})
    assert invalid.status_code == 400 and body(invalid)["error"]["field"] == "id_number"
    assert body(invalid)["error"]["errors"]["id_number"].startswith("证件号码最后一位校验码不正确")
    post_json(client, key, "save_application", VALID | {"work_years": "0", "education": "secondary", "degree": "none"})
    not_eligible = post_json(client, key, "submit_application", {})
    assert body(not_eligible)["error"]["code"] == "not_eligible"
    post_json(client, key, "save_application", VALID)
    missing = post_json(client, key, "submit_application", {})
    assert body(missing)["error"]["code"] == "materials_missing"
    assert body(missing)["error"]["missing"] == ["photo", *DOCUMENTS]


def test_whole_workflow_return_resubmit_approve(course, key, people):
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    application = submitted_application(amy, key)
    assert application.status == "submitted" and application.qualifying_condition == 1
    assert application.answers["mobile"] == "13800138000"  # cleaned at submission
    assert post_json(amy, key, "save_application", VALID).status_code == 409  # locked while under review

    queue = body(get(sam, key, "staff_applications", "status=submitted"))["applications"]
    assert [(row["username"], row["id_number"]) for row in queue] == [("amy", "1****************X")]
    detail = body(get(sam, key, "staff_application_detail", f"id={application.id}"))
    assert detail["answers"]["id_number"] == "1****************X"
    assert {m["kind"] for m in detail["materials"] if m["file"]} == {"photo", *DOCUMENTS}
    photo_url = next(m["file"]["url"] for m in detail["materials"] if m["kind"] == "photo")
    assert sam.get(photo_url).status_code == 200

    returned = post_json(sam, key, "staff_review", {"id": application.id, "decision": "return",
                                                    "reason": "照片不清晰", "notes": {"photo": "请重新上传"}})
    assert returned.status_code == 200
    state = body(get(amy, key, "application_state"))
    assert state["status"] == "returned" and state["editable"]
    assert state["decision"]["notes"] == {"photo": "请重新上传"}
    assert upload(amy, key, "photo", photo()).status_code == 200
    resubmitted = body(post_json(amy, key, "submit_application", {}))
    assert resubmitted["status"] == "submitted" and resubmitted["decision"] is None

    approved = post_json(sam, key, "staff_review", {"id": application.id, "decision": "approve", "reason": ""})
    assert approved.status_code == 200
    status = application_status(course.course_key, people["amy"].id)
    assert status.approved and status.status == "approved" and status.decided_at is not None
    assert application_status(str(course.course_key), people["bob"].id).status == "none"
    assert post_json(amy, key, "withdraw_application", {}).status_code == 409
    assert upload(amy, key, "photo", photo()).status_code == 409

    actions = list(AuditEntry.objects.filter(subject=people["amy"]).values_list("action", flat=True))
    for expected in ("application_created", "consent_given", "material_uploaded", "application_submitted",
                     "application_returned", "material_replaced", "application_approved"):
        assert expected in actions
    approval = AuditEntry.objects.get(action="application_approved")
    assert approval.actor == people["sam"]


def test_reject_needs_a_reason_and_batch_approve(key, people, course, make_user):
    sam = client_for(people["sam"])
    first = submitted_application(client_for(people["amy"]), key)
    second = submitted_application(client_for(people["bob"]), key)
    no_reason = post_json(sam, key, "staff_review", {"id": first.id, "decision": "reject"})
    assert no_reason.status_code == 400 and body(no_reason)["error"]["field"] == "reason"
    batch_reject = post_json(sam, key, "staff_review", {"ids": [first.id, second.id], "decision": "reject",
                                                        "reason": "x"})
    assert batch_reject.status_code == 400
    batch = post_json(sam, key, "staff_review", {"ids": [first.id, second.id], "decision": "approve"})
    assert [row["status"] for row in body(batch)["updated"]] == ["approved", "approved"]
    again = post_json(sam, key, "staff_review", {"id": first.id, "decision": "reject", "reason": "late"})
    assert again.status_code == 409


@pytest.mark.django_db(transaction=True)  # files are deleted when the deletion commits
def test_withdraw_deletes_the_application_and_its_files(key, people, tmp_path):
    amy = client_for(people["amy"])
    submitted_application(amy, key)
    assert [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert body(post_json(amy, key, "withdraw_application", {}))["status"] == "none"
    assert not Application.objects.exists()
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert AuditEntry.objects.filter(action="application_withdrawn").exists()


# --- access control ---------------------------------------------------------------------------


def test_another_learner_cannot_download_someone_elses_document(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    bob = client_for(people["bob"])
    own = get(bob, key, "download_material", "kind=photo")
    assert own.status_code == 404  # bob has no photo; amy's is never reachable by kind alone
    other = get(bob, key, "download_material", f"kind=photo&application={application.id}")
    assert other.status_code == 403 and body(other)["error"]["code"] == "staff_only"


@pytest.mark.parametrize(
    "handler, method, data",
    [
        ("staff_applications", "GET", ""), ("staff_application_detail", "GET", "id=1"),
        ("staff_review", "POST", {"id": 1, "decision": "approve"}), ("export_applications", "POST", {"format": "csv"}),
        ("download_materials_zip", "POST", {}),
    ],
)
def test_learner_calling_staff_handlers_is_refused(key, people, handler, method, data):
    client = client_for(people["amy"])
    response = post_json(client, key, handler, data) if method == "POST" else get(client, key, handler, data)
    assert response.status_code == 403 and body(response)["error"]["code"] == "staff_only"


def test_posts_need_the_csrf_token(key, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["amy"])
    assert post_json(client, key, "save_application", VALID, csrf=False).status_code == 403
    assert post_json(client, key, "save_application", VALID).status_code == 200


def test_anonymous_users_are_refused(key):
    assert Client().get(handler_url(key, "application_state")).status_code == 403


# --- staff exports ----------------------------------------------------------------------------


def test_exports_mask_ids_unless_asked_and_record_it(key, people):
    submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    masked = download_text(post_json(sam, key, "export_applications", {"format": "csv"}))
    assert "1****************X" in masked and "11010519491231002X" not in masked and "张三" in masked
    full = download_text(post_json(sam, key, "export_applications", {"format": "csv", "reveal_ids": "1"}))
    assert "11010519491231002X" in full
    assert AuditEntry.objects.filter(action="applications_exported", details__reveal_ids=True).count() == 1
    xlsx = post_json(sam, key, "export_applications", {"format": "xlsx"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][0] == "报名编号" and rows[1][6] == "1****************X"
    assert post_json(sam, key, "export_applications", {"format": "pdf"}).status_code == 400


def test_zip_of_all_documents(key, people):
    submitted_application(client_for(people["amy"]), key)
    submitted_application(client_for(people["bob"]), key)
    response = post_json(client_for(people["sam"]), key, "download_materials_zip", {})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    assert "amy/photo.jpg" in names and "bob/diploma.pdf" in names and len(names) == 14


def test_detail_reveal_is_recorded(key, people):
    application = submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    revealed = body(post_json(sam, key, "staff_reveal_identifiers", {"id": application.id}))  # a POST: it is recorded
    assert revealed["answers"]["id_number"] == "11010519491231002X"
    assert AuditEntry.objects.filter(action="id_number_revealed", actor=people["sam"]).exists()


# --- review form and reports ------------------------------------------------------------------


def test_review_form_pdf_is_prefilled(key, people, tmp_path):
    import subprocess

    client = client_for(people["amy"])
    post_json(client, key, "save_application", VALID)
    response = get(client, key, "review_form_pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "张三" in text and "碳减排领域专业技能人才培养报名审核表" in text


def test_problem_response_report_rows(course, key, people):
    from devsite.lms.reports import problem_response_rows

    submitted_application(client_for(people["amy"]), key)
    rows = [r for r in problem_response_rows(course) if r[1] == str(key)]
    assert len(rows) == 1
    username, _key, _title, columns = rows[0]
    # the applications export's headers and labels (the site's language), not codes or field names
    assert username == "amy" and columns["状态"] == "已提交，等待审核" and columns["符合的报考条件"] == "条件1"
    assert columns["证件号码"] == "1****************X" and columns["提交时间"] and columns["报名编号"] == "APPLY-2026-00001"
    assert not {"status", "qualifying_condition", "id_number"} & set(columns)
