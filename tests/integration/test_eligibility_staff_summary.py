"""The staff queue's overview (applications by status and by condition) and metadata-free stored photos."""
import io
import re

from django.utils import translation
from PIL import Image

from carbon_common.models import Application, ApplicationMaterial
from carbon_common.storage import open_upload
from devsite.lms.runtime import LmsRuntime
from eligibility_form.photo import check_photo
from tests.integration import test_eligibility_form as base
from tests.integration.helpers import body, post_json
from tests.integration.test_eligibility_form import VALID, client_for, get, photo, submitted_application, upload

FIXTURE = base.FIXTURE  # the eligibility course: course, key and people come from conftest.py

GPS_IFD = 0x8825


def counts(rows):
    return {row["key"]: row["count"] for row in rows}


def test_queue_summary_counts_by_status_and_condition(course, key, people, make_user):
    amy, sam = client_for(people["amy"]), client_for(people["sam"])
    submitted_application(amy, key)
    bob = client_for(people["bob"])
    assert post_json(bob, key, "save_application", {**VALID, "work_years": "0", "education": "secondary",
                                                    "degree": "none"}).status_code == 200
    cara = client_for(make_user("cara", course))
    application = submitted_application(cara, key)
    assert post_json(sam, key, "staff_review", {"id": application.id, "decision": "approve"}).status_code == 200

    data = body(get(sam, key, "staff_applications", "status=submitted"))
    assert [row["username"] for row in data["applications"]] == ["amy"]  # the queue is filtered, the overview not
    summary = data["summary"]
    assert summary["total"] == 3
    assert counts(summary["by_status"]) == {"draft": 1, "submitted": 1, "returned": 0, "approved": 1, "rejected": 0}
    by_condition = counts(summary["by_condition"])
    assert list(by_condition) == ["1", "2", "3", "4", "5", "6", "none"]
    bob_condition = Application.objects.get(user=people["bob"]).qualifying_condition
    assert by_condition["1"] == 2 + (bob_condition == 1) and sum(by_condition.values()) == 3
    assert by_condition["none" if bob_condition is None else str(bob_condition)] >= 1

    html = data["summary_html"]
    assert html.count("<svg") == 2 and html.count("<table") == 2 and 'role="img"' in html
    assert "按状态统计的报名数" in html and "按符合的报考条件统计的报名数" in html  # zh-cn by default
    assert "待审核" in html and "条件1" in html and "报名总数：" in html
    # the table holds the same figures as the bars
    assert re.search(r"<th scope=\"row\">审核通过</th><td>1</td>", html)
    assert re.search(r"<th scope=\"row\">条件1</th><td>%d</td>" % by_condition["1"], html)
    assert "<title>审核通过: 1</title>" in html
    ids = re.findall(r'id="(chart-[0-9a-f]+)-title"', html)
    assert len(set(ids)) == 2  # two charts on one page do not share ids


def test_summary_in_english_and_for_staff_only(course, key, people):
    sam = client_for(people["sam"])
    sam.post("/i18n/setlang/", {"language": "en"})
    html = body(get(sam, key, "staff_applications"))["summary_html"]
    assert "Applications by status" in html and "Awaiting review" in html and "Condition 6" in html
    assert get(client_for(people["amy"]), key, "staff_applications").status_code == 403
    runtime = LmsRuntime(course, people["sam"])
    with translation.override("zh-cn"):
        staff_html = runtime.render(runtime.get_block(key), "staff_view", {}).body_html()
    assert 'class="ef-overview"' in staff_html and "概况" in staff_html


def test_uploaded_jpeg_is_stored_without_gps_and_still_a_valid_photo(key, people):
    amy = client_for(people["amy"])
    assert post_json(amy, key, "save_application", VALID).status_code == 200
    with Image.open(io.BytesIO(photo())) as image:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 15.0), 3: "E", 4: (116.0, 23.0, 30.0)}
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95, exif=exif)
    sent = buffer.getvalue()
    assert b"PhoneMaker" in sent
    response = upload(amy, key, "photo", sent, "IMG_0001.jpg")
    assert response.status_code == 200, body(response)
    material = ApplicationMaterial.objects.get(kind="photo")
    with open_upload(material.storage_key) as handle:
        stored = handle.read()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored and material.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (413, 579)
    assert check_photo(stored).standard
    served = amy.get(next(m["file"]["url"] for m in body(get(amy, key, "application_state"))["materials"]
                          if m["kind"] == "photo"))
    content = b"".join(served.streaming_content) if served.streaming else served.content
    assert content == stored
