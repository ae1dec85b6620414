"""The review-form PDF, checked with poppler on a machine where fontconfig knows no font at all."""

import io
import os
import subprocess

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from eligibility_form import review_form
from eligibility_form.messages import LABELS, ZH, label
from eligibility_form.review_form import FONT_PATH, TITLE, printable, render_review_form
from eligibility_form.tools.make_font_subset import gb2312_characters

APPLICANT = {
    "name": "欧阳娜娜", "gender": "female", "id_type": "resident_id", "id_number": "11010519491231002X",
    "birth_date": "1949-12-31", "mobile": "13800138000", "email": "ouyang@example.com",
    "employer": "北京绿色节能环保科技有限公司", "job_title": "碳排放管理工程师", "education": "bachelor",
    "degree": "bachelor", "major": "环境工程", "graduation_date": "1972-07", "work_years": 1.5,
    "law_abiding": True, "pi_consent": True,
}


@pytest.fixture
def no_system_fonts(tmp_path):
    """Environment in which fontconfig has an empty configuration: no font can be substituted."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n')
    return {**os.environ, "FONTCONFIG_FILE": str(config), "FONTCONFIG_PATH": str(tmp_path), "HOME": str(tmp_path)}


def poppler(tool, *args, env):
    return subprocess.run([tool, *args], env=env, capture_output=True, check=True, timeout=60)


def pdf_text(pdf, tmp_path, env) -> str:
    """The PDF's text in content order, line breaks removed (CJK text wraps between any two characters)."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = poppler("pdftotext", "-raw", str(path), "-", env=env).stdout.decode("utf-8")
    return text.replace("\n", "")


def render_png(pdf, tmp_path, env) -> Image.Image:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    poppler("pdftoppm", "-r", "50", "-png", "-singlefile", str(path), str(tmp_path / "page"), env=env)
    return Image.open(tmp_path / "page.png").convert("RGB")


def dark_share(image: Image.Image) -> float:
    histogram = image.convert("L").histogram()
    return sum(histogram[:128]) / sum(histogram)


def test_text_is_extractable_without_system_fonts(tmp_path, no_system_fonts):
    text = pdf_text(render_review_form(APPLICANT, reference="A-0042"), tmp_path, no_system_fonts)
    for expected in (TITLE, "欧阳娜娜", "11010519491231002X", "北京绿色节能环保科技有限公司", "本科", "学士",
                     "1.5 年", "环境工程（相关专业）", "申请人签字", "单位盖章", "审核意见", "A-0042"):
        assert expected in text, expected


def test_every_font_is_embedded(tmp_path, no_system_fonts):
    path = tmp_path / "form.pdf"
    path.write_bytes(render_review_form(APPLICANT))
    rows = poppler("pdffonts", str(path), env=no_system_fonts).stdout.decode().splitlines()[2:]
    assert rows, "the PDF uses no font at all"
    for row in rows:
        embedded = row.split()[-5]  # columns: name type encoding emb sub uni object ID
        assert embedded == "yes", row


def test_page_renders_with_glyphs_without_system_fonts(tmp_path, no_system_fonts):
    page = render_png(render_review_form(APPLICANT), tmp_path, no_system_fonts)
    assert page.size[0] < page.size[1]  # one A4 portrait page
    assert 0.01 < dark_share(page) < 0.5  # ink: grid and text, not a blank page
    # the title band holds text drawn from the embedded font, not an empty strip
    title_band = page.crop((0, 0, page.size[0], page.size[1] // 12))
    assert dark_share(title_band) > 0.005


def test_qualifying_condition_is_marked(tmp_path, no_system_fonts):
    text = pdf_text(render_review_form(APPLICANT), tmp_path, no_system_fonts)  # 1.5 years + bachelor: condition 3
    assert "■ 3." in text and "□ 1." in text and "□ 4." in text


def test_required_materials_are_listed(tmp_path, no_system_fonts):
    text = pdf_text(render_review_form(APPLICANT), tmp_path, no_system_fonts)
    assert "学位证书复印件" in text and "工作证明" in text and "报考条件证明材料" not in text


def test_photo_is_printed_in_its_box(tmp_path, no_system_fonts, photo_bytes):
    with_photo = render_png(render_review_form(APPLICANT, photo=photo_bytes()), tmp_path, no_system_fonts)
    without = render_png(render_review_form(APPLICANT), tmp_path, no_system_fonts)

    def blue_pixels(page):
        return sum(1 for r, g, b in page.getdata() if b > 180 and r < 120 and 110 < g < 170)

    assert blue_pixels(with_photo) > 500 and blue_pixels(without) == 0


def test_characters_missing_from_the_font_do_not_crash(tmp_path, no_system_fonts):
    odd = APPLICANT | {"name": "王😀\u0007喆", "employer": "𠀀公司 <b>&amp;", "major": "other", "major_other": "🙂"}
    text = pdf_text(render_review_form(odd), tmp_path, no_system_fonts)
    assert "王□喆" in text and "□公司 <b>&amp;" in text


def test_empty_answers_give_a_blank_form(tmp_path, no_system_fonts):
    text = pdf_text(render_review_form({}), tmp_path, no_system_fonts)
    assert TITLE in text and "■" not in text


def test_printable_replaces_only_what_the_font_lacks():
    assert printable("张三 Zoë №1 ℃") == "张三 Zoë №1 ℃"
    assert printable("a\tb😀") == "ab□"
    assert printable(None) == ""


def test_shipped_font_is_a_small_gb2312_subset():
    assert FONT_PATH.stat().st_size < 2.5 * 1024 * 1024
    assert (FONT_PATH.parent / "LICENSE-Apache-2.0.txt").exists()
    cmap = TTFont(FONT_PATH).getBestCmap()
    gb2312 = gb2312_characters()
    missing = [c for c in gb2312 | {chr(c) for c in range(0x20, 0x7F)} if ord(c) not in cmap]
    assert not missing and len(gb2312) > 7000


def test_font_covers_everything_the_form_prints():
    cmap = TTFont(FONT_PATH).getBestCmap()
    fixed = [review_form.TITLE, review_form.DECLARATION, review_form.HINT, review_form.ISSUER]
    fixed += [label(category, code, ZH) for category, codes in LABELS.items() for code in codes]
    source = (FONT_PATH.parent.parent / "review_form.py").read_text(encoding="utf-8")
    lacking = {c for text in fixed + [source] for c in text if not c.isspace() and ord(c) not in cmap}
    assert not lacking


def test_unreadable_photo_leaves_the_box_empty(tmp_path, no_system_fonts):
    text = pdf_text(render_review_form(APPLICANT, photo=b"not an image"), tmp_path, no_system_fonts)
    assert "粘贴二寸" in text


def test_long_answers_stay_on_one_page(tmp_path, no_system_fonts):
    path = tmp_path / "form.pdf"
    path.write_bytes(render_review_form(APPLICANT | {"employer": "很长的单位名称" * 12, "certificate_name": "证书" * 20,
                                                     "other_certificate": True}))
    info = poppler("pdfinfo", str(path), env=no_system_fonts).stdout.decode()
    assert "Pages:           1" in info


def test_control_a_non_embedded_chinese_font_prints_nothing_in_this_environment(tmp_path, no_system_fonts):
    """Proves the fixture: without the embedded font, the same text would not show at all."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a reference to a font, never embedded
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, initialFontName="STSong-Light")
    page.setFont("STSong-Light", 40)
    page.drawString(50, 750, TITLE)
    page.save()
    assert dark_share(render_png(buffer.getvalue(), tmp_path, no_system_fonts)) == 0
