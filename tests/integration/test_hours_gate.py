"""The hours gate in the local LMS: completions, manual credits and imports open it; a locked learner is refused."""
import csv
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from completion.models import BlockCompletion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from carbon_common.models import Application, AuditEntry, GateUnlock, HourCredit
from devsite.lms.runtime import LmsRuntime
from tests.conftest import GATE_PROBE
from tests.integration.helpers import body, csrf_client, download_text, exam_page, handler_url, post_json
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key
from tests.integration.hours_gate_probe import SECRET

pytestmark = pytest.mark.django_db


def watch(client, course, video):
    response = post_json(client, key(course, "video", video), "publish_completion", {"completion": 1.0})
    assert response.status_code == 200, response.content


def gate_status(client, course):
    response = client.get(handler_url(key(course, "hours_gate", "exam_gate"), "gate_status"))
    assert response.status_code == 200, response.content
    return body(response)


def start_probe(client, course):
    return post_json(client, key(course, "gated_probe", "probe"), "start", {})


def test_locked_learner_sees_progress_but_no_child_content(gate_course, make_user, completion_on):
    client = client_for(make_user("ann", gate_course))
    page = exam_page(client, gate_course)
    assert 'role="progressbar"' in page
    assert "考前培训学时达标后" in page and "您还差 3.5 学时" in page  # zh-cn is the default language
    assert "第1讲 碳排放核算" in page and f"/jump_to/{key(gate_course, 'sequential', 'lesson-1')}" in page
    assert SECRET not in page and "gated_probe" not in page
    status = gate_status(client, gate_course)
    assert (status["open"], status["earned"], status["required"], status["missing"]) == (False, "0", "3.5", "3.5")
    assert SECRET not in str(status)
    lesson = client.get(status["items"][0]["url"], follow=True)
    assert lesson.status_code == 200 and "活动数据 × 排放因子" in lesson.content.decode()


