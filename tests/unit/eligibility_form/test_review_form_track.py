"""The review form prints the applicant's skill track (专业方向) by its Chinese name; none chosen leaves it blank."""
from eligibility_form.review_form import render_review_form
from eligibility_form.rules import TRACKS
from tests.samples import APPLICATION
from tests.unit.eligibility_form.test_review_form_ticks import pdf_text

NAMES = {"management": "碳排放管理", "trading": "碳交易", "audit": "碳审计"}


def test_the_chosen_track_is_printed_by_its_name(tmp_path):
    for track, name in NAMES.items():
        text = pdf_text(render_review_form(APPLICATION | {"track": track}), tmp_path)
        assert "专业方向" in text and name in text, (track, text[:400])
        assert track not in text  # the code never shows
        others = [other for code, other in NAMES.items() if code != track]
        assert not any(other in text for other in others)


def test_no_track_leaves_the_box_empty(tmp_path):
    text = pdf_text(render_review_form({k: v for k, v in APPLICATION.items() if k != "track"}), tmp_path)
    line = next(line for line in text.splitlines() if "专业方向" in line)
    assert line.split("专业方向", 1)[1].strip() == "", line
    assert set(NAMES) <= set(TRACKS)
