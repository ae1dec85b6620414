"""Issue 12, staff guard rails in the browser: a decision is named (who, what, why) and confirmed next to the
button pressed, then can be undone for a few seconds before it is sent; a batch approval names everyone."""
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"


def test_decisions_are_confirmed_and_can_be_undone(load_course, page, settings, mailoutbox):
    from django.contrib.auth import get_user_model

    from carbon_common.models import Application
    from devsite.lms.demo import seed_application

    settings.XBLOCK_SETTINGS = {**getattr(settings, "XBLOCK_SETTINGS", {}),
                                "eligibility_form": {**getattr(settings, "XBLOCK_SETTINGS", {}).get("eligibility_form", {}),
                                                     "DECISION_UNDO_SECONDS": 2}}
    course = load_course(FIXTURE)
    call_command("devsite_setup")
    users = get_user_model().objects
    seed_application(users.get(username="learner_studying"), course, "submitted")
    seed_application(users.get(username="learner_new"), course, "submitted")
    status = lambda username: Application.objects.get(user__username=username).status  # noqa: E731
    unit = f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', 'apply-unit')}/"
    sign_in(page, "staff")
    page.goto(unit)
    staff = page.locator(".eligibility-staff")
    confirm = staff.locator(".ef-confirm")

    staff.get_by_role("button", name="查看 李华").click()
    staff.locator(".ef-detail-title").get_by_text("李华").wait_for()
    staff.get_by_label("原因（申请人可见）").fill("证件复印件不清晰")
    staff.get_by_role("button", name="退回补正").click()
    # Named next to the button, with the reason; nothing sent yet.
    assert "李华（learner_studying）" in confirm.inner_text() and "证件复印件不清晰" in confirm.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "确认退回"
    assert axe_violations(page) == []
    staff.get_by_role("button", name="取消").click()
    confirm.get_by_text("已取消").wait_for()
    assert status("learner_studying") == "submitted"

    # Confirmed, then undone within the undo period: nothing changes, nobody is e-mailed.
    staff.get_by_role("button", name="退回补正").click()
    staff.get_by_role("button", name="确认退回").click()
    confirm.get_by_text("秒后生效").wait_for()
    staff.get_by_role("button", name="撤销").click()
    confirm.get_by_text("已撤销").wait_for()
    page.wait_for_timeout(2500)  # longer than the undo period: the undone decision must never be sent
    assert status("learner_studying") == "submitted" and mailoutbox == []

    # A batch approval names everyone selected; confirmed and left alone, it is sent.
    staff.get_by_role("checkbox", name="李华 通过").check()
    staff.get_by_role("checkbox", name="王小明 通过").check()
    staff.get_by_role("button", name="批量通过所选").click()
    text = confirm.inner_text()
    assert "2 份报名" in text and "李华（learner_studying）" in text and "王小明（learner_new）" in text
    staff.get_by_role("button", name="确认通过").click()
    page.wait_for_function("document.querySelector('.ef-staff-message').textContent.includes('审核结果已记录')")
    assert status("learner_studying") == "approved" and status("learner_new") == "approved"
    assert axe_violations(page) == []
