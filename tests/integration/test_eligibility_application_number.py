"""Application numbers (报名编号) given at submission, and the review form of a submitted application."""
import subprocess

from carbon_common.compat import user_time_zone
from carbon_common.models import Application, AuditEntry
from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, client_for, post_json

FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py
get, submitted_application = base.get, base.submitted_application


def pdf_text(response, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()


def test_numbers_are_given_at_submission_in_order_and_kept(key, people):
    amy, bob = client_for(people["amy"]), client_for(people["bob"])
    first = submitted_application(amy, key)
    second = submitted_application(bob, key)
    year = first.submitted_at.astimezone(user_time_zone(None)).year
    assert (first.number, second.number) == (f"APPLY-{year}-00001", f"APPLY-{year}-00002")
    assert AuditEntry.objects.get(action="application_submitted", subject_id=first.user_id).details["number"] \
        == first.number
    # returned, corrected and submitted again: the same number
    sam = client_for(people["sam"])
    assert post_json(sam, key, "staff_review", {"decision": "return", "id": first.id,
                                                "reason": "照片不清晰"}).status_code == 200
    response = post_json(amy, key, "submit_application", {})
    assert response.status_code == 200, body(response)
    assert Application.objects.get(id=first.id).number == first.number


def test_a_draft_has_no_number(key, people):
    amy = client_for(people["amy"])
    post_json(amy, key, "save_application", {"name": "张三"})
    assert Application.objects.get(user=people["amy"]).number is None


def test_review_form_of_a_submitted_application(key, people, tmp_path):
    amy = client_for(people["amy"])
    application = submitted_application(amy, key)
    text = pdf_text(get(amy, key, "review_form_pdf"), tmp_path).replace("\n", "")
    assert f"报名编号：{application.number}" in text and f"报名编号：{application.id} " not in text
    assert "碳减排领域专业技能岗位人才培训" in text
    # every uploaded document ticked; conditions 1-3 all met by the sample
    for ticked in ("■ 二寸蓝底彩色照片", "■ 证件人像面", "■ 证件国徽面", "■ 学历证书复印件", "■ 学位证书复印件",
                   "■ 工作证明", "■ 1.", "■ 2.", "■ 3.", "□ 4."):
        assert ticked in text, ticked
    assert "□ 二寸" not in text and "□ 工作证明" not in text
