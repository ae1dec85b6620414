"""Issue 12, staff language: the reviewer is told about the applicant (not addressed as the applicant), and every
field and code reads as a label in both languages."""
from django.conf import settings

from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, client_for

FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py


def detail(client, key, application):
    return body(base.get(client, key, "staff_application_detail", f"id={application.id}"))


def test_the_reviewer_reads_about_the_applicant_in_chinese(key, people):
    application = base.submitted_application(client_for(people["amy"]), key)
    data = detail(client_for(people["sam"]), key, application)
    assert data["eligibility"]["summary"] == ["申请人符合报考条件第 1、2、3 条（按第 1 条报考）。"]
    assert "您" not in " ".join(data["eligibility"]["summary"])
    assert data["labels"] == {"gender": "女", "id_type": "居民身份证", "education": "本科", "degree": "学士"}
    assert data["status_label"] == "已提交，等待审核" and data["number"] == application.number


def test_english_staff_screens_show_labels_not_codes(key, people):
    application = base.submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    sam.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = detail(sam, key, application)
    assert data["eligibility"]["summary"] == ["The applicant meets eligibility condition 1, 2, 3 (applying under condition 1)."]
    assert data["labels"] == {"gender": "Female", "id_type": "Mainland resident ID card", "education": "Bachelor",
                              "degree": "Bachelor"}
    assert data["field_labels"]["name"] == "Name" and data["field_labels"]["id_number"] == "Document number"
    assert all(label[:1].isupper() for label in data["field_labels"].values()), data["field_labels"]
    assert data["status_label"] == "Submitted, awaiting review"
    queue = body(base.get(sam, key, "staff_applications"))
    assert [bar["label"] for bar in queue["summary"]["by_status"]] == \
        ["Draft", "Awaiting review", "Returned", "Approved", "Rejected"]
    assert all("_" not in entry["action_label"] for entry in data["history"]), data["history"]
