"""The applications export in the suite's style: headers in the staff member's language, labels not codes, local
times; and a message instead of an empty file when the filters leave nothing."""
import csv
import io

from django.conf import settings

from carbon_common.compat import user_time_zone
from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, client_for, download_text, post_json

FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py


def exported(client, key):
    text = download_text(post_json(client, key, "export_applications", {"format": "csv"}))
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_chinese_export_has_chinese_headers_labels_and_local_times(key, people):
    application = base.submitted_application(client_for(people["amy"]), key)
    header, row = exported(client_for(people["sam"]), key)
    assert header[:8] == ["报名编号", "用户名", "姓名", "状态", "符合的报考条件", "证件类型", "证件号码", "性别"]
    assert all(not name.isascii() for name in header), header  # no snake_case left
    values = dict(zip(header, row, strict=True))
    assert values["报名编号"] == application.number and values["状态"] == "已提交，等待审核"
    assert values["符合的报考条件"] == "条件1" and values["证件类型"] == "居民身份证" and values["性别"] == "女"
    assert values["学历"] == "本科" and values["学位"] == "学士"
    local = application.submitted_at.astimezone(user_time_zone(None)).strftime("%Y-%m-%d %H:%M:%S")
    assert values["提交时间"] == local  # the site's zone (Asia/Shanghai), not UTC
    assert "submitted" not in row and "resident_id" not in row and "bachelor" not in row


def test_english_export_reads_as_english_labels(key, people):
    base.submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    sam.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    header, row = exported(sam, key)
    assert header[:4] == ["Application number", "Username", "Name", "Status"] and "_" not in "".join(header)
    values = dict(zip(header, row, strict=True))
    assert values["Status"] == "Submitted, awaiting review" and values["Qualifying condition"] == "Condition 1"
    assert (values["Gender"], values["Education"], values["ID document type"]) == \
        ("Female", "Bachelor", "Mainland resident ID card")


def test_filters_that_leave_nothing_get_a_message_not_an_empty_file(key, people):
    base.submitted_application(client_for(people["amy"]), key)
    sam = client_for(people["sam"])
    for handler, code in (("export_applications", "nothing_to_export"), ("download_materials_zip", "nothing_to_download")):
        response = post_json(sam, key, handler, {"format": "csv", "status": "approved"})
        assert response.status_code == 404, handler
        error = body(response)["error"]
        assert error["code"] == code and error["field"] == "filters" and "没有" in error["message"]
    assert post_json(sam, key, "download_materials_zip", {"status": "submitted"}).status_code == 200