def test_publishing_video_completions_unlocks_the_exam(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    client = client_for(ann)
    watch(client, gate_course, "lesson-1-video")
    watch(client, gate_course, "lesson-2-video")
    status = gate_status(client, gate_course)
    assert not status["open"] and status["earned"] == "2.5"  # lesson 1 is half done: 2 x 1/2 + 1.5
    assert [item["percent"] for item in status["items"]] == [50, 100]
    # what is missing: the hours only; the items (with their sections) are listed in the items table
    assert status["reasons"] == ["您还差 1 学时：已获得 2.5 学时，要求 3.5 学时。"]
    assert [(item["section"], item["title"]) for item in status["items"]] == [
        ("课程", "第1讲 碳排放核算"), ("课程", "第2讲 视频")]
    assert start_probe(client, gate_course).status_code == 403
    BlockCompletion.objects.submit_completion(user=ann, block_key=key(gate_course, "html", "lesson-1-reading"),
                                              completion=1.0)
    status = gate_status(client, gate_course)
    assert status["open"] and status["earned"] == "3.5" and status["reasons"] == []
    page = exam_page(client, gate_course)
    assert SECRET in page and 'role="progressbar"' not in page
    assert start_probe(client, gate_course).status_code == 200
    gate = key(gate_course, "hours_gate", "exam_gate")
    assert BlockCompletion.objects.get(user=ann, block_key=gate).completion == 1.0
    assert GateUnlock.objects.filter(user=ann, usage_key=str(gate)).exists()


def test_direct_call_to_the_exam_handler_while_locked_is_refused(gate_course, make_user, completion_on):
    client = client_for(make_user("ann", gate_course))
    response = start_probe(client, gate_course)
    assert response.status_code == 403
    error = body(response)["error"]
    assert error["code"] == "gate_locked" and "3.5" in error["message"]
    anonymous = Client()
    assert start_probe(anonymous, gate_course).status_code == 403


def test_manual_credit_opens_and_revoking_it_closes_the_gate(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    staff = client_for(make_user("sam", gate_course, role="staff"))
    learner = client_for(ann)
    gate = key(gate_course, "hours_gate", "exam_gate")
    response = post_json(staff, gate, "staff_credit_hours", {"user": "ann@example.com", "hours": "3.5",
                                                             "reason": "线下培训 3.5 学时"})
    assert response.status_code == 200, response.content
    row = body(response)["row"]
    assert row["open"] and row["manual"] == "3.5" and row["unlocked_at"]
    assert row["credits"][0]["by"] == "sam" and row["credits"][0]["reason"] == "线下培训 3.5 学时"
    assert SECRET in exam_page(learner, gate_course)
    assert start_probe(learner, gate_course).status_code == 200
    credit_id = body(response)["credit_id"]
    response = post_json(staff, gate, "staff_revoke_credit", {"credit_id": credit_id, "reason": "录入错误"})
    assert response.status_code == 200
    assert not body(response)["row"]["open"]
    credit = HourCredit.objects.get(id=credit_id)
    assert credit.revoked_at and credit.revoked_by.username == "sam" and credit.revoked_reason == "录入错误"
    assert start_probe(learner, gate_course).status_code == 403
    assert SECRET not in exam_page(learner, gate_course)
    assert post_json(staff, gate, "staff_revoke_credit", {"credit_id": credit_id, "reason": "again"}).status_code == 404
    actions = list(AuditEntry.objects.filter(usage_key=str(gate)).values_list("action", flat=True))
    assert actions == ["hours_credited", "hours_credit_revoked"]


@pytest.mark.parametrize("data, field", [
    ({"user": "nobody", "hours": "1", "reason": "x"}, "user"),
    ({"user": "ann", "hours": "0", "reason": "x"}, "hours"),
    ({"user": "ann", "hours": "abc", "reason": "x"}, "hours"),
    ({"user": "ann", "hours": "1.005", "reason": "x"}, "hours"),
    ({"user": "ann", "hours": "1", "reason": "  "}, "reason"),
])
def test_manual_credit_refuses_bad_input(gate_course, make_user, data, field):
    make_user("ann", gate_course)
    staff = client_for(make_user("sam", gate_course, role="staff"))
    response = post_json(staff, key(gate_course, "hours_gate", "exam_gate"), "staff_credit_hours", data)
    assert response.status_code == 400
    assert body(response)["error"]["field"] == field
    assert not HourCredit.objects.exists()


def test_staff_handlers_refuse_learners(gate_course, make_user):
    learner = client_for(make_user("ann", gate_course))
    gate = key(gate_course, "hours_gate", "exam_gate")
    assert post_json(learner, gate, "staff_credit_hours", {"user": "ann", "hours": "40", "reason": "x"}).status_code == 403
    assert learner.get(handler_url(gate, "staff_roster")).status_code == 403
    assert learner.get(handler_url(gate, "export_hours") + "?format=csv").status_code == 403
    assert not HourCredit.objects.exists()


def upload(client, usage_key, name, content):
    token = csrf_client(client)
    return client.post(handler_url(usage_key, "staff_import_hours"),
                       {"file": SimpleUploadedFile(name, content)}, HTTP_X_CSRFTOKEN=token)


def test_csv_import_reports_bad_rows_and_applies_nothing_twice(gate_course, make_user, completion_on):
    make_user("ann", gate_course)
    make_user("bob", gate_course)
    staff = client_for(make_user("sam", gate_course, role="staff"))
    gate = key(gate_course, "hours_gate", "exam_gate")
    content = "\n".join([
        "用户名,学时,原因",
        "ann,3.5,外部平台学时",
        "BOB@example.com,1,外部平台学时",
        "carl,2,不存在的学员",
        "ann,abc,学时不是数字",
        "bob,1,",
        "ann,3.5,外部平台学时",
    ]).encode("gb18030")
    response = upload(staff, gate, "hours.csv", content)
    assert response.status_code == 200, response.content
    report = body(response)
    assert [(r["row"], r["username"]) for r in report["applied"]] == [(2, "ann"), (3, "bob")]
    refused = {r["row"]: r["errors"] for r in report["refused"]}
    assert sorted(refused) == [4, 5, 6, 7]
    assert all(refused[row] for row in refused)
    assert HourCredit.objects.filter(source=HourCredit.IMPORT).count() == 2
    again = body(upload(staff, gate, "hours-again.csv", content))
    assert again["applied"] == [] and [r["row"] for r in again["skipped"]] == [2, 3]
    assert HourCredit.objects.count() == 2
    roster = {row["username"]: row for row in body(staff.get(handler_url(gate, "staff_roster")))["rows"]}
    assert roster["ann"]["open"] and not roster["bob"]["open"] and roster["ann"]["manual"] == "3.5"
    assert AuditEntry.objects.filter(action="hours_imported").count() == 2


def test_import_of_an_unreadable_file_is_a_400(gate_course, make_user):
    staff = client_for(make_user("sam", gate_course, role="staff"))
    gate = key(gate_course, "hours_gate", "exam_gate")
    response = upload(staff, gate, "hours.xlsx", b"PK\x03\x04 broken")
    assert response.status_code == 400 and body(response)["error"]["field"] == "file"
    response = upload(staff, gate, "hours.csv", b"name,hours\nann,1\n")
    assert response.status_code == 400 and body(response)["error"]["code"] == "file_invalid"


def test_exports_list_every_learner(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course, first_name="安", last_name="王")
    make_user("bob", gate_course)
    staff = client_for(make_user("sam", gate_course, role="staff"))
    gate = key(gate_course, "hours_gate", "exam_gate")
    post_json(staff, gate, "staff_credit_hours", {"user": "ann", "hours": "4", "reason": "线下"})
    response = staff.get(handler_url(gate, "export_hours") + "?format=csv")
    assert response.status_code == 200
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(download_text(response))))
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"ann", "bob"}  # the staff member is no learner
    assert by_name["ann"][3] == "4.00" and by_name["bob"][3] == "0.00" and by_name["ann"][1] == ann.get_full_name()
    response = staff.get(handler_url(gate, "export_hours") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["ann"][3] == 4 and values["ann"][9] is not None
    assert staff.get(handler_url(gate, "export_hours") + "?format=pdf").status_code == 400


def test_application_is_required_when_configured(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    gate = key(gate_course, "hours_gate", "exam_gate")
    gate_course.values[("settings", str(gate), "require_application")] = True
    HourCredit.objects.create(course_key=str(gate_course.course_key), usage_key=str(gate), user=ann,
                              hours=Decimal("5"), reason="x")
    client = client_for(ann)
    status = gate_status(client, gate_course)
    assert not status["open"] and status["application"]["status"] == "none"
    assert len(status["reasons"]) == 1
    application = Application.objects.create(
        course_key=str(gate_course.course_key), user=ann, anonymous_id="x", status=Application.SUBMITTED,
        usage_key=str(key(gate_course, "eligibility_form", "application")))
    assert not gate_status(client, gate_course)["open"]
    application.status = Application.APPROVED
    application.save()
    assert gate_status(client, gate_course)["open"]


def test_course_staff_see_the_children_and_pass_the_check(gate_course, make_user):
    staff = client_for(make_user("sam", gate_course, role="staff"))
    page = exam_page(staff, gate_course)
    assert SECRET in page and "hg-staff" in page
    dashboard = staff.get(f"/courses/{gate_course.course_key}/instructor/").content.decode()
    assert "hg-staff" in dashboard and "hours_gate.js" in dashboard
    response = start_probe(staff, gate_course)
    assert response.status_code == 200 and body(response)["staff_bypass"] is True


def test_problem_response_report_has_the_gate_columns(gate_course, make_user, completion_on, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    ann = make_user("ann", gate_course)
    gate_status(client_for(ann), gate_course)  # the learner has visited the gate
    staff = client_for(make_user("sam", gate_course, role="instructor"))
    post_json(staff, key(gate_course, "hours_gate", "exam_gate"), "staff_credit_hours",
              {"user": "ann", "hours": "4", "reason": "线下"})
    gate_status(client_for(ann), gate_course)
    text = download_text(staff.get(f"/courses/{gate_course.course_key}/instructor/problem_responses.csv"))
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["location"].endswith("exam_gate")]
    # the hours export's translated headers and labels, as the exam's columns beside them
    assert [(r["username"], r["已获学时"], r["要求学时"], r["状态"]) for r in rows] == [("ann", "4.00", "3.50", "已开放")]
    from carbon_common.models import GateUnlock

    unlocked = GateUnlock.objects.get(user=ann).unlocked_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert rows[0]["开放时间"] == unlocked.strftime("%Y-%m-%d %H:%M:%S")  # local wall-clock, no offset


def lesson_course(tmp_path, lessons, credited=True, gate_attributes=""):
    """An OLX course with `lessons` lessons (video + reading each) and a gate over the probe crediting them."""
    (tmp_path / "course").mkdir(parents=True)
    (tmp_path / "course.xml").write_text('<course url_name="T1" org="TestOrg" course="MANY"/>', encoding="utf-8")
    parts, credits = [], []
    for n in range(lessons):
        parts.append(f'<sequential url_name="l{n}" display_name="第{n}讲"><vertical url_name="l{n}-u">'
                     f'<video url_name="l{n}-v" display_name="v{n}"/><html url_name="l{n}-r"><p>r</p></html></vertical></sequential>')
        if credited:
            credits.append(f'<credit block_type="sequential" url_name="l{n}" hours="1"/>')
    (tmp_path / "course" / "T1.xml").write_text(
        f'<course display_name="Many"><chapter url_name="c" display_name="c">{"".join(parts)}</chapter>'
        f'<chapter url_name="e" display_name="e"><sequential url_name="s" display_name="s"><vertical url_name="u">'
        f'<hours_gate url_name="gate" required_hours="{lessons}" {gate_attributes}>{"".join(credits)}<gated_probe url_name="probe" display_name="考试"/>'
        f'</hours_gate></vertical></sequential></chapter></course>', encoding="utf-8")
    return tmp_path


def status_check_queries(load_course, make_user, directory, username):
    course = load_course(directory)
    user = make_user(username, course)
    for n in range(2):
        BlockCompletion.objects.submit_completion(user=user, block_key=key(course, "video", f"l{n}-v"), completion=1.0)
    client = client_for(user)
    url = handler_url(key(course, "hours_gate", "gate"), "gate_status")
    client.get(url)  # first visit records the learner's state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert body(response)["earned"] == "1"
    return len(queries)


def test_status_check_queries_do_not_grow_with_credited_items(load_course, make_user, settings, tmp_path,
                                                               completion_on):
    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    few = status_check_queries(load_course, make_user, lesson_course(tmp_path / "few", 2), "ann")
    many = status_check_queries(load_course, make_user, lesson_course(tmp_path / "many", 40), "bob")
    assert few == many
    assert few <= 11  # 10, and since issue 10 the enrolment check (compat.is_enrolled: one query)


def test_olx_round_trip_keeps_credits_and_children(gate_course, make_user):
    block = LmsRuntime(gate_course, make_user("ann", gate_course)).get_block(key(gate_course, "hours_gate", "exam_gate"))
    node = etree.Element("hours_gate")
    block.add_xml_to_node(node)
    credits = [dict(element.attrib) for element in node.findall("credit")]
    assert credits == [{"block_type": "sequential", "url_name": "lesson-1", "hours": "2"},
                       {"block_type": "video", "url_name": "lesson-2-video", "hours": "1.5"}]
    assert "credits" not in node.attrib and node.get("required_hours") == "3.5"
    assert [child.tag for child in node if child.tag != "credit"] == ["gated_probe"]


def test_real_course_gate_needs_forty_hours_and_an_approved_application(real_course, make_user, completion_on):
    from devsite.lms.demo import complete_lessons

    ann = make_user("ann", real_course)
    gate = key(real_course, "hours_gate", "exam_gate")
    client = client_for(ann)
    complete_lessons(ann, real_course, 19)
    status = body(client.get(handler_url(gate, "gate_status")))
    assert (status["earned"], status["required"], status["open"]) == ("38", "40", False)
    assert len(status["items"]) == 31 and status["application"]["status"] == "none"
    complete_lessons(ann, real_course, 20)
    status = body(client.get(handler_url(gate, "gate_status")))
    assert status["earned"] == "40" and not status["open"] and len(status["reasons"]) == 1
    Application.objects.create(course_key=str(real_course.course_key), user=ann, anonymous_id="x",
                               status=Application.APPROVED,
                               usage_key=str(key(real_course, "eligibility_form", "application")))
    assert body(client.get(handler_url(gate, "gate_status")))["open"]


def test_real_exam_refuses_a_locked_learner_and_admits_an_open_one(real_course, make_user, completion_on):
    from devsite.lms.demo import complete_lessons

    ann = make_user("ann", real_course)
    client = client_for(ann)
    exam = key(real_course, "carbon_exam", "final_exam")
    response = post_json(client, exam, "start_exam", {})
    assert response.status_code == 403, response.content
    assert "40" in body(response)["error"]["message"]
    complete_lessons(ann, real_course, 20)
    Application.objects.create(course_key=str(real_course.course_key), user=ann, anonymous_id="x",
                               status=Application.APPROVED,
                               usage_key=str(key(real_course, "eligibility_form", "application")))
    response = post_json(client, exam, "start_exam", {})
    assert response.status_code == 200, response.content


def test_every_video_can_be_credited_by_its_duration(load_course, make_user, settings, tmp_path, monkeypatch,
                                                     completion_on):
    from hours_gate import structure

    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    monkeypatch.setattr(structure, "video_duration", lambda video: 3600 if video.scope_ids.usage_id.block_id == "l0-v" else None)
    monkeypatch.setattr(structure, "_video_cache", {})
    course = load_course(lesson_course(tmp_path, 2, credited=False,
                                       gate_attributes='credit_all_videos="true" minutes_per_hour="45"'))
    ann = make_user("ann", course)
    BlockCompletion.objects.submit_completion(user=ann, block_key=key(course, "video", "l0-v"), completion=1.0)
    status = body(client_for(ann).get(handler_url(key(course, "hours_gate", "gate"), "gate_status")))
    assert [(item["title"], item["credit"]) for item in status["items"]] == [("v0", "1.33")]  # 60 min / 45
    assert status["earned"] == "1.33"


def test_roster_queries_do_not_grow_with_learners(gate_course, make_user, completion_on):
    staff = client_for(make_user("sam", gate_course, role="staff"))
    gate = key(gate_course, "hours_gate", "exam_gate")

    def roster_queries():
        with CaptureQueriesContext(connection) as queries:
            response = staff.get(handler_url(gate, "staff_roster"))
        assert response.status_code == 200
        return len(queries), len(body(response)["rows"])

    for name in ("ann", "bob"):
        user = make_user(name, gate_course)
        HourCredit.objects.create(course_key=str(gate_course.course_key), usage_key=str(gate), user=user,
                                  hours=Decimal("1"), reason="x")
    roster_queries()  # the staff member's first request records their anonymous id and session
    few, rows = roster_queries()
    assert rows == 2  # ann and bob; the staff member is no learner
    for n in range(6):
        user = make_user(f"learner{n}", gate_course)
        BlockCompletion.objects.submit_completion(user=user, block_key=key(gate_course, "video", "lesson-2-video"),
                                                  completion=1.0)
    many, rows = roster_queries()
    assert rows == 8 and many == few


def test_a_credit_of_another_gate_cannot_be_revoked_here(gate_course, make_user):
    ann = make_user("ann", gate_course)
    other = HourCredit.objects.create(course_key=str(gate_course.course_key), usage_key="block-v1:X+Y+Z+type@hours_gate+block@g",
                                      user=ann, hours=Decimal("1"), reason="x")
    staff = client_for(make_user("sam", gate_course, role="staff"))
    response = post_json(staff, key(gate_course, "hours_gate", "exam_gate"), "staff_revoke_credit",
                         {"credit_id": other.id, "reason": "x"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
