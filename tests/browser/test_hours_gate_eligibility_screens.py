"""Both blocks' learner and staff pages in Chinese and English: charts render, nothing untranslated, axe clean.

Set SCREENSHOT_DIR to keep full-page screenshots of every page visited.
"""
import os
import re
from pathlib import Path

import pytest

from carbon_common.models import Application, HourCredit
from tests.browser.conftest import axe_violations, enrol
from tests.browser.conftest import sign_in_with_password as sign_in
from tests.browser.conftest import unit_url as unit
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR")


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


# Latin words a Chinese page may show: formats, units, and the test's own usernames and e-mails.
ALLOWED_LATIN = {"CSV", "XLSX", "JPEG", "PNG", "PDF", "ZIP", "MB", "KB", "ID", "ann", "bob", "sam", "amy",
                 "example", "com", "applicant"}


def untranslated(page, selector):
    """Latin words in the Chinese rendering of ``selector`` that are not names, formats or units."""
    words = set()
    for text in page.locator(selector).all_inner_texts():
        words.update(re.findall(r"[A-Za-z][A-Za-z_]+", text))
    return words - ALLOWED_LATIN


def test_hours_gate_pages_in_both_languages(gate_course, page):
    course = gate_course
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
        if language == "zh-cn":
            assert untranslated(page, ".hours-gate") == set()
        shot(page, f"hours_gate_learner_{language}")
        assert axe_violations(page) == []

    sign_in(page, "sam")
    for language, expected, none, choose in (("zh-cn", "已解锁学员：", "无", "选择文件"),
                                             ("en", "Unlocked learners:", "None", "Choose file")):
        set_language(page, language)
        page.goto(f"{page.base_url}/courses/{course.course_key}/instructor/")
        chart = page.locator(".hg-distribution svg")
        chart.first.wait_for()
        assert expected in page.locator(".hg-distribution").first.inner_text()
        assert page.locator(".hg-distribution table tbody tr").first.is_visible()
        roster = page.locator(".hg-staff").first
        rows = {row.locator("td").first.inner_text(): row for row in roster.locator(".hg-roster tbody tr").all()}
        assert set(rows) == {"ann", "bob"}  # the staff member is no learner
        credits = rows["ann"].locator("td").nth(-2)  # the credits column, before the timeline button's
        assert credits.inner_text() == none and rows["ann"].locator("li").count() == 0
        assert rows["bob"].locator(".hg-credit-list li").count() == 1
        assert roster.locator(".hg-file-button").inner_text() == choose and roster.locator(".hg-file-button").is_visible()
        if language == "zh-cn":
            assert untranslated(page, ".hg-staff") == set()
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
    for language, expected, choose in (("zh-cn", "提交报名", "选择文件"), ("en", "Submit application", "Choose file")):
        set_language(page, language)
        page.goto(unit(page, course, "apply-unit"))
        page.locator(".eligibility-form").wait_for()
        assert expected in page.locator(".eligibility-form").inner_text()
        page.locator(".ef-file-button").first.wait_for()
        buttons = page.locator(".ef-file-button")
        assert set(buttons.all_inner_texts()) == {choose} and buttons.first.is_visible()
        picker = page.locator(".ef-material input[type=file]").first
        assert picker.bounding_box()["width"] <= 1  # the native "Choose File" is hidden, still focusable
        picker.focus()
        assert page.evaluate("document.activeElement.type") == "file"
        if language == "zh-cn":
            assert untranslated(page, ".eligibility-form") == set()
        shot(page, f"eligibility_learner_{language}")
        assert axe_violations(page) == []

    sign_in(page, "sam")
    page.goto(f"{page.base_url}/courses/{course.course_key}/instructor/")
    alone = page.locator(".eligibility-staff").first
    alone.wait_for()
    assert alone.evaluate("e => getComputedStyle(e).borderTopStyle + ' ' + getComputedStyle(e).marginTop") == "none 0px"
    for language, expected in (("zh-cn", "按状态统计的报名数"), ("en", "Applications by status")):
        set_language(page, language)
        page.goto(unit(page, course, "apply-unit"))
        page.locator(".ef-overview svg").first.wait_for()
        assert expected in page.locator(".ef-overview").inner_text()
        assert page.locator(".ef-overview .ef-chart-by_status tbody tr").nth(1).inner_text().split()[-1] == "2"
        page.locator(".ef-queue tbody tr").first.wait_for()  # the condition column shows its label, not the number
        conditions = {cell.strip() for cell in page.locator(".ef-queue tbody tr td:nth-child(5)").all_inner_texts()}
        assert conditions == ({"条件1", "条件3"} if language == "zh-cn" else {"Condition 1", "Condition 3"})
        if language == "zh-cn":
            page.locator(".ef-queue tbody tr, .eligibility-staff tbody tr").first.wait_for()
            assert untranslated(page, ".eligibility-staff") == set()
            page.locator(".ef-queue tbody button").first.click()  # an application's details and history
            page.locator(".ef-detail-answers dt").first.wait_for()
            assert untranslated(page, ".eligibility-staff") == set()
        shot(page, f"eligibility_staff_{language}")
        assert axe_violations(page) == []
