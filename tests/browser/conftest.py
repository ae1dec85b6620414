"""Playwright driving Debian's Chromium (never a downloaded browser) against the live local LMS."""
import os
import shutil

import pytest

from tests.conftest import FIXTURES

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def exam_course(load_course):
    """The carbon_exam fixture course, with the demo accounts (`devsite_setup`) to sign in as."""
    from django.core.management import call_command

    course = load_course(FIXTURES / "carbon_exam_course")
    call_command("devsite_setup")
    return course


@pytest.fixture
def eligibility_course(load_course, settings, tmp_path):
    """The eligibility_form fixture course (uploads in the test's own folder), with the demo accounts."""
    from django.core.management import call_command

    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    course = load_course(FIXTURES / "eligibility_course")
    call_command("devsite_setup")
    return course


def fill_application(form, mobile):
    """Fill in 王小明's answers on the application `form` (a locator), with `mobile` as the phone number."""
    form.get_by_label("姓名").fill("王小明")
    form.get_by_label("性别").select_option("male")
    form.get_by_label("证件类型").select_option("resident_id")
    form.get_by_label("证件号码").fill("110105199003070017")
    form.get_by_label("出生日期").fill("1990-03-07")
    form.get_by_label("手机号码").fill(mobile)
    form.get_by_label("电子邮箱").fill("wang@example.com")
    form.get_by_label("学历", exact=True).select_option("bachelor")
    form.get_by_label("学位", exact=True).select_option("bachelor")
    form.get_by_label("所学专业").select_option("环境工程")
    form.get_by_label("毕业时间").fill("2012-07")
    form.get_by_label("相关工作年限（能源、节能减排、环境管理等）").fill("4")
    form.get_by_label("本人遵守国家法律、法规，所填信息及所传材料真实、完整。").check()
    form.get_by_label("本人单独同意处理本人的敏感个人信息。").check()


def unit_url(page, course, block_id):
    """The live server's page of the unit (vertical) `block_id`."""
    return f"{page.base_url}/courses/{course.course_key}/jump_to/{course.course_key.make_usage_key('vertical', block_id)}/"


def open_application(page, unit, username="learner_new"):
    """Sign in as `username` and open the application's `unit` page; the form's locator."""
    sign_in(page, username)
    page.goto(unit)
    return page.locator(".eligibility-form")


def open_exam(page, course, username="learner_new"):
    """Sign in as `username` and open the course's final exam unit; the exam block's locator."""
    sign_in(page, username)
    page.goto(unit_url(page, course, "final-unit"))
    return page.locator(".carbon-exam")


def open_exam_studio(page, course):
    """Sign in as staff and open the final exam's Studio editor (devsite's Studio page, `studio_page`)."""
    from django.urls import reverse

    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    sign_in(page, "staff")
    page.goto(page.base_url + reverse("studio_page", kwargs={"course_id": str(course.course_key), "usage_id": str(key)}))
    return page.locator(".carbon-exam-studio")


def saved_exam(course):
    """The final exam block as saved, loaded afresh for the staff account."""
    from django.contrib.auth import get_user_model

    from devsite.lms.runtime import LmsRuntime

    staff = get_user_model().objects.get(username="staff")
    return LmsRuntime(course, staff).get_block(course.course_key.make_usage_key("carbon_exam", "final_exam"))


def enrol(course, username, role=None):
    """Create a user (password "pw") enrolled in `course`, with an optional course role."""
    from django.contrib.auth import get_user_model

    from devsite.lms.models import CourseEnrollment, CourseRole

    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.com")
    CourseEnrollment.objects.create(user=user, course_id=str(course.course_key))
    if role:
        CourseRole.objects.create(user=user, course_id=str(course.course_key), role=role)
    return user


def sign_in_with_password(page, username, password="pw"):
    """Sign out (drop the cookies), then sign in with the login form as `username`."""
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form").filter(has=page.locator("#id_password")).get_by_role("button").click()
    page.wait_for_load_state()


def sign_in(page, username):
    """Sign in from the login page's demo-account list, as a new user would."""
    page.goto(page.base_url + "/login/")
    page.get_by_role("button", name=f"以 {username} 登录").click()
    page.wait_for_load_state()


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core (shipped by axe-playwright-python) run in the page; the violations of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def upload_document(page, kind, name, mime, content):
    """Choose a file for one document of the eligibility form and wait until the form lists it."""
    item = page.locator(f".eligibility-form li[data-kind={kind}]")
    item.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.locator(f".eligibility-form li[data-kind={kind}] .ef-material-info a").wait_for()
