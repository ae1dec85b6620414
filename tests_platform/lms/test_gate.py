"""The gate's verdict in the real LMS, from completions as the platform records them.

A learner who completed 20 credited lessons (40 of the 40 hours required) and whose application is approved
sees the gate open; one who did nothing sees it closed, with the missing hours and the application named; one
with the hours but no approval is told only about the application. Staff see learners' names as the platform
keeps them (``UserProfile.name``, first_name left empty). The form is found even when the gate's
``application_url_name`` names none (a form added in Studio has a random id).
"""
import csv
import io
import re

import pytest

from tests_platform.common import (
    EXAM_UNIT,
    FORM,
    GATE,
    Figures,
    call,
    client_for,
    course_key,
    leaves_under,
    make_user,
    record_study,
    render,
    usage,
)

LESSONS_FOR_40_HOURS = 20  # 2 hours each


def _complete_lessons(user, client, count):
    """Video and HTML through the LMS's publish_completion handler (what their JavaScript calls); a practice
    quiz completes on submission, recorded here directly as the platform's completion API would. The packed
    gate is in verified mode: the study ledger gets the evidence the study would have left (record_study)."""
    from completion.models import BlockCompletion
    from xmodule.modulestore.django import modulestore

    gate = modulestore().get_item(GATE)
    studied = []
    for credit in gate.credits[:count]:
        studied += leaves_under(course_key().make_usage_key(credit["block_type"], credit["url_name"]))
    record_study(user, studied)
    for credit in gate.credits[:count]:
        for leaf in leaves_under(course_key().make_usage_key(credit["block_type"], credit["url_name"])):
            if leaf.block_type == "carbon_exam":
                BlockCompletion.objects.submit_completion(user, leaf, 1.0)
            else:
                status, body = call(client, leaf, "publish_completion", {"completion": 1.0})
                Figures.check(status == 200, (leaf, status, body))


def _approve(user):
    from django.utils import timezone

    from carbon_common.models import Application

    Application.objects.create(course_key=str(course_key()), usage_key=str(FORM), user=user, anonymous_id="",
                               status=Application.APPROVED, submitted_at=timezone.now(), decided_at=timezone.now())


@pytest.fixture(scope="module")
def people():
    key = course_key()
    ready, hours_only = make_user("gate_ready", key, name="张三丰"), make_user("gate_hours_only", key, name="李四光")
    fresh, staff = make_user("gate_fresh", key, name="王五"), make_user("gate_staff", key, role="staff")
    for user in (ready, hours_only):
        _complete_lessons(user, client_for(user), LESSONS_FOR_40_HOURS)
    _approve(ready)
    return {"ready": ready, "hours_only": hours_only, "fresh": fresh, "staff": staff}


def test_hours_and_an_approved_application_open_the_gate(people):
    status, body = call(client_for(people["ready"]), GATE, "gate_status", method="get")
    Figures.check(status == 200, body)
    Figures.check(body["open"] is True and body["earned"] == "40" and body["reasons"] == [], body)
    Figures.check(body["application"]["approved"] is True, body["application"])
    status, html = render(client_for(people["ready"]), EXAM_UNIT)
    Figures.check(status == 200 and "hours-gate--open" in html and "CarbonExamInit" in html, html[:2000])


def test_nothing_done_the_gate_names_the_missing_hours_and_the_application(people):
    client = client_for(people["fresh"])
    status, body = call(client, GATE, "gate_status", method="get")
    Figures.check(status == 200 and body["open"] is False, body)
    Figures.check(body["missing"] == "40" and body["earned"] == "0", body)
    Figures.check(len(body["reasons"]) == 2, body["reasons"])
    Figures.check("40" in body["reasons"][0], body["reasons"])  # the hours still missing
    Figures.check(body["application"]["status"] == "none" and not body["application"]["approved"], body)
    Figures.check(all(item["percent"] == 0 and item["available"] for item in body["items"]), body["items"])
    status, html = render(client, EXAM_UNIT)
    Figures.check(status == 200 and "hours-gate--locked" in html and "CarbonExamInit" not in html, html[:2000])
    gate_html = html.split('class="hours-gate hours-gate--locked"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r"<a\b[^>]*>", gate_html)
    Figures.check(len(links) == 32, len(links))  # 31 credited lessons and the application
    Figures.check(all('target="_top"' in link for link in links), [link for link in links if "_top" not in link])


def test_hours_without_approval_the_gate_names_only_the_application(people):
    status, body = call(client_for(people["hours_only"]), GATE, "gate_status", method="get")
    Figures.check(status == 200 and body["open"] is False, body)
    Figures.check(body["earned"] == "40" and body["missing"] == "0", body)
    Figures.check(len(body["reasons"]) == 1 and body["application"]["status"] == "none", body)


def test_staff_roster_and_export_show_the_profile_name(people):
    staff = client_for(people["staff"])
    status, body = call(staff, GATE, "staff_roster", method="get")
    Figures.check(status == 200, body)
    rows = {row["username"]: row for row in body["rows"]}
    Figures.check(rows["gate_ready"]["full_name"] == "张三丰" and rows["gate_ready"]["open"] is True, rows.get("gate_ready"))
    Figures.check(rows["gate_fresh"]["full_name"] == "王五", rows.get("gate_fresh"))
    Figures.check(people["ready"].first_name == "" and people["ready"].get_full_name() == "")
    response = staff.get(f"/courses/{course_key()}/xblock/{GATE}/handler/export_hours", {"format": "csv"})
    Figures.requests += 1
    Figures.check(response.status_code == 200, response.status_code)
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    exported = {row[0]: row for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")))}
    Figures.check(exported["gate_ready"][1] == "张三丰", exported.get("gate_ready"))


@pytest.fixture
def form_renamed():
    """The gate's application_url_name names no form (as after adding the form in Studio), restored after."""
    from xmodule.modulestore import ModuleStoreEnum
    from xmodule.modulestore.django import modulestore

    store, user_id = modulestore(), ModuleStoreEnum.UserID.test

    def edit(value):
        with store.branch_setting(ModuleStoreEnum.Branch.draft_preferred, course_key()):
            gate = store.get_item(GATE)
            gate.application_url_name = value
            store.update_item(gate, user_id)
            store.publish(gate.location, user_id)

    edit("a1b2c3d4e5f6")
    try:
        yield
    finally:
        edit("application")


def test_the_courses_only_form_is_found_without_its_url_name(people, form_renamed):
    status, body = call(client_for(people["ready"]), GATE, "gate_status", method="get")
    Figures.check(status == 200 and body["application"]["approved"] is True and body["open"] is True, body)


def test_the_open_gate_lets_the_exam_start_and_staff_see_the_profile_name(people):
    exam = usage("carbon_exam", "final_exam")
    status, body = call(client_for(people["fresh"]), exam, "start_exam", {})
    Figures.check(status == 403 and body["error"]["code"] == "gate_closed", (status, body))
    status, body = call(client_for(people["ready"]), exam, "start_exam", {})
    Figures.check(status == 200, (status, str(body)[:1000]))
    status, panel = call(client_for(people["staff"]), exam, "staff_submissions", method="get")
    Figures.check(status == 200, (status, str(panel)[:1000]))
    (row,) = [row for row in panel["attempts"] if row["username"] == "gate_ready"]
    Figures.check(row["name"] == "张三丰", row)
