"""The results sheet through devsite's mount of the plugin app's URL: staff only, streamed, background, masked."""
import csv
import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from carbon_common.models import Application, AuditEntry, ExamAttempt, HourCredit
from devsite.lms.demo import seed_application
from devsite.lms.models import Profile
from eligibility_form.masking import mask_id, mask_mobile
from tests.integration.helpers import body, client_for, usage_key

pytestmark = pytest.mark.django_db


def sheet_url(course):
    return f"/carbon_xblocks/courses/{course.course_key}/results_sheet/"


def raw(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def seed(course, make_user):
    """ann: approved application, 41.5 credited hours, attempt 1 failed, attempt 2 passed (graded later by
    staff); bob: enrolled, nothing else. Staff are no learners."""
    exam = usage_key(course, "carbon_exam", "final_exam")
    gate = usage_key(course, "hours_gate", "exam_gate")
    staff = make_user("sam", course, role="staff")
    ann, bob = make_user("ann", course), make_user("bob", course)
    Profile.objects.create(user=ann, name="安娜")
    seed_application(ann, course, "approved", decided_by=staff)
    HourCredit.objects.create(course_key=str(course.course_key), usage_key=str(gate), user=ann, hours=Decimal("41.5"),
                              reason="线下培训", created_by=staff)
    base = dict(course_key=str(course.course_key), usage_key=str(exam), user=ann, seed="s", status="submitted",
                started_at=timezone.now(), possible=Decimal(100))
    ExamAttempt.objects.create(number=1, earned=Decimal("52.5"), passed=False,
                               submitted_at=datetime.fromisoformat("2026-05-01T01:00:00+00:00"),
                               result={"parts": [{"part": "theory", "earned": 30.5}, {"part": "professional", "earned": 22}]},
                               **base)
    ExamAttempt.objects.create(number=2, earned=Decimal("81"), passed=True,
                               submitted_at=datetime.fromisoformat("2026-05-02T01:00:00+00:00"),
                               staff_grades={"q": {"graded_at": "2026-05-03T02:30:00+00:00"}},
                               result={"parts": [{"part": "theory", "earned": 45}, {"part": "professional", "earned": 36}]},
                               **base)
    return staff, ann, bob


def test_staff_get_the_sheet_as_csv_and_xlsx_learners_get_403(real_course, make_user):
    staff, ann, bob = seed(real_course, make_user)
    assert client_for(ann).get(sheet_url(real_course)).status_code == 403
    refused = client_for(bob).get(sheet_url(real_course))
    assert refused.status_code == 403 and body(refused)["error"]["field"] == "user"

    response = client_for(staff).get(sheet_url(real_course), {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    data = raw(response)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, rows = table[0], {row[1]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert header[:3] == ["姓名", "用户名", "证件号码"] and "基础理论" in header and "专业课程" in header
    assert set(rows) == {"ann", "bob"}  # staff are not on the roster
    ann_row = rows["ann"]
    answers = Application.objects.get(user=ann).answers
    assert ann_row["姓名"] == "安娜" and ann_row["证件号码"] == mask_id(answers["id_number"]) != answers["id_number"]
    assert ann_row["手机号码"] == mask_mobile(answers["mobile"]) and ann_row["申请状态"] == "已通过"
    assert ann_row["期次"] == real_course.course_key.run
    assert Decimal(ann_row["已获学时"]) == Decimal("41.5") and Decimal(ann_row["要求学时"]) == Decimal("40")
    # the course's gate counts the study ledger (verified mode): its evidence, nothing studied yet
    assert re.fullmatch(r"已学习 0 / [1-9]\d* 分钟（学习记录）", ann_row["学时依据"]), ann_row["学时依据"]
    # the highest attempt counts: attempt 2, graded on 3 May 10:30 in Shanghai (the site's zone)
    assert ann_row["所用考试次数"] == "2" and ann_row["基础理论"] == "45" and ann_row["专业课程"] == "36"
    assert Decimal(ann_row["总分"]) == 81 and ann_row["是否通过"] == "是" and ann_row["评分时间"] == "2026-05-03 10:30:00"
    assert rows["bob"]["申请状态"] == "未申请" and rows["bob"]["总分"] == ""
    assert AuditEntry.objects.filter(action="results_sheet_exported", actor=staff).count() == 1

    xlsx = client_for(staff).get(sheet_url(real_course), {"format": "xlsx", "reveal": "1"})
    sheet = load_workbook(io.BytesIO(raw(xlsx)), read_only=True).active
    found = list(sheet.iter_rows(values_only=True))
    by_name = {row[1]: dict(zip(found[0], row, strict=True)) for row in found[1:]}
    assert by_name["ann"]["证件号码"] == answers["id_number"] and by_name["ann"]["手机号码"] == answers["mobile"]
    assert by_name["ann"]["总分"] == 81
    entry = AuditEntry.objects.get(action="results_sheet_revealed")
    assert entry.actor_id == staff.id and entry.details["reveal_ids"] is True


def test_bad_format_names_the_field(real_course, make_user):
    staff, _ann, _bob = seed(real_course, make_user)
    response = client_for(staff).get(sheet_url(real_course), {"format": "pdf"})
    assert response.status_code == 400 and body(response)["error"]["field"] == "format"


def test_large_course_goes_to_the_background_and_is_listed(real_course, make_user, settings, tmp_path):
    settings.CARBON_XBLOCKS_RESULTS_INLINE_MAX = 1  # two learners: above the threshold
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    staff, _ann, _bob = seed(real_course, make_user)
    client = client_for(staff)
    started = client.get(sheet_url(real_course), {"format": "csv"})
    assert started.status_code == 202 and body(started)["learners"] == 2
    name = body(started)["file"]
    listed = body(client.get(sheet_url(real_course), {"reports": "1"}))["reports"]
    assert [item["name"] for item in listed] == [name]
    stored = client.get(sheet_url(real_course), {"file": name})
    text = raw(stored).decode("utf-8-sig")
    masked = mask_id(Application.objects.get(user__username="ann").answers["id_number"])
    assert stored.status_code == 200 and "安娜" in text and masked in text
    assert client.get(sheet_url(real_course), {"file": "../../etc/passwd"}).status_code == 404


def test_every_blocks_staff_panel_links_the_sheet(real_course, make_user):
    staff, _ann, _bob = seed(real_course, make_user)
    page = client_for(staff).get(f"/courses/{real_course.course_key}/instructor/").content.decode()
    for css in ("hg-results-sheet", "ef-results-sheet"):  # the gate's and the form's staff panels
        assert f'class="{css}" href="{sheet_url(real_course)}?format=csv"' in page
    exam_unit = usage_key(real_course, "vertical", "exam-final-unit")
    exam_page = client_for(staff).get(f"/courses/{real_course.course_key}/jump_to/{exam_unit}/").content.decode()
    assert f'{sheet_url(real_course)}?format=xlsx&amp;exam=' in exam_page
