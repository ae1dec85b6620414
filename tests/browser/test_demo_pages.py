"""The pages a new user sees after `make demo`: the login page, the course home, a unit, the application
page and the instructor dashboard (as `staff` and as `instructor`). Each renders without a server error, in
Chinese by default and in English after choosing it in the language menu, passes axe (serious/critical), and
fits a 390-pixel-wide phone without horizontal scrolling."""
import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (path under the course, Chinese text, English text) — strings of the local LMS itself, not of the course.
LEARNER_PAGES = [
    ("", "课程大纲", "Course outline"),
    ("jump_to/{vertical}basic-theory-lesson-1-unit/", "下一单元", "Next"),
    ("jump_to/{vertical}apply-form-unit/", "下一单元", "Next"),
]


def create_anonymous_ids(course):
    """The LMS creates a learner's anonymous id once; do it before the dashboard's blocks fire their requests
    in parallel (the test database is SQLite in memory, where concurrent first writes fail with "table is
    locked" instead of waiting as the demo's file database does)."""
    from django.contrib.auth import get_user_model

    from devsite.lms.platform import anonymous_id_for_user

    for user in get_user_model().objects.all():
        anonymous_id_for_user(user, course.course_key)


def watch_server_errors(page):
    errors = []
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 500 else None)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    return errors


def assert_accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


def choose_language(page, code):
    with page.expect_navigation():
        page.get_by_label("语言" if code == "en" else "Language").select_option(code)
    page.wait_for_load_state()


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def course_url(page, course, path):
    vertical = f"block-v1:{course.course_key.org}+{course.course_key.course}+{course.course_key.run}+type@vertical+block@"
    return f"{page.base_url}/courses/{course.course_key}/" + path.format(vertical=vertical)


def test_learner_pages_in_both_languages(real_course, page):
    call_command("devsite_setup")
    errors = watch_server_errors(page)

    page.goto(page.base_url + "/login/")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.get_by_role("heading", level=1).inner_text() == "登录"
    assert page.get_by_role("button", name="以 learner_new 登录").is_visible()
    assert "刚报名" in page.locator("table.accounts").inner_text()
    assert_accessible(page, "login (zh)")

    sign_in(page, "learner_new")
    assert page.url.endswith(f"/courses/{real_course.course_key}/")
    assert page.get_by_role("link", name="开始学习：报名申请").is_visible()
    for path, chinese, _english in LEARNER_PAGES:
        page.goto(course_url(page, real_course, path))
        page.wait_for_load_state("networkidle")
        assert chinese in page.inner_text("body"), path
        assert page.get_by_role("link", name="退出").is_visible()
        assert_accessible(page, f"{path or 'course home'} (zh)")
    assert page.locator(".eligibility-form, .ef-form, form").count() >= 1  # the application form rendered

    choose_language(page, "en")
    assert page.get_attribute("html", "lang") == "en"
    for path, _chinese, english in LEARNER_PAGES:
        page.goto(course_url(page, real_course, path))
        page.wait_for_load_state("networkidle")
        body = page.inner_text("body")
        assert english in body and "Sign out" in body and "退出" not in body, path
        assert_accessible(page, f"{path or 'course home'} (en)")

    page.goto(page.base_url + "/logout/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert "just enrolled" in page.locator("table.accounts").inner_text()
    assert_accessible(page, "login (en)")

    # A phone: the outline folds away above the unit, nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    choose_language(page, "zh-cn")
    sign_in(page, "learner_new")
    assert no_horizontal_scroll(page)
    page.goto(course_url(page, real_course, LEARNER_PAGES[1][0]))
    outline = page.locator("details.outline-box")
    assert outline.get_attribute("open") is None
    assert page.get_by_role("heading", level=1).is_visible()
    assert no_horizontal_scroll(page)
    outline.locator("summary").first.click()
    assert page.locator("nav.outline [aria-current=page]").is_visible()
    assert errors == []


@pytest.mark.parametrize("username", ["staff", "instructor"])
def test_instructor_dashboard_in_both_languages(real_course, page, username):
    call_command("devsite_setup")
    create_anonymous_ids(real_course)
    errors = watch_server_errors(page)
    sign_in(page, username)
    page.get_by_role("link", name="教师管理面板").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "教师管理面板"
    toc = page.get_by_role("navigation", name="面板栏目")
    for section in ("报表", "报名申请", "考试资格"):
        assert toc.get_by_role("link", name=section, exact=True).is_visible()
    # reports + application + gate (the exam's staff tools live in its unit, as in the real LMS)
    assert page.locator(".staff-panel").count() >= 3
    assert page.get_by_role("link", name="下载成绩报表（CSV）").is_visible()
    assert_accessible(page, f"instructor dashboard as {username} (zh)")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载成绩报表（CSV）").click()
    assert download.value.suggested_filename.endswith(".csv")

    choose_language(page, "en")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Instructor dashboard"
    assert page.get_by_role("link", name="Download the grade report (CSV)").is_visible()
    assert page.get_by_role("link", name="Course home").is_visible()
    assert_accessible(page, f"instructor dashboard as {username} (en)")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    assert no_horizontal_scroll(page)
    assert errors == []
