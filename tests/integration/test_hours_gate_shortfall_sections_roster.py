"""The hours gate's locked view lists only the shortfall (hours, application), items grouped by section; the roster
and its export leave out staff and instructors."""
from decimal import Decimal

import pytest
from completion.models import BlockCompletion
from lxml import html as lxml_html

from carbon_common.compat import course_staff_user_ids
from carbon_common.models import Application, HourCredit
from tests.conftest import GATE_PROBE
from tests.integration.helpers import body, handler_url
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db


def two_section_course(tmp_path, require_application=False):
    """Two sections whose lessons have the same titles ("第1讲"), and a gate crediting all four."""
    (tmp_path / "course").mkdir(parents=True)
    (tmp_path / "course.xml").write_text('<course url_name="T1" org="TestOrg" course="SECT"/>', encoding="utf-8")
    chapters, credits = [], []
    for slug, title in (("theory", "基础理论"), ("trading", "碳交易")):
        lessons = []
        for n in (1, 2):
            lessons.append(f'<sequential url_name="{slug}-{n}" display_name="第{n}讲"><vertical url_name="{slug}-{n}-u">'
                           f'<video url_name="{slug}-{n}-v" display_name="视频"/></vertical></sequential>')
            credits.append(f'<credit block_type="sequential" url_name="{slug}-{n}" hours="1"/>')
        chapters.append(f'<chapter url_name="{slug}" display_name="{title}">{"".join(lessons)}</chapter>')
    application = 'require_application="true" application_url_name="application"' if require_application else ""
    (tmp_path / "course" / "T1.xml").write_text(
        f'<course display_name="分节"><chapter url_name="apply" display_name="报名"><sequential url_name="a">'
        f'<vertical url_name="a-u"><eligibility_form url_name="application" display_name="报名申请"/></vertical></sequential></chapter>'
        f'{"".join(chapters)}'
        f'<chapter url_name="exam" display_name="考试"><sequential url_name="e"><vertical url_name="exam-unit">'
        f'<hours_gate url_name="gate" required_hours="4" {application}>{"".join(credits)}'
        f'<gated_probe url_name="probe" display_name="考试"/></hours_gate></vertical></sequential></chapter></course>',
        encoding="utf-8")
    return tmp_path


@pytest.fixture
def section_course(load_course, settings, tmp_path):
    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    return load_course(two_section_course(tmp_path, require_application=True))


def locked_page(client, course, unit="exam-unit"):
    response = client.get(f"/courses/{course.course_key}/jump_to/{key(course, 'vertical', unit)}/")
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def test_still_missing_lists_only_the_hours_and_the_application(section_course, make_user, completion_on):
    ann = make_user("ann", section_course)
    BlockCompletion.objects.submit_completion(user=ann, block_key=key(section_course, "video", "theory-1-v"),
                                              completion=1.0)
    client = client_for(ann)
    page = locked_page(client, section_course)
    reasons = [li.text_content() for li in page.xpath("//ul[@class='hg-reasons']/li")]
    assert reasons == ["您还差 3 学时：已获得 1 学时，要求 4 学时。", "您需要提交考试报名并通过审核。"]
    assert "请完成" not in page.text_content()
    status = body(client.get(handler_url(key(section_course, "hours_gate", "gate"), "gate_status")))
    assert status["reasons"] == reasons
    Application.objects.create(course_key=str(section_course.course_key), user=ann, anonymous_id="x",
                               status=Application.SUBMITTED,
                               usage_key=str(key(section_course, "eligibility_form", "application")))
    status = body(client.get(handler_url(key(section_course, "hours_gate", "gate"), "gate_status")))
    assert status["reasons"][1] == "您的考试报名需要审核通过（当前：已提交，等待审核）。"


def test_items_are_grouped_by_section(section_course, make_user, completion_on):
    client = client_for(make_user("ann", section_course))
    page = locked_page(client, section_course)
    groups = [[row.text_content().split()[0] for row in tbody.xpath("./tr")]
              for tbody in page.xpath("//table[@class='hg-items']/tbody")]
    assert groups == [["基础理论", "第1讲", "第2讲"], ["碳交易", "第1讲", "第2讲"]]
    headers = page.xpath("//table[@class='hg-items']/tbody/tr/th[@scope='rowgroup']")
    assert [th.text_content() for th in headers] == ["基础理论", "碳交易"] and headers[0].get("colspan") == "3"
    status = body(client.get(handler_url(key(section_course, "hours_gate", "gate"), "gate_status")))
    assert [(item["section"], item["title"]) for item in status["items"]] == [
        ("基础理论", "第1讲"), ("基础理论", "第2讲"), ("碳交易", "第1讲"), ("碳交易", "第2讲")]


def test_roster_and_export_leave_out_staff_and_instructors(section_course, make_user, completion_on):
    make_user("ann", section_course)
    sam = make_user("sam", section_course, role="staff")
    ian = make_user("ian", section_course, role="instructor")
    assert course_staff_user_ids(section_course.course_key) == {sam.id, ian.id}
    gate = key(section_course, "hours_gate", "gate")
    for user in (sam, ian):
        client = client_for(user)
        rows = body(client.get(handler_url(gate, "staff_roster")))
        assert [row["username"] for row in rows["rows"]] == ["ann"] and rows["distribution"]["total"] == 1
    response = client_for(sam).get(handler_url(gate, "export_hours") + "?format=csv")
    text = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"ann" in text and b"sam" not in text and b"ian" not in text


def test_roster_rows_carry_credits_or_none(section_course, make_user):
    ann = make_user("ann", section_course)
    make_user("bob", section_course)
    sam = make_user("sam", section_course, role="staff")
    gate = key(section_course, "hours_gate", "gate")
    HourCredit.objects.create(course_key=str(section_course.course_key), usage_key=str(gate), user=ann,
                              hours=Decimal("1"), reason="线下", created_by=sam)
    rows = {row["username"]: row for row in body(client_for(sam).get(handler_url(gate, "staff_roster")))["rows"]}
    assert len(rows["ann"]["credits"]) == 1 and rows["bob"]["credits"] == [] and set(rows) == {"ann", "bob"}


def test_real_course_locked_view_names_sections_and_only_the_shortfall(real_course, make_user, completion_on):
    from devsite.lms.demo import complete_lessons

    ann = make_user("ann", real_course)
    complete_lessons(ann, real_course, 1)
    page = locked_page(client_for(ann), real_course, "exam-final-unit")
    reasons = [li.text_content() for li in page.xpath("//ul[@class='hg-reasons']/li")]
    assert len(reasons) == 2 and reasons[0].startswith("您还差 38 学时") and "报名" in reasons[1]
    sections = [th.text_content() for th in page.xpath("//table[@class='hg-items']/tbody/tr/th[@scope='rowgroup']")]
    assert len(sections) == len(set(sections)) > 1 and "基础理论" in sections
    rows = page.xpath("//table[@class='hg-items']/tbody/tr[td]")
    assert len(rows) == 31
