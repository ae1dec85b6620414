"""Playwright driving Debian's Chromium (never a downloaded browser) against the live local LMS."""
import os
import shutil

import pytest

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
