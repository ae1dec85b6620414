"""Issue 12, the learner's side of the application in the browser: every result next to the button pressed (and
in a live region, with the focus on the first thing to fix), 撤回报名 only when there is something to withdraw,
what happens next after submitting and after the decision, and the unit counted complete once submitted."""

import pytest

from tests.browser.conftest import (
    axe_violations,
    fill_application,
    open_application,
    unit_url,
    upload_document,
)
from tests.samples import DOCUMENTS, pdf, photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




def gap(page, button, message):
    """Vertical distance in CSS pixels between a button and the message that answers it."""
    a, b = page.locator(button).bounding_box(), page.locator(message).bounding_box()
    return max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]), 0)


def active(page, script):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()")


def test_learner_gets_each_result_next_to_the_action_and_is_told_what_comes_next(page, eligibility_course):
    from carbon_common.models import Application

    course = eligibility_course
    unit = unit_url(page, course, "apply-unit")
    form = open_application(page, unit)
    withdraw = form.get_by_role("button", name="撤回报名")
    form.locator(".ef-status-label").get_by_text("尚未报名").wait_for()
    assert withdraw.is_hidden()  # nothing to withdraw (the page's `button` style must not show it)

    # Submitting an empty form: the answer is next to 提交报名, and the focus is on the first field to fix.
    form.get_by_role("button", name="提交报名").click()
    page.wait_for_function("document.querySelector('.ef-message').textContent.includes('尚未提交')")
    assert gap(page, ".ef-submit", ".ef-message") < 120
    assert page.locator(".ef-message").get_attribute("aria-live") == "polite"
    assert active(page, "el.getAttribute('aria-invalid') === 'true' && !!el.closest('.ef-form')")

    fill_application(form, "123")

    # 保存草稿 with a bad phone number: saved, said next to the button (the fields to fix are above it).
    form.get_by_role("button", name="保存草稿").click()
    page.wait_for_function("document.querySelector('.ef-save-message').textContent.includes('已保存')")
    assert page.locator(".ef-save-message").inner_text() == "草稿已保存。请更正上方标出的内容。"
    assert gap(page, ".ef-save", ".ef-save-message") < 120
    assert active(page, "el.name") == "mobile"
    form.get_by_label("手机号码").fill("138 0013 8000")
    form.get_by_role("button", name="保存草稿").click()
    page.wait_for_function("document.querySelector('.ef-save-message').textContent === '草稿已保存。'")
    assert withdraw.is_visible()  # a draft (with documents, soon) can be withdrawn

    # 提交报名 with documents missing: said next to the button, the focus on the first missing document.
    upload_document(page, "photo", "photo.jpg", "image/jpeg", photo())
    form.get_by_role("button", name="提交报名").click()
    page.wait_for_function("document.querySelector('.ef-message').textContent.includes('请上传')")
    assert gap(page, ".ef-submit", ".ef-message") < 120
    assert active(page, "el.type === 'file' && el.closest('li').dataset.kind") == "review_form"
    assert axe_violations(page) == []

    for kind in DOCUMENTS:
        upload_document(page, kind, f"{kind}.pdf", "application/pdf", pdf("scan"))
    form.get_by_role("button", name="提交报名").click()
    page.wait_for_function("document.querySelector('.ef-message').textContent.includes('课程工作人员将进行审核')")
    notice = form.locator(".ef-notice")
    assert "正在等待审核" in notice.inner_text() and "电子邮件" in notice.inner_text()
    assert withdraw.is_visible()  # under review it may still be withdrawn
    assert axe_violations(page) == []

    # The unit counts as complete once submitted: the course home says 1/1 and no longer offers to start it.
    page.goto(f"{page.base_url}/courses/{course.course_key}/")
    lesson = page.locator(".lesson-list li", has_text="报名表")
    assert "1/1" in lesson.locator(".lesson-progress").inner_text()
    assert not page.locator(".course-actions .button").first.inner_text().startswith("开始学习")

    # Returned (by staff): the reason, each item's note and what to do next, at the top of the form.
    from django.utils import timezone

    Application.objects.filter(user__username="learner_new").update(
        status="returned", decided_at=timezone.now(), decision_reason="照片不清晰", item_notes={"photo": "请重新上传"})
    page.goto(unit)
    notice.get_by_text("您的报名已被退回修改。").wait_for()
    text = notice.inner_text()
    assert "照片不清晰" in text and "请重新上传" in text and "重新提交" in text
    assert axe_violations(page) == []

    # Approved (by staff): the form says so and what to do next; nothing left to withdraw.
    Application.objects.filter(user__username="learner_new").update(
        status="approved", decided_at=timezone.now(), decision_reason="", item_notes={})
    page.goto(unit)
    notice.get_by_text("您的报名已审核通过。").wait_for()
    assert "结业考试" in notice.inner_text()
    assert withdraw.is_hidden()
    assert axe_violations(page) == []
