"""Issue 10: the staff panel's exports and documents ZIP are POSTed (recorded in the staff member's name, so never
a GET), and the review's photo preview loads through its signed link."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in
from tests.samples import pdf, photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"




def submitted_application(course, user):
    from django.utils import timezone

    from carbon_common.identity import current_learner
    from carbon_common.models import Application, ApplicationMaterial
    from carbon_common.storage import save_upload
    from devsite.lms.runtime import LmsRuntime
    from eligibility_form import workflow

    key = course.course_key.make_usage_key("eligibility_form", "application")
    form = LmsRuntime(course, user).get_block(key)
    application = workflow.get_or_create(form, current_learner(form))
    application.answers = {"name": "王小明", "pi_consent": True, "law_abiding": True, "id_type": "resident_id",
                           "id_number": "110105199003070017"}
    application.status = Application.SUBMITTED
    application.consent_at = application.submitted_at = timezone.now()
    application.save()
    for kind, file_type, content in (("photo", "jpeg", photo()), ("diploma", "pdf", pdf("scan"))):
        stored = save_upload(key, application.anonymous_id, kind, file_type, content)
        ApplicationMaterial.objects.create(application=application, kind=kind, storage_key=stored,
                                           original_name=f"{kind}.x", file_type=file_type, size=len(content))
    return application


def test_staff_export_and_zip_by_post_and_see_the_photo(load_course, page, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from carbon_common.models import AuditEntry

    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    course = load_course(FIXTURE)
    call_command("devsite_setup")
    submitted_application(course, get_user_model().objects.get(username="learner_new"))
    unit = f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', 'apply-unit')}/"
    methods = {}
    page.on("request", lambda request: methods.setdefault(request.url.split("/handler/")[-1].split("/")[0],
                                                          set()).add(request.method))

    sign_in(page, "staff")
    page.goto(unit)
    staff = page.locator(".eligibility-staff")
    staff.get_by_role("button", name="查看 王小明").click()
    preview = staff.locator("img.ef-preview")
    preview.wait_for()
    page.wait_for_function("document.querySelector('.eligibility-staff img.ef-preview').naturalWidth > 0")
    assert AuditEntry.objects.filter(action="material_viewed", actor__username="staff").exists()

    with page.expect_download() as download:
        staff.get_by_role("link", name="导出 CSV").click()
    csv_text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert "王小明" in csv_text and "110105199003070017" not in csv_text  # masked unless asked
    assert AuditEntry.objects.filter(action="applications_exported", actor__username="staff").count() == 1

    with page.expect_download() as download:
        staff.get_by_role("link", name="全部材料（ZIP）").click()
    names = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist()
    assert sorted(n for n in names if n.startswith("learner_new/")) == ["learner_new/diploma.pdf", "learner_new/photo.jpg"]
    assert "learner_studying/review_form.pdf" in names  # the demo's pending application comes with its documents
    assert AuditEntry.objects.filter(action="materials_downloaded", actor__username="staff").count() == 1
    assert methods["export_applications"] == {"POST"} and methods["download_materials_zip"] == {"POST"}
    assert axe_violations(page) == []
