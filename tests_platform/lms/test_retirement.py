"""Erasure inside the real LMS: the platform's own retirement step ``retire_misc`` (LMSAccountRetirementView, which
sends USER_RETIRE_LMS_MISC) erases a learner's application data and document files; deleting a user leaves no file.
"""
import csv
import io

import pytest

from tests.samples import DOCUMENTS, pdf, photo
from tests_platform.common import Figures, call, client_for, course_key, make_user
from tests_platform.lms.test_journey import FORM, _upload

ID_NUMBER, MOBILE, NAME, EMPLOYER = "110105198001010016", "13900139000", "王五", "某碳排放咨询公司"
STAFF_TEXT = f"{NAME} 的身份证 {ID_NUMBER} 复印件不清晰"
APPLICATION = {
    "name": NAME, "gender": "male", "id_type": "resident_id", "id_number": ID_NUMBER, "birth_date": "1980-01-01",
    "mobile": "139 0013 9000", "email": "wangwu@example.com", "employer": EMPLOYER, "job_title": "工程师",
    "education": "bachelor", "degree": "bachelor", "major": "环境工程", "graduation_date": "2002-07",
    "work_years": "5", "law_abiding": True, "pi_consent": True,
}
PII = (NAME, ID_NUMBER, MOBILE, "1980-01-01", "wangwu@example.com", EMPLOYER)


@pytest.fixture(scope="module")
def people():
    key = course_key()
    return {"retiree": make_user("retire_learner", key, name=NAME),
            "deleted": make_user("deleted_learner", key, name="赵六"),
            "staff": make_user("retire_staff", key, role="staff"),
            "admin": make_user("retire_admin", is_staff=True)}


def _submitted(client, answers):
    status, body = call(client, FORM, "save_application", answers)
    Figures.check(status == 200, body)
    Figures.check(_upload(client, "photo", photo(), "photo.jpg")[0] == 200)
    for kind in DOCUMENTS:
        Figures.check(_upload(client, kind, pdf(kind), f"{kind}.pdf")[0] == 200, kind)
    status, body = call(client, FORM, "submit_application", {})
    Figures.check(status == 200 and body["status"] == "submitted", body)


def _storage_keys(user):
    from carbon_common.models import ApplicationMaterial

    return list(ApplicationMaterial.objects.filter(application__user=user).values_list("storage_key", flat=True))


def _export(client):
    response = client.post(f"/courses/{course_key()}/xblock/{FORM}/handler/export_applications",
                           {"format": "csv", "reveal_ids": "1"})  # audited exports are POST only
    Figures.check(response.status_code == 200, response.status_code)
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


def _retirement_states():
    from openedx.core.djangoapps.user_api.models import RetirementState

    for name, order, dead, required in (("PENDING", 1, False, True), ("RETIRING_LMS_MISC", 100, False, False),
                                        ("LMS_MISC_COMPLETE", 110, False, False), ("COMPLETE", 900, True, True)):
        RetirementState.objects.get_or_create(state_name=name, defaults={
            "state_execution_order": order, "is_dead_end_state": dead, "required": required})
    return RetirementState.objects.get(state_name="RETIRING_LMS_MISC")


def test_the_platforms_retire_misc_step_erases_application_data_and_files(people):
    from openedx.core.djangoapps.user_api.models import UserRetirementStatus

    from carbon_common.models import Application, AuditEntry
    from carbon_common.storage import upload_storage

    learner, staff = client_for(people["retiree"]), client_for(people["staff"])
    _submitted(learner, APPLICATION)
    (row,) = [r for r in call(staff, FORM, "staff_applications", method="get")[1]["applications"]
              if r["username"] == "retire_learner"]
    status, body = call(staff, FORM, "staff_review", {"id": row["id"], "decision": "return", "reason": STAFF_TEXT})
    Figures.check(status == 200, body)
    keys = _storage_keys(people["retiree"])
    storage = upload_storage()
    Figures.check(len(keys) == 7 and all(storage.exists(key) for key in keys), keys)
    before = _export(staff)
    Figures.check(all(value in before for value in (NAME, ID_NUMBER, MOBILE)), "the export names the learner")

    # The retirement pipeline's retire_misc step, as the retirement driver calls it.
    working = _retirement_states()
    retirement = UserRetirementStatus.create_retirement(people["retiree"])
    retirement.current_state = retirement.last_state = working
    retirement.save()
    admin = people["admin"]
    admin.is_superuser = True  # holds accounts.can_retire_user, as the retirement service worker does
    admin.save()
    response = client_for(admin).post("/api/user/v1/accounts/retire_misc/", {"username": "retire_learner"},
                                      content_type="application/json")
    Figures.check(response.status_code == 204, (response.status_code, response.content[:500]))

    Figures.check(not any(storage.exists(key) for key in keys), "document files left on disk")
    Figures.check(_storage_keys(people["retiree"]) == [])
    application = Application.objects.get(user=people["retiree"])
    Figures.check(application.answers == {} and application.decision_reason == "" and application.status == "returned",
                  application.answers)
    after = _export(staff)
    exported = [r for r in csv.reader(io.StringIO(after)) if r and r[1] == "retire_learner"]
    # Counted for statistics: the row stays, its status shown as the staff member's label for "returned".
    Figures.check(len(exported) == 1 and exported[0][3] == "已退回，请补正", exported)
    for value in (*PII, STAFF_TEXT):
        Figures.check(value not in after, value)
    for entry in AuditEntry.objects.filter(subject=people["retiree"]):
        Figures.check(entry.details.get("retired") and STAFF_TEXT not in str(entry.details), entry.details)


def test_deleting_a_user_deletes_their_document_files(people):
    from carbon_common.models import Application
    from carbon_common.storage import upload_storage

    user = people["deleted"]
    _submitted(client_for(user), {**APPLICATION, "name": "赵六", "gender": "female", "id_number": "11010519491231002X",
                                  "birth_date": "1949-12-31", "graduation_date": "1972-07"})
    keys = _storage_keys(user)
    Figures.check(len(keys) == 7 and all(upload_storage().exists(key) for key in keys), keys)
    user_id = user.id
    user.delete()
    Figures.check(not Application.objects.filter(user_id=user_id).exists())
    Figures.check(not any(upload_storage().exists(key) for key in keys), "orphaned document files")
