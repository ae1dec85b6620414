"""A learner watches the credited lessons and sees the exam gate open; staff credit hours from the roster."""
import pytest

from tests.browser.conftest import axe_violations, enrol, unit_url
from tests.browser.conftest import sign_in_with_password as sign_in
from tests.integration.hours_gate_probe import SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_video(page, course, unit):
    page.goto(unit_url(page, course, unit))
    page.wait_for_selector("video")
    page.eval_on_selector("video", "v => { v.muted = true; v.play().catch(() => {}); }")  # never await play()
    page.wait_for_function("document.querySelector('video').duration > 0")
    page.eval_on_selector("video", "v => { v.currentTime = v.duration * 0.97; }")
    page.wait_for_selector(".xblock[data-block-type=video][data-complete=true]")


def test_learner_watches_lessons_and_the_gate_opens(gate_course, page, completion_on):
    from completion.models import BlockCompletion

    learner = enrol(gate_course, "ann")
    sign_in(page, "ann")
    page.goto(unit_url(page, gate_course, "exam-unit"))
    gate = page.locator(".hours-gate--locked")
    assert "已获 0 / 要求 3.5 学时" in gate.inner_text()
    assert SECRET not in page.content()
    assert axe_violations(page) == []

    watch_video(page, gate_course, "lesson-1-unit")
    BlockCompletion.objects.submit_completion(  # the reading, as the platform's complete-on-view records it
        user=learner, block_key=gate_course.course_key.make_usage_key("html", "lesson-1-reading"), completion=1.0)
    page.goto(unit_url(page, gate_course, "exam-unit"))
    assert "已获 2 / 要求 3.5 学时" in page.locator(".hours-gate--locked").inner_text()

    watch_video(page, gate_course, "lesson-2-unit")
    page.goto(unit_url(page, gate_course, "exam-unit"))
    page.wait_for_selector(".gated-probe")
    assert "培训学时已达标：3.5 / 3.5" in page.locator(".hours-gate--open").inner_text()
    assert page.locator(".hours-gate--locked").count() == 0
    assert axe_violations(page) == []


def test_staff_find_a_learner_and_credit_hours(gate_course, page, completion_on):
    enrol(gate_course, "ann")
    enrol(gate_course, "bob")
    enrol(gate_course, "sam", role="staff")
    sign_in(page, "sam")
    page.goto(unit_url(page, gate_course, "exam-unit"))
    staff = page.locator(".hg-staff")
    staff.locator(".hg-roster tbody tr").first.wait_for()
    assert staff.locator(".hg-roster tbody tr").count() == 2  # ann and bob; the staff member is no learner
    staff.get_by_label("搜索学员").fill("bob")
    assert staff.locator(".hg-roster tbody tr").count() == 1
    staff.get_by_label("用户名或邮箱").fill("bob")
    staff.get_by_label("学时（负数表示更正）").fill("3.5")
    staff.get_by_label("原因", exact=True).fill("线下集中培训")
    staff.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_function("document.querySelector('.hg-staff .hg-live').textContent.includes('学时已登记')")
    row = staff.locator(".hg-roster tbody tr").first
    assert "已开放" in row.inner_text() and "线下集中培训" in row.inner_text()
    assert axe_violations(page) == []
