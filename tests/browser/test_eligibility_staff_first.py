"""Issue 12, where the work is: in the application's unit staff see their review tools first; their own learner
form is folded away (a native <details>, reachable by keyboard), and learners see only their form."""
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"


def test_staff_see_the_queue_first_and_their_own_form_folded(load_course, page):
    from django.contrib.auth import get_user_model

    from devsite.lms.demo import seed_application

    course = load_course(FIXTURE)
    call_command("devsite_setup")
    seed_application(get_user_model().objects.get(username="learner_new"), course, "submitted")
    unit = f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', 'apply-unit')}/"
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "staff")
    page.goto(unit)
    staff = page.locator(".eligibility-staff")
    queue = staff.locator(".ef-queue tbody tr").first
    queue.wait_for()
    viewport = page.viewport_size["height"]
    # The queue's first row is on the first screen, no scrolling needed; the blank form is not.
    assert queue.bounding_box()["y"] + queue.bounding_box()["height"] < viewport
    fold = page.locator("details.ef-own-form")
    assert fold.get_attribute("open") is None
    assert not page.locator(".eligibility-form .ef-submit").is_visible()
    assert staff.bounding_box()["y"] < fold.bounding_box()["y"]
    # Keyboard: focus the summary, Enter opens the form.
    summary = fold.locator("summary")
    assert summary.inner_text().strip() == "您本人的报名表（学员看到的页面）"
    summary.focus()
    page.keyboard.press("Enter")
    page.locator(".eligibility-form .ef-submit").wait_for(state="visible")
    assert fold.get_attribute("open") is not None
    assert axe_violations(page) == []


def test_learners_see_their_form_unfolded(load_course, page):
    course = load_course(FIXTURE)
    call_command("devsite_setup")
    unit = f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', 'apply-unit')}/"
    sign_in(page, "learner_new")
    page.goto(unit)
    page.locator(".eligibility-form .ef-submit").wait_for(state="visible")
    assert page.locator("details.ef-own-form").count() == 0 and page.locator(".eligibility-staff").count() == 0


def test_an_export_that_would_be_empty_says_so(load_course, page, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from carbon_common.models import AuditEntry
    from devsite.lms.demo import seed_application

    course = load_course(FIXTURE)
    call_command("devsite_setup")
    seed_application(get_user_model().objects.get(username="learner_new"), course, "submitted")
    unit = f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', 'apply-unit')}/"
    sign_in(page, "staff")
    page.goto(unit)
    staff = page.locator(".eligibility-staff")
    staff.locator(".ef-queue tbody tr").first.wait_for()
    staff.locator(".ef-filters select[name=status]").select_option("rejected")  # nobody is rejected: the filter leaves nothing
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    for link, text in (("导出 CSV", "没有符合当前筛选条件的报名"), ("全部材料（ZIP）", "当前筛选条件下没有报名材料")):
        staff.get_by_role("link", name=link).click()
        message = staff.locator(".ef-staff-message")
        page.wait_for_function("([el, text]) => el.textContent.includes(text)", arg=[message.element_handle(), text])
        assert message.get_attribute("aria-live") == "polite" and message.is_visible()
    assert downloads == []  # no empty file, no empty ZIP
    assert not AuditEntry.objects.filter(action__in=("applications_exported", "materials_downloaded")).exists()
