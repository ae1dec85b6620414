"""The gate's Studio editor in Chromium: XBlock's ``StudioEditableXBlockMixin`` form, its credits field shown as a
table by ``hours_gate_studio.js``, saved through the mixin's Save in one request.

Devsite's Studio page (``studio_page``) stands in for Studio's editor modal and gives the mixin's script what
Teak's Studio pages do: jQuery, Django's JavaScript catalogue (``gettext``), the CSRF header on jQuery's requests
and ``runtime.notify`` shown as Studio's notifications. Nothing is added to the page here."""
import pytest

from tests.browser.conftest import axe_violations, enrol
from tests.browser.conftest import sign_in_with_password as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def gate_url(page, course, name="studio_page"):
    from django.urls import reverse

    key = course.course_key.make_usage_key("hours_gate", "exam_gate")
    return page.base_url + reverse(name, kwargs={"course_id": str(course.course_key), "usage_id": str(key)})


def open_gate_editor(page, course):
    """Devsite's Studio page of the gate, as served."""
    page.goto(gate_url(page, course))
    return page.locator(".xblock-studio_view")


def saved_gate(course):
    from django.contrib.auth import get_user_model

    from devsite.lms.runtime import LmsRuntime

    user = get_user_model().objects.get(username="sam")
    return LmsRuntime(course, user).get_block(course.course_key.make_usage_key("hours_gate", "exam_gate"))


def save(page, editor):
    with page.expect_response(lambda response: "submit_studio_edits" in response.url) as answer:
        editor.locator(".save-button").click()
    return answer.value


def test_an_author_edits_settings_and_credits_in_one_save(gate_course, page):
    enrol(gate_course, "sam", role="staff")
    sign_in(page, "sam")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    editor = open_gate_editor(page, gate_course)
    table = editor.locator(".hg-credits-editor table")
    assert table.locator("tbody tr").count() == 2  # the gate's two credited blocks, from the mixin's JSON box
    assert table.locator("tbody tr").nth(1).locator('[name="url_name"]').input_value() == "lesson-2-video"
    assert not editor.locator("#xb-field-edit-credits").is_visible()
    assert axe_violations(page) == []
    flag = editor.locator("#xb-field-edit-require_application option")
    assert flag.all_inner_texts() == ["是", "否（默认）"]  # the mixin's "True" / "False (Default)", translated

    editor.get_by_label("要求学时").fill("5")
    table.locator("tbody tr").nth(1).locator('[name="hours"]').fill("1.25")
    editor.get_by_role("button", name="添加计入学时的组件").click()
    new_row = table.locator("tbody tr").nth(2)
    assert new_row.locator('[name="block_type"]').input_value() == "sequential"
    assert new_row.locator('[name="block_type"]').evaluate("input => input === document.activeElement")
    refused = save(page, editor)  # the new row has no url_name yet
    assert refused.status == 400 and refused.json()["error"]["field"] == "url_name"
    assert "第 3 项" in refused.json()["error"]["message"]
    alert = page.get_by_role("alert")  # runtime.notify('error'), shown as Studio's alert
    assert alert.locator("h2").inner_text() == "无法更新设置"  # the mixin's gettext, from the page's catalogue
    assert "第 3 项" in alert.inner_text()
    assert saved_gate(gate_course).required_hours == "3.5"  # nothing saved

    new_row.locator('[name="url_name"]').fill("no-such-lesson")
    new_row.locator('[name="hours"]').fill("0.5")
    saved = save(page, editor)
    assert saved.status == 200, saved.text()
    assert any("no-such-lesson" in warning for warning in saved.json()["warnings"])
    assert page.get_by_role("status").inner_text() == "已保存" and alert.is_hidden()  # runtime.notify('save')
    gate = saved_gate(gate_course)
    assert gate.required_hours == "5.00"
    assert [(c["url_name"], c["hours"]) for c in gate.credits] == [
        ("lesson-1", "2.00"), ("lesson-2-video", "1.25"), ("no-such-lesson", "0.50")]

    table.locator("tbody tr").nth(2).get_by_role("button", name="删除").click()
    assert save(page, editor).status == 200
    assert [c["url_name"] for c in saved_gate(gate_course).credits] == ["lesson-1", "lesson-2-video"]
    editor.locator('li[data-field-name="credits"] .setting-clear').click()  # the mixin's Clear: back to the default
    assert table.locator("tbody tr").count() == 0
    assert errors == []


def test_cancel_closes_the_editor_without_saving(gate_course, page):
    enrol(gate_course, "sam", role="staff")
    sign_in(page, "sam")
    editor = open_gate_editor(page, gate_course)
    editor.get_by_label("要求学时").fill("9")
    editor.locator(".cancel-button").click()  # the mixin's Cancel: runtime.notify('cancel') closes Studio's modal
    page.wait_for_url(gate_url(page, gate_course, "studio_author_page"))
    assert saved_gate(gate_course).required_hours == "3.5"
