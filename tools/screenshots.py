"""Regenerate docs/screenshots/: the demo's main screens in Chinese and English (`make screenshots`).

A throw-away demo (its own var dir: packed course, SQLite database, uploads) is served by `manage.py
runserver` on a free port and driven by Playwright with Debian's Chromium, as the browser tests drive it. The
review form's Chinese font (a subset of WenQuanYi Micro Hei) is handed to Chromium through fontconfig, so the
Chinese screens render on a machine without Chinese fonts. Each PNG is the first screen (1200 x 860) of a
page, reduced to a 64-colour palette to stay small.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FONT_DIR = REPO / "xblocks" / "eligibility_form" / "fonts"
COURSE = "course-v1:CECA+CRS101+2026"
VIEWPORT = {"width": 1200, "height": 860}


def unit(block_id: str) -> str:
    return f"/courses/{COURSE}/jump_to/block-v1:CECA+CRS101+2026+type@vertical+block@{block_id}/"


# (file name, who signs in, path, what to wait for, optional step in the page)
SCREENS = [
    ("01-login", None, "/login/", "table.accounts", None),
    ("02-course-home", "learner_studying", f"/courses/{COURSE}/", "main", None),
    ("03-application-form", "learner_new", unit("apply-form-unit"), ".eligibility-form .ef-submit", None),
    ("04-application-submitted", "learner_studying", unit("apply-form-unit"), ".eligibility-form .ef-notice", None),
    ("05-staff-application-queue", "staff", unit("apply-form-unit"), ".ef-queue tbody tr", None),
    ("06-staff-application-detail", "staff", unit("apply-form-unit"), ".ef-queue tbody tr", "open_detail"),
    ("07-exam-gate-locked", "learner_studying", unit("exam-final-unit"), "main", None),
    ("08-exam-intro", "learner_ready", unit("exam-final-unit"), "main", None),
    ("09-staff-exam-tools", "staff", unit("exam-final-unit"), "main", "scroll_to_staff"),
    ("10-instructor-dashboard", "instructor", f"/courses/{COURSE}/instructor/", "main", None),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(var_dir: Path) -> dict:
    """Environment of a fresh demo in ``var_dir``: the packed course, a migrated database, the demo accounts."""
    env = {**os.environ, "DEVSITE_VAR_DIR": str(var_dir), "DEVSITE_COURSE_DIR": str(var_dir / "course"),
           "DEVSITE_DB": str(var_dir / "devsite.sqlite3"), "DEVSITE_DEBUG": "0"}
    python = sys.executable
    subprocess.run([python, "-m", "course_content.tools.pack", "--tree", str(var_dir / "course")], cwd=REPO, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True)
    subprocess.run([python, "manage.py", "devsite_setup"], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload",
                               "--insecure"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the demo server did not start")


def font_config(var_dir: Path) -> Path:
    """A fontconfig file: the system's fonts plus the repository's Chinese subset."""
    config = var_dir / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                      f"  <dir>{FONT_DIR}</dir>\n  <cachedir>{var_dir / 'fontcache'}</cachedir>\n</fontconfig>\n")
    return config


def sign_in(page, base: str, username: str, language: str):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(base + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("carbon-demo")
    page.locator("form").filter(has=page.locator("#id_password")).get_by_role("button").click()
    page.wait_for_load_state()


def step(page, name: str | None):
    if name == "open_detail":
        page.locator(".ef-queue tbody tr button").first.click()
        page.locator(".ef-detail:not([hidden]) .ef-detail-title").wait_for()
        page.wait_for_load_state("networkidle")
        page.locator(".ef-detail").scroll_into_view_if_needed()
    elif name == "scroll_to_staff":
        staff = page.locator(".carbon-exam-staff").first
        if staff.count():
            staff.scroll_into_view_if_needed()


def shoot(out: Path, port: int, env: dict):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, env=env,
                                             args=["--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
        for language, locale, suffix in (("zh-cn", "zh-CN", "zh"), ("en", "en-US", "en")):
            context = browser.new_context(locale=locale, viewport=VIEWPORT, timezone_id="Asia/Shanghai")
            for name, username, path, ready, action in SCREENS:
                page = context.new_page()  # a fresh page each time: an exam page may hold on to its window
                page.set_default_timeout(20000)
                page.on("dialog", lambda dialog: dialog.accept())
                if username:
                    sign_in(page, base, username, language)
                else:
                    page.context.clear_cookies()
                    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page.goto(base + path)
                page.locator(ready).first.wait_for()
                page.wait_for_load_state("networkidle")
                step(page, action)
                target = out / f"{name}.{suffix}.png"
                page.screenshot(path=str(target))
                Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
                print(f"{target}  {target.stat().st_size // 1024} KB")
                page.close()
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carbon-screens-") as tmp:
        var_dir = Path(tmp)
        env = prepare(var_dir)
        port = free_port()
        server = serve(env, port)
        try:
            shoot(args.out.resolve(), port, {**env, "FONTCONFIG_FILE": str(font_config(var_dir))})
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
