"""Every download of the suite carries one header convention: RFC 5987 name, nosniff, no-store."""
import pytest

from carbon_common.exports import XLSX_CONTENT_TYPE, download_headers, download_response, export_response
from tests.integration.helpers import EXAM_COURSE, client_for, studio_handler_url

FIXTURE = EXAM_COURSE

CONVENTION = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def assert_convention(headers, filename):
    assert {name: headers[name] for name in CONVENTION} == CONVENTION
    disposition = headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
    assert f'filename="{filename}"' in disposition and disposition.endswith(f"''{filename}")


@pytest.mark.parametrize(("fmt", "content_type", "extension"), [
    ("gift", "text/plain; charset=utf-8", "txt"), ("aiken", "text/plain; charset=utf-8", "txt"),
    ("csv", "text/csv; charset=utf-8", "csv"), ("xlsx", XLSX_CONTENT_TYPE, "xlsx")])
def test_studio_question_export_uses_the_suites_download_headers(course, exam_key, staff, fmt, content_type,
                                                                extension):
    response = client_for(staff).get(studio_handler_url(exam_key, "export_questions") + f"?format={fmt}")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert_convention(response, f"final_exam_{fmt}.{extension}")
    assert response.content


def test_one_helper_writes_the_headers_of_exports_and_files():
    table = export_response("csv", "成绩单", ["a"], [[1]])
    document = download_response("申请.pdf", body=b"%PDF-1.4")
    for response, name in [(table, "%E6%88%90%E7%BB%A9%E5%8D%95.csv"), (document, "%E7%94%B3%E8%AF%B7.pdf")]:
        assert {key: response.headers[key] for key in CONVENTION} == CONVENTION
        assert response.headers["Content-Disposition"].endswith(f"filename*=UTF-8''{name}")
    assert document.content_type == "application/pdf" and table.content_type == "text/csv"
    assert download_headers("photo.png", inline=True)["Content-Disposition"].startswith('inline; filename="photo.png"')


def test_no_block_writes_its_own_content_disposition():
    from pathlib import Path

    xblocks = Path(__file__).resolve().parents[2] / "xblocks"
    writers = sorted(str(path.relative_to(xblocks)) for path in xblocks.rglob("*.py")
                     if path.name != "exports.py" and ('"Content-Disposition"]' in path.read_text(encoding="utf-8")
                     or "attachment; filename=\\\"" in path.read_text(encoding="utf-8")))
    assert writers == []
