"""A learner fills in the application, uploads a photo and documents, submits; course staff approve it."""

import pytest

from tests.browser.conftest import (
    axe_violations,
    fill_application,
    open_application,
    sign_in,
    unit_url,
    upload_document,
)
from tests.samples import pdf, photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_learner_applies_and_staff_approve(page, eligibility_course):
    from carbon_common.models import Application, AuditEntry

    course = eligibility_course
    unit = unit_url(page, course, "apply-unit")
    form = open_application(page, unit)
    fill_application(form, "138 0013 8000")
    page.wait_for_function("document.querySelector('.ef-summary').textContent.includes('第 1 条')")

    # A bad phone number: saved all the same (400 "invalid_value"), the problem shown next to the field.
    mobile = form.get_by_label("手机号码")
    mobile.fill("123")
    form.get_by_role("button", name="保存草稿").click()
    page.wait_for_function("document.querySelector('.ef-save-message').textContent.includes('已保存')")
    assert page.locator(".ef-save-message").inner_text() == "草稿已保存。请更正上方标出的内容。"
    error_id = mobile.get_attribute("id") + "-error"
    assert mobile.get_attribute("aria-invalid") == "true" and error_id in mobile.get_attribute("aria-describedby")
    assert page.locator(f"[id='{error_id}']").inner_text().startswith("请填写 11 位中国大陆手机号码")
    assert Application.objects.get(user__username="learner_new").answers["mobile"] == "123"
    assert axe_violations(page) == []
    mobile.fill("138 0013 8000")
    form.get_by_role("button", name="保存草稿").click()
    page.wait_for_function("document.querySelector('.ef-save-message').textContent === '草稿已保存。'")
    assert mobile.get_attribute("aria-invalid") == "false"

    upload_document(page, "photo", "photo.jpg", "image/jpeg", photo())
    for kind in ("review_form", "id_front", "id_back", "diploma", "degree", "work_proof"):
        upload_document(page, kind, f"{kind}.pdf", "application/pdf", pdf("scan"))
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_function("document.querySelector('.ef-status-label').textContent.includes('已提交')")
    assert Application.objects.get(user__username="learner_new").status == "submitted"
    assert axe_violations(page) == []

    page.goto(page.base_url + "/logout/")
    sign_in(page, "staff")
    page.goto(unit)
    staff = page.locator(".eligibility-staff")
    staff.get_by_role("button", name="查看 王小明").click()
    staff.locator(".ef-detail-title").get_by_text("王小明").wait_for()
    answers = staff.locator(".ef-detail-answers")
    assert "1****************7" in answers.inner_text() and "****-**-**" in answers.inner_text()
    staff.get_by_role("button", name="显示完整证件号码").click()  # a recorded POST, then the detail again
    staff.locator(".ef-detail-answers").get_by_text("110105").wait_for()
    assert AuditEntry.objects.filter(action="id_number_revealed", actor__username="staff").count() == 1
    staff.get_by_role("button", name="通过", exact=True).click()
    staff.get_by_role("button", name="确认通过").click()  # named and confirmed, then sent after the undo period
    page.wait_for_function("document.querySelector('.ef-staff-message').textContent.includes('审核结果已记录')")
    assert Application.objects.get(user__username="learner_new").status == "approved"
    assert axe_violations(page) == []
