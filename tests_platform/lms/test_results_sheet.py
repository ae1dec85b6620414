"""The results sheet in the real LMS: the plugin app's URL (mounted by the platform from ``url_config``), course
staff only, CSV with BOM and XLSX, values from the learner's records, and the background path (Celery runs
eagerly in the platform's test settings) writing to the platform's report storage, listed by the instructor
dashboard's own ``list_report_downloads``."""
import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests_platform.common import Figures, client_for, course_key, make_user, render, usage

EXAM = usage("carbon_exam", "final_exam")
GATE = usage("hours_gate", "exam_gate")
FORM = usage("eligibility_form", "application")


def sheet_url():
    return f"/carbon_xblocks/courses/{course_key()}/results_sheet/"


def raw(response):
    Figures.requests += 1
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(scope="module")
def people():
    from carbon_common.models import Application, ExamAttempt, HourCredit

    key = course_key()
    learner = make_user("sheet_learner", key, name="王五")
    staff = make_user("sheet_staff", key, role="staff")
    instructor = make_user("sheet_instructor", key, role="instructor")
    Application.objects.create(course_key=str(key), usage_key=str(FORM), user=learner, anonymous_id="",
                               status="approved", qualifying_condition=3,
                               answers={"id_number": "11010519491231002X", "mobile": "13800138000"})
    HourCredit.objects.create(course_key=str(key), usage_key=str(GATE), user=learner, hours=Decimal("42.25"),
                              reason="线下培训", created_by=staff)
    ExamAttempt.objects.create(
        course_key=str(key), usage_key=str(EXAM), user=learner, number=1, seed="s", status="submitted",
        started_at=datetime.fromisoformat("2026-06-01T01:00:00+00:00"),
        submitted_at=datetime.fromisoformat("2026-06-01T02:00:00+00:00"), earned=Decimal("73.5"),
        possible=Decimal(100), passed=True,
        result={"parts": [{"part": "theory", "earned": 40.5}, {"part": "professional", "earned": 33}]})
    return {"learner": learner, "staff": staff, "instructor": instructor}


def test_staff_get_the_sheet_learners_get_403(people):
    response = client_for(people["learner"]).get(sheet_url())
    Figures.check(response.status_code == 403, response.status_code)

    response = client_for(people["staff"]).get(sheet_url(), {"format": "csv"})
    Figures.check(response.status_code == 200 and response.streaming, response.status_code)
    data = raw(response)
    Figures.check(data.startswith(b"\xef\xbb\xbf"), data[:10])
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows = {row[1]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    Figures.check("sheet_staff" not in rows and "sheet_instructor" not in rows, sorted(rows))
    row = rows["sheet_learner"]
    Figures.check(row["姓名"] == "王五" and row["证件号码"] == "1****************X", row)
    Figures.check(row["手机号码"] == "138****8000" and row["申请状态"] == "已通过" and row["报考条件"] == "条件3", row)
    Figures.check(Decimal(row["已获学时"]) == Decimal("42.25") and Decimal(row["要求学时"]) == Decimal("40"), row)
    Figures.check(row["学时依据"].startswith("已学习 0 / "), row)  # the gate's verified mode: the ledger's evidence
    Figures.check(row["所用考试次数"] == "1" and Decimal(row["基础理论"]) == Decimal("40.5"), row)
    Figures.check(Decimal(row["专业课程"]) == 33 and Decimal(row["总分"]) == Decimal("73.5"), row)
    Figures.check(row["是否通过"] == "是" and row["评分时间"] == "2026-06-01 02:00:00", row)  # UTC: the site's zone

    response = client_for(people["staff"]).get(sheet_url(), {"format": "xlsx"})
    found = list(load_workbook(io.BytesIO(raw(response)), read_only=True).active.iter_rows(values_only=True))
    by_name = {values[1]: dict(zip(found[0], values, strict=True)) for values in found[1:]}
    Figures.check(by_name["sheet_learner"]["总分"] == 73.5, by_name["sheet_learner"])


def test_the_exams_staff_panel_links_the_sheet_and_offers_the_item_analysis(people):
    status, html = render(client_for(people["staff"]), EXAM)
    Figures.check(status == 200 and f"{sheet_url()}?format=csv&amp;exam=" in html, status)
    Figures.check('class="ces-item-analysis"' in html and "item_analysis.js" in html, "no item analysis")
    status, html = render(client_for(people["learner"]), EXAM)
    Figures.check(sheet_url() not in html and "ces-item-analysis" not in html, "learner sees staff tools")


def test_large_sheet_is_made_by_a_task_and_listed_with_the_reports(people, settings, tmp_path):
    from lms.djangoapps.instructor_task.models import ReportStore

    settings.CARBON_XBLOCKS_RESULTS_INLINE_MAX = 0
    settings.GRADES_DOWNLOAD = {"STORAGE_TYPE": "localfs", "BUCKET": "edx-grades", "ROOT_PATH": str(tmp_path)}
    response = client_for(people["staff"]).get(sheet_url(), {"format": "csv", "reveal": "1"})
    Figures.requests += 1
    Figures.check(response.status_code == 202, response.content)
    name = response.json()["file"]
    store = ReportStore.from_config(config_name="GRADES_DOWNLOAD")
    with store.storage.open(store.path_to(course_key(), name)) as handle:
        text = handle.read().decode("utf-8-sig")
    Figures.check("11010519491231002X" in text and "王五" in text, text[:300])

    instructor = client_for(people["instructor"])
    listed = instructor.post(f"/courses/{course_key()}/instructor/api/list_report_downloads", {})
    Figures.requests += 1
    Figures.check(listed.status_code == 200, listed.content)
    Figures.check(name in [item["name"] for item in listed.json()["downloads"]], listed.json())
