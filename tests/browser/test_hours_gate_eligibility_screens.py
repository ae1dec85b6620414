"""Both blocks' learner and staff pages in Chinese and English: charts render, nothing untranslated, axe clean.

Set SCREENSHOT_DIR to keep full-page screenshots of every page visited.
"""
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from carbon_common.models import Application, HourCredit
from devsite.lms.models import CourseEnrollment, CourseRole
from tests.browser.conftest import axe_violations
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR")


def enrol(course, username, role=None):
    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.com")
    CourseEnrollment.objects.create(user=user, course_id=str(course.course_key))
    if role:
        CourseRole.objects.create(user=user, course_id=str(course.course_key), role=role)
    return user


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw")
    page.locator("form").filter(has=page.locator("#id_password")).get_by_role("button").click()
    page.wait_for_load_state()


def set_language(page, language):
    """POST /i18n/setlang/ as the LMS's language menu does (with the CSRF cookie as header)."""
    token = next((c["value"] for c in page.context.cookies() if c["name"] == "csrftoken"), "")
    response = page.request.post(page.base_url + "/i18n/setlang/", form={"language": language, "next": "/"},
                                 headers={"X-CSRFToken": token, "Referer": page.base_url + "/"}, max_redirects=0)
    assert response.status in (200, 302), response.status


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def unit(page, course, block_id):
    return f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', block_id)}/"


def test_hours_gate_pages_in_both_languages(load_course, page, settings):
    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": "tests.integration.hours_gate_probe.GatedProbe"}
    course = load_course(FIXTURES / "hours_gate_course")
    enrol(course, "ann")
    bob = enrol(course, "bob")
    enrol(course, "sam", role="staff")
    gate = course.course_key.make_usage_key("hours_gate", "exam_gate")
    HourCredit.objects.create(course_key=str(course.course_key), usage_key=str(gate), user=bob, hours="2",
                              reason="线下培训", source="manual")

    sign_in(page, "ann")
    for language, expected in (("zh-cn", "考前培训学时达标后"), ("en", "This part of the course opens")):
        set_language(page, language)
        page.goto(unit(page, course, "exam-unit"))
        locked = page.locator(".hours-gate--locked")
        assert expected in locked.inner_text()
        bar = locked.get_by_role("progressbar")
        assert bar.get_attribute("aria-valuetext")
        shot(page, f"hours_gate_learner_{language}")
        assert axe_violations(page) == []

    sign_in(page, "sam")
    for language, expected in (("zh-cn", "已解锁学员"), ("en", "Unlocked learners")):
        set_language(page, language)
        page.goto(f"{page.base_url}/courses/{course.course_key}/instructor/")
        chart = page.locator(".hg-distribution svg")
        chart.first.wait_for()
        assert expected in page.locator(".hg-distribution").first.inner_text()
        assert page.locator(".hg-distribution table tbody tr").first.is_visible()
        shot(page, f"hours_gate_staff_{language}")
        assert axe_violations(page) == []


def test_eligibility_pages_in_both_languages(load_course, page, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    course = load_course(FIXTURES / "eligibility_course")
    enrol(course, "amy")
    enrol(course, "sam", role="staff")
    application = course.course_key.make_usage_key("eligibility_form", "application")
    for n, (status, condition) in enumerate((("submitted", 1), ("submitted", 3), ("approved", 1), ("draft", None))):
        Application.objects.create(course_key=str(course.course_key), usage_key=str(application), status=status,
                                   user=enrol(course, f"applicant{n}"), anonymous_id=f"anon{n}",
                                   qualifying_condition=condition, answers={"name": f"申请人{n}"})

    sign_in(page, "amy")
    for language, expected in (("zh-cn", "提交报名"), ("en", "Submit application")):
        set_language(page, language)
        page.goto(unit(page, course, "apply-unit"))
        page.locator(".eligibility-form").wait_for()
        assert expected in page.locator(".eligibility-form").inner_text()
        shot(page, f"eligibility_learner_{language}")
        assert axe_violations(page) == []

    sign_in(page, "sam")
    for language, expected in (("zh-cn", "按状态统计的报名数"), ("en", "Applications by status")):
        set_language(page, language)
        page.goto(unit(page, course, "apply-unit"))
        page.locator(".ef-overview svg").first.wait_for()
        assert expected in page.locator(".ef-overview").inner_text()
        assert page.locator(".ef-overview .ef-chart-by_status tbody tr").nth(1).inner_text().split()[-1] == "2"
        shot(page, f"eligibility_staff_{language}")
        assert axe_violations(page) == []
