"""Saving a draft with an invalid value: 400 naming the field in the learner's language, the draft still stored."""

from carbon_common.models import Application
from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, post_json
from tests.integration.test_eligibility_form import VALID, client_for

FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py

BAD_PHONE = VALID | {"mobile": "123", "job_title": "高级工程师"}


def stored_answers(user, key):
    return Application.objects.get(user=user, usage_key=str(key)).answers


def test_bad_phone_answers_400_in_chinese_and_the_draft_is_stored(key, people):
    amy = client_for(people["amy"])
    response = post_json(amy, key, "save_application", BAD_PHONE)
    assert response.status_code == 400
    error = body(response)["error"]
    assert error["field"] == "mobile" and error["code"] == "invalid_value"
    assert error["message"].startswith("请填写 11 位中国大陆手机号码")
    assert error["errors"] == {"mobile": error["message"]}
    assert error["state"]["status"] == "draft" and error["state"]["answers"]["mobile"] == "123"
    assert error["state"]["errors"]["mobile"] == error["message"]
    assert stored_answers(people["amy"], key) == BAD_PHONE  # exactly as typed, the bad value included


def test_bad_phone_answers_400_in_english_after_switching_language(key, people):
    amy = client_for(people["amy"])
    amy.post("/i18n/setlang/", {"language": "en"})
    response = post_json(amy, key, "save_application", BAD_PHONE)
    assert response.status_code == 400
    error = body(response)["error"]
    assert error["field"] == "mobile"
    assert error["message"].startswith("Please enter an 11-digit mainland China mobile number")
    assert error["state"]["status_label"] == "Draft"
    assert stored_answers(people["amy"], key) == BAD_PHONE


def test_first_invalid_field_in_form_order_and_every_message(key, people):
    amy = client_for(people["amy"])
    sent = VALID | {"work_years": "99", "email": "not-an-email", "mobile": "123"}
    error = body(post_json(amy, key, "save_application", sent))["error"]
    assert error["field"] == "mobile"  # mobile comes before email and work_years on the form
    assert list(error["errors"]) == ["mobile", "email", "work_years"]
    assert error["message"] == error["errors"]["mobile"]
    assert stored_answers(people["amy"], key) == sent


def test_empty_fields_are_not_invalid_values(key, people):
    amy = client_for(people["amy"])
    partial = {"name": "张三", "major": "other", "other_certificate": True}  # major_other, certificate_name empty
    response = post_json(amy, key, "save_application", partial)
    assert response.status_code == 200
    assert set(body(response)["errors"]) == {"major_other", "certificate_name"}  # shown, but not a refusal
    assert stored_answers(people["amy"], key) == partial


def test_correcting_the_value_saves_with_200_and_what_was_saved_stays(key, people):
    amy = client_for(people["amy"])
    post_json(amy, key, "save_application", BAD_PHONE)
    response = post_json(amy, key, "save_application", BAD_PHONE | {"mobile": "13800138000"})
    assert response.status_code == 200 and body(response)["errors"] == {}
    assert stored_answers(people["amy"], key)["job_title"] == "高级工程师"


def test_submitted_application_is_still_locked(key, people):
    amy = client_for(people["amy"])
    base.submitted_application(amy, key)
    before = stored_answers(people["amy"], key)
    response = post_json(amy, key, "save_application", BAD_PHONE)
    assert response.status_code == 409 and body(response)["error"]["code"] == "locked"
    assert stored_answers(people["amy"], key) == before
