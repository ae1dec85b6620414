"""The application review form (碳减排领域专业技能人才培养报名审核表) as a one-page A4 PDF.

Pre-filled with the applicant's answers, with boxes for the photo, the applicant's signature, the
employer's stamp and the reviewer's opinion, ready to print, sign, stamp and upload back.
The Chinese font (a subset of WenQuanYi Micro Hei, see ``fonts/README.md``) is embedded, so the
PDF shows the same on a machine without Chinese fonts; characters the subset lacks print as □.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .messages import ZH, label
from .rules import (
    CONDITIONS,
    DEFAULT_RELATED_MAJORS,
    MATERIAL_KINDS,
    EligibilityResult,
    evaluate_conditions,
    is_related_major,
    major_name,
    required_materials,
)

TITLE = "碳减排领域专业技能人才培养报名审核表"  # as the notice's section 八 names the form
ISSUER = "中国节能协会"
PROGRAMME = "碳减排领域专业技能岗位人才培训"  # the programme's name as the notice (中节协〔2024〕3号) writes it
FONT_NAME = "CarbonCJK"
FONT_PATH = Path(__file__).parent / "fonts" / "WenQuanYiMicroHei-Subset.ttf"
MISSING_GLYPH = "□"
DECLARATION = (
    "本人遵守国家法律、法规，承诺以上所填信息及所附材料真实、准确、完整，如有虚假，本人愿承担由此产生的一切后果。"
)
HINT = "请打印本表，由申请人签字、工作单位盖章后，扫描或拍照上传至报名页面。"

_PAGE_MARGIN = 15 * mm
_COLUMNS = (26 * mm, 42 * mm, 26 * mm, 46 * mm, 40 * mm)  # label, value, label, value, photo
_GREY = colors.Color(0.93, 0.93, 0.93)


@functools.cache
def _font() -> TTFont:
    font = TTFont(FONT_NAME, str(FONT_PATH))
    pdfmetrics.registerFont(font)
    return font


def printable(text: Any) -> str:
    """``text`` with every character the embedded font lacks replaced by □ (controls dropped)."""
    covered = _font().face.charToGlyph
    out = []
    for char in "" if text is None else str(text):
        if char == "\n" or (char.isprintable() and ord(char) in covered):
            out.append(char)
        elif char.isprintable():
            out.append(MISSING_GLYPH)
    return "".join(out)


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    _font()
    base = ParagraphStyle("cell", fontName=FONT_NAME, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "cell": base,
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11.5),
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=14, alignment=TA_CENTER),
    }


def _para(text: Any, style: str = "cell") -> Paragraph:
    markup = escape(printable(text)).replace("\n", "<br/>")
    markup = re.sub(r" {2,}", lambda run: "&nbsp;" * len(run.group()), markup)  # keep blanks to write on
    return Paragraph(markup, _styles()[style])


def _labelled(code: Any, category: str) -> str:
    return label(category, code, ZH) if code not in (None, "") else ""


def _years(value: Any) -> str:
    try:
        years = float(value)
    except (TypeError, ValueError):
        return ""
    return f"{years:g} 年"


def _yes_no(value: Any) -> str:
    return "是" if value is True or str(value).lower() in ("true", "1", "yes", "on") else "否"


def _photo_cell(photo: bytes | None):
    if photo:
        try:
            return Image(io.BytesIO(photo), width=33 * mm, height=46 * mm)
        except Exception:  # an unreadable photo leaves the box to paste one in
            pass
    return _para("粘贴二寸\n蓝底彩色照片\n（35×49 mm）", "label")


def _conditions_text(result: EligibilityResult) -> str:
    """The six conditions, every met one ticked (■), the others left open (□)."""
    met = set(result.met)
    return "\n".join(f"{'■' if number in met else '□'} {number}. {label('condition', str(number), ZH)}"
                     for number in CONDITIONS)


def _materials_text(answers: Mapping[str, Any], result: EligibilityResult, uploaded: frozenset[str]) -> str:
    """The documents this applicant needs (and any others uploaded), ticked (■) when uploaded."""
    kinds = required_materials(answers, result)
    kinds += [kind for kind in MATERIAL_KINDS if kind in uploaded and kind not in kinds]
    return "   ".join(f"{'■' if kind in uploaded else '□'} {label('material', kind, ZH)}"
                      for kind in kinds if kind != "review_form")  # the form itself is the page in hand


def _rows(answers: Mapping[str, Any], result: EligibilityResult, related: bool, photo: bytes | None,
          uploaded: frozenset[str]) -> list:
    a = answers.get
    major = major_name(answers)
    if major:
        major += "（相关专业）" if related else ""
    other = f"教科研单位或节能、环境交易所人员：{_yes_no(a('institution_staff'))}；" \
            f"其他职业/技能证书或职称：{_yes_no(a('other_certificate'))}"
    if a("certificate_name"):
        other += f"（{a('certificate_name')}）"
    signature = f"{DECLARATION}\n\n申请人签字：________________        日期：______年____月____日"
    stamp = "\n\n\n（工作单位盖章）            负责人签字：____________        ______年____月____日"
    review = "□ 同意报名    □ 退回补正    □ 不同意\n\n\n（审核单位盖章）            审核人：____________        ______年____月____日"
    P, L = _para, (lambda text: _para(text, "label"))  # noqa: E731
    return [
        [L("姓名"), P(a("name")), L("性别"), P(_labelled(a("gender"), "gender")), _photo_cell(photo)],
        [L("出生日期"), P(a("birth_date")), L("手机号码"), P(a("mobile")), ""],
        [L("证件类型"), P(_labelled(a("id_type"), "id_type")), L("专业方向"), P(_labelled(a("track"), "track")), ""],
        [L("证件号码"), P(a("id_number")), "", "", ""],
        [L("电子邮箱"), P(a("email")), "", "", ""],
        [L("工作单位"), P(a("employer")), "", "", ""],
        [L("职务/岗位"), P(a("job_title")), L("相关工作年限"), P(_years(a("work_years"))), ""],
        [L("学历"), P(_labelled(a("education"), "education")), L("学位"), P(_labelled(a("degree"), "degree")), ""],
        [L("所学专业"), P(major), L("毕业时间"), P(a("graduation_date")), ""],
        [L("报考条件"), P(_conditions_text(result), "small"), "", "", ""],
        [L("其他情况"), P(other, "small"), "", "", ""],
        [L("所附材料"), P(_materials_text(answers, result, uploaded), "small"), "", "", ""],
        [L("申请人声明"), P(signature, "small"), "", "", ""],
        [L("工作单位意见"), P(stamp), "", "", ""],
        [L("审核意见"), P(review), "", "", ""],
    ]


def _table_style() -> TableStyle:
    spans = [("SPAN", (4, 0), (4, 4))]
    spans += [("SPAN", (1, row), (3, row)) for row in (3, 4)]
    spans += [("SPAN", (1, row), (4, row)) for row in (5, 9, 10, 11, 12, 13, 14)]
    spans += [("SPAN", (3, row), (4, row)) for row in (6, 7, 8)]
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT_NAME, 9.5),  # empty cells too, or Helvetica creeps in unembedded
        ("GRID", (0, 0), (-1, -1), 0.7, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (4, 0), (4, 0), "CENTER"),
        ("BACKGROUND", (0, 0), (0, -1), _GREY),
        ("BACKGROUND", (2, 0), (2, 2), _GREY),
        ("BACKGROUND", (2, 6), (2, 8), _GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *spans,
    ])


def render_review_form(
    answers: Mapping[str, Any],
    *,
    result: EligibilityResult | None = None,
    related_majors: Iterable[str] | str = DEFAULT_RELATED_MAJORS,
    photo: bytes | None = None,
    uploaded: Iterable[str] = (),
    reference: str = "",
    generated_at: datetime | None = None,
) -> bytes:
    """The review form for ``answers`` as PDF bytes.

    ``result`` defaults to ``evaluate_conditions(answers, related_majors)``; ``photo`` (JPEG/PNG
    bytes, already checked) is printed in the photo box; ``uploaded`` (material kinds) are ticked
    under 所附材料; ``reference`` (the application number, once submitted) is printed under the
    title and in the footer with ``generated_at``.
    """
    related_majors = tuple(related_majors) if not isinstance(related_majors, str) else related_majors
    result = result or evaluate_conditions(answers, related_majors)
    related = is_related_major(major_name(answers), related_majors)
    generated_at = generated_at or datetime.now()
    footer = printable(
        " ".join(part for part in (f"报名编号：{reference}" if reference else "",
                                   f"生成时间：{generated_at:%Y-%m-%d %H:%M}") if part)
    )
    styles = _styles()

    def draw_footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT_NAME, 8)
        canvas.drawString(_PAGE_MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - _PAGE_MARGIN, 10 * mm, printable(ISSUER))
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=_PAGE_MARGIN, rightMargin=_PAGE_MARGIN,
        topMargin=_PAGE_MARGIN, bottomMargin=_PAGE_MARGIN + 3 * mm,
        title=TITLE, author=ISSUER, subject=printable(answers.get("name") or ""), creator="carbon-xblocks",
        initialFontName=FONT_NAME,  # otherwise every page starts in Helvetica, which is not embedded
    )
    table = Table(_rows(answers, result, related, photo, frozenset(uploaded)), colWidths=_COLUMNS,
                  rowHeights=[10.5 * mm] * 5 + [None] * 8 + [30 * mm, 30 * mm], style=_table_style())
    heading = f"{ISSUER} · {PROGRAMME}" + (f"    报名编号：{reference}" if reference else "")
    document.build(
        [Paragraph(escape(TITLE), styles["title"]), Paragraph(escape(printable(heading)), styles["subtitle"]),
         Paragraph(escape(HINT), styles["subtitle"]), Spacer(1, 2 * mm), table],
        onFirstPage=draw_footer, onLaterPages=draw_footer,
    )
    return buffer.getvalue()
