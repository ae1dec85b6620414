"""Issue 12: the README's demo tour agrees with the packed course and the demo, and the screenshots it points to
exist for every screen of tools/screenshots.py in both languages."""
import re
import sys
from pathlib import Path

import pytest

from devsite.lms.demo import DEMO_ACCOUNTS

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def tour() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text[text.index("## Demo tour"):text.index("\n## ", text.index("## Demo tour") + 5)]


def test_the_tour_counts_what_the_packed_course_holds(real_course):
    lessons = [key for key in real_course.of_type("sequential")
               if "lesson" in key.block_id and not real_course.field(key, "graded", False)]
    gate = real_course.of_type("hours_gate")[0]
    credits = re.findall(r'<credit block_type="sequential" url_name="[^"]+" hours="(\d+)"/>',
                         (Path(real_course.course_dir) / "vertical" / "exam-final-unit.xml").read_text())
    text = tour()
    assert f"**{len(lessons)} lessons**" in text and len(lessons) == 31
    assert f"**{real_course.field(gate, 'required_hours')} hours**" in text
    assert set(credits) == {"2"} and "of 2 training hours each" in text
    for account in DEMO_ACCOUNTS:
        assert f"`{account['username']}`" in text, account["username"]
    assert "PORT=" in text and "devsite_setup --reset" in text and "make demo-reset" in text


def test_every_screen_has_a_screenshot_in_both_languages():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from screenshots import SCREENS
    finally:
        sys.path.remove(str(REPO / "tools"))
    shots = REPO / "docs" / "screenshots"
    for name, *_ in SCREENS:
        for language in ("zh", "en"):
            path = shots / f"{name}.{language}.png"
            assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
            assert path.stat().st_size < 200_000, path  # kept small
