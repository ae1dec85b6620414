"""The review form ticks every met condition and every uploaded document, and names the programme as the notice."""
import re
import subprocess

from eligibility_form.numbering import format_number, sequence_of
from eligibility_form.review_form import PROGRAMME, render_review_form
from tests.samples import APPLICATION


def pdf_text(pdf, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def ticked(text, mark="■") -> list[str]:
    """What follows each box drawn with ``mark``, up to the next box or the end of the line."""
    return [item.strip() for item in re.findall(mark + r"\s*([^■□\n]+)", text)]


def test_every_met_condition_is_ticked(tmp_path):
    # five years, a bachelor's degree in a related major: conditions 1, 2 and 3 are all met (4 needs two degrees)
    text = pdf_text(render_review_form(APPLICATION), tmp_path)
    assert [item[0] for item in ticked(text) if item[:2] in ("1.", "2.", "3.", "4.", "5.", "6.")] == ["1", "2", "3"]
    assert sorted(item[0] for item in ticked(text, "□") if item[1:2] == ".") == ["4", "5", "6"]


def test_only_uploaded_documents_are_ticked(tmp_path):
    text = pdf_text(render_review_form(APPLICATION, uploaded=["photo", "id_front", "work_proof"]), tmp_path)
    documents = [item for item in ticked(text) if not item[:1].isdigit()]
    assert documents == ["二寸蓝底彩色照片", "证件人像面", "工作证明"], documents
    open_boxes = " ".join(ticked(text, "□"))
    assert "学历证" in open_boxes and "工作证明" not in open_boxes


def test_nothing_uploaded_ticks_no_document(tmp_path):
    text = pdf_text(render_review_form(APPLICATION), tmp_path)
    assert [item for item in ticked(text) if not item[:1].isdigit()] == []


def test_programme_and_application_number_are_printed(tmp_path):
    text = pdf_text(render_review_form(APPLICATION, reference="CRS101-2026-00017"), tmp_path).replace("\n", "")
    assert PROGRAMME == "碳减排领域专业技能岗位人才培训" and PROGRAMME in text
    assert text.count("报名编号：CRS101-2026-00017") == 2  # under the title and in the footer
    assert "报名编号" not in pdf_text(render_review_form(APPLICATION), tmp_path)


def test_number_format():
    assert format_number("CRS101", 2026, 17) == "CRS101-2026-00017"
    assert format_number("a b/c", 2026, 1) == "abc-2026-00001" and format_number("", 2026, 2) == "APP-2026-00002"
    assert sequence_of("CRS101-2026-00017") == 17 and sequence_of(None) == 0 and sequence_of("x") == 0
