"""Issue 12: a block's `hidden` controls stay hidden on any host page, whose `button { display: inline-block }`
(as the local LMS's, and many themes') would otherwise win over the browser's `[hidden]` rule."""
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]
HOST_CSS = "button, p, ul, div { display: inline-block; }"  # a host page's styles, as hostile as they come
BLOCKS = {
    "xblocks/eligibility_form/public/css/eligibility_form.css": ("eligibility-form", "eligibility-staff"),
    "xblocks/hours_gate/public/css/hours_gate.css": ("hours-gate",),
    "xblocks/carbon_exam/public/css/exam.css": ("carbon-exam", "carbon-exam-staff", "carbon-exam-studio"),
}


def test_hidden_elements_stay_hidden_inside_every_block(page):
    styles = "\n".join((ROOT / path).read_text(encoding="utf-8") for path in BLOCKS)
    roots = [root for roots in BLOCKS.values() for root in roots]
    body = "".join(
        f'<section class="{root}"><button type="button" hidden id="{root}-button">x</button>'
        f'<p hidden id="{root}-p">x</p><button type="button" id="{root}-shown">y</button></section>'
        for root in roots)
    page.set_content(f"<!DOCTYPE html><html lang='zh-CN'><head><style>{HOST_CSS}</style><style>{styles}</style>"
                     f"</head><body>{body}</body></html>")
    for root in roots:
        assert page.locator(f"#{root}-button").is_hidden(), root
        assert page.locator(f"#{root}-p").is_hidden(), root
        assert page.locator(f"#{root}-shown").is_visible(), root
