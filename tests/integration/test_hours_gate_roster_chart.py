"""Staff histogram of earned 学时 next to its table; the locked learner's progress bar and item links."""
import re

import pytest
from completion.models import BlockCompletion
from django.utils import translation
from lxml import html as lxml_html

from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import body, exam_page, handler_url, in_english, post_json
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db


def roster(client, course):
    response = client.get(handler_url(key(course, "hours_gate", "exam_gate"), "staff_roster"))
    assert response.status_code == 200, response.content
    return body(response)


def test_roster_histogram_counts_learners_per_tenth_and_unlocked(gate_course, make_user, completion_on):
    ann, bob = make_user("ann", gate_course), make_user("bob", gate_course)
    make_user("cat", gate_course)
    staff = client_for(make_user("sam", gate_course, role="staff"))
    gate = key(gate_course, "hours_gate", "exam_gate")
    # required 3.5: ann watches lesson 2's video (1.5 = 42.9 %), bob gets 4 manual hours (met, unlocked)
    BlockCompletion.objects.submit_completion(user=ann, block_key=key(gate_course, "video", "lesson-2-video"),
                                              completion=1.0)
    assert post_json(staff, gate, "staff_credit_hours", {"user": bob.username, "hours": "4", "reason": "线下培训"}
                     ).status_code == 200
    data = roster(staff, gate_course)
    spread = data["distribution"]
    counts = [bucket["count"] for bucket in spread["buckets"]]
    assert len(counts) == 11 and sum(counts) == spread["total"] == 3  # ann, bob and cat; staff are no learners
    assert counts[4] == 1 and counts[10] == 1 and counts[0] == 1
    assert (spread["hours_met"], spread["unlocked"]) == (1, 1)
    assert spread["buckets"][10]["met"] and spread["buckets"][10]["low_hours"] == "3.5"
    assert [row["hours_met"] for row in data["rows"]].count(True) == spread["hours_met"]

    page = data["distribution_html"]
    assert page.count("<svg") == 1 and 'role="img"' in page and "<title" in page and "<desc" in page
    assert "已解锁学员：" in page and "1 / 3" in page  # zh-cn is the default language
    assert "学员已获学时占要求学时的比例分布" in page
    tree = lxml_html.fromstring(f"<div>{page}</div>")
    table = tree.xpath("//table[@class='hg-histogram']")[0]
    assert [th.text_content() for th in table.xpath(".//thead//th")] == ["占要求学时的比例", "培训学时", "学员"]
    rows = [[cell.text_content().strip() for cell in tr.xpath("./th|./td")] for tr in table.xpath(".//tbody/tr")]
    assert [int(row[2]) for row in rows] == counts  # the table holds the chart's figures
    assert rows[0] == ["0–10%", "0 至不足 0.35", "1"] and rows[10] == ["≥100%（已达标）", "3.5 及以上", "1"]
    bars = re.findall(r"<rect [^>]*fill=\"(#[0-9a-f]+)\"><title>([^<]+)</title>", page)
    assert len(bars) == 11 and bars[10] == ("#116329", "≥100%: 1") and bars[4][1] == "40–50%: 1"
    assert bars[10][0] != bars[0][0]  # the met bucket stands out


def test_roster_histogram_in_english(gate_course, make_user):
    staff = client_for(make_user("sam", gate_course, role="staff"))
    in_english(staff)
    page = roster(staff, gate_course)["distribution_html"]
    assert "Unlocked learners:" in page and "Learners by share of the required training hours earned" in page
    assert "3.5 or more" in page and "(met)" in page


def test_staff_view_has_the_histogram_container(gate_course, make_user):
    runtime = LmsRuntime(gate_course, make_user("sam", gate_course, role="staff"))
    with translation.override("zh-cn"):
        html = runtime.render(runtime.get_block(key(gate_course, "hours_gate", "exam_gate")), "staff_view",
                              {}).body_html()
    assert 'class="hg-distribution"' in html and 'aria-label="学时分布"' in html


def test_locked_progress_bar_is_named_and_items_link_to_their_units(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    BlockCompletion.objects.submit_completion(user=ann, block_key=key(gate_course, "video", "lesson-2-video"),
                                              completion=1.0)
    client = client_for(ann)
    tree = lxml_html.fromstring(exam_page(client, gate_course))
    bar = tree.xpath("//*[@role='progressbar']")[0]
    assert bar.get("aria-label") == "培训学时"
    assert (bar.get("aria-valuemin"), bar.get("aria-valuenow"), bar.get("aria-valuemax")) == ("0", "1.5", "3.5")
    assert bar.get("aria-valuetext") == "已获 1.5 / 要求 3.5 学时"
    links = {a.text_content(): a.get("href") for a in tree.xpath("//table[@class='hg-items']//a")}
    course = gate_course.course_key
    assert links == {  # a lesson links to itself (jump_to opens its first unit), a video to its unit
        "第1讲 碳排放核算": f"/courses/{course}/jump_to/{key(gate_course, 'sequential', 'lesson-1')}",
        "第2讲 视频": f"/courses/{course}/jump_to/{key(gate_course, 'vertical', 'lesson-2-unit')}",
    }
    for title, href in links.items():
        page = client.get(href, follow=True)
        assert page.status_code == 200, title
    assert "第2讲 单元" in client.get(links["第2讲 视频"], follow=True).content.decode()


def test_progress_value_stays_in_range_when_only_the_application_is_missing(gate_course, make_user):
    from carbon_common.models import HourCredit

    ann = make_user("ann", gate_course)
    gate = key(gate_course, "hours_gate", "exam_gate")
    gate_course.values[("settings", str(gate), "require_application")] = True
    HourCredit.objects.create(course_key=str(gate_course.course_key), usage_key=str(gate), user=ann,
                              hours="10", reason="线下", source="manual")
    client = client_for(ann)
    in_english(client)
    tree = lxml_html.fromstring(exam_page(client, gate_course))
    bar = tree.xpath("//*[@role='progressbar']")[0]
    assert (bar.get("aria-label"), bar.get("aria-valuenow"), bar.get("aria-valuemax")) == ("Training hours", "3.5",
                                                                                          "3.5")
    assert bar.get("aria-valuetext") == "10 of 3.5 training hours"
