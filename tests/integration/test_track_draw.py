"""Track-based draw: the application's skill track, the exam's ``professional_draw``, Studio's check, the sheet."""
import csv
import io
from decimal import Decimal

import pytest

from carbon_common.models import Application, HourCredit
from devsite.lms.demo import seed_application
from tests.integration.helpers import body, client_for, post_json, usage_key

pytestmark = pytest.mark.django_db

PAPER = """<paper>
  <part id="theory" title="基础理论"><pool id="t" type="single" draw="1" points="50">
    <question id="t1"><stem>一</stem><option id="A" correct="true">甲</option><option id="B">乙</option></question>
    <question id="t2"><stem>二</stem><option id="A" correct="true">甲</option><option id="B">乙</option></question>
  </pool></part>
  <part id="professional" title="专业课程"><pool id="p" type="single" draw="2" points="25">
    <question id="trade-1" track="trading"><stem>交易一</stem><option id="A" correct="true">甲</option><option id="B">乙</option></question>
    <question id="trade-2" track="trading"><stem>交易二</stem><option id="A" correct="true">甲</option><option id="B">乙</option></question>
    <question id="audit-1" track="audit"><stem>审计一</stem><option id="A" correct="true">甲</option><option id="B">乙</option></question>
    <question id="audit-2" track="audit"><stem>审计二</stem><option id="A" correct="true">甲</option><option id="B">乙</option></question>
  </pool></part>
</paper>"""


@pytest.fixture
def exam(real_course):
    key = usage_key(real_course, "carbon_exam", "final_exam")
    real_course.values[("content", str(key), "questions_xml")] = PAPER
    real_course.values[("settings", str(key), "professional_draw")] = "own_track"
    return key


def admitted(course, make_user, username, track):
    """An enrolled learner let into the exam: approved application (with ``track``) and enough hours."""
    user = make_user(username, course)
    application = seed_application(user, course, "approved")
    Application.objects.filter(id=application.id).update(answers={**application.answers, "track": track})
    HourCredit.objects.create(course_key=str(course.course_key), user=user, hours=Decimal(50), reason="线下",
                              usage_key=str(usage_key(course, "hours_gate", "exam_gate")))
    return user


def professional_ids(client, exam):
    response = post_json(client, exam, "start_exam", {})
    assert response.status_code == 200, response.content
    parts = body(response)["attempt"]["paper"]["parts"]
    return {q["id"] for part in parts if part["id"] == "professional" for q in part["questions"]}


def test_own_track_draws_the_professional_part_from_the_learners_track(real_course, make_user, exam):
    trader = admitted(real_course, make_user, "trader", "trading")
    auditor = admitted(real_course, make_user, "auditor", "audit")
    assert professional_ids(client_for(trader), exam) == {"trade-1", "trade-2"}
    assert professional_ids(client_for(auditor), exam) == {"audit-1", "audit-2"}


def test_pooled_or_no_track_draws_from_every_track(real_course, make_user, exam):
    untracked = admitted(real_course, make_user, "untracked", "")
    drawn = professional_ids(client_for(untracked), exam)
    assert len(drawn) == 2 and drawn <= {"trade-1", "trade-2", "audit-1", "audit-2"}
    real_course.values[("settings", str(exam), "professional_draw")] = "pooled"
    seen = set()
    for n in range(12):  # pooled: over a dozen learners both tracks turn up together
        seen |= professional_ids(client_for(admitted(real_course, make_user, f"pooled{n}", "trading")), exam)
    assert {"audit-1", "audit-2"} & seen


def test_application_refuses_an_unknown_track(real_course, make_user):
    form = usage_key(real_course, "eligibility_form", "application")
    client = client_for(make_user("applicant", real_course))
    response = post_json(client, form, "save_application", {"track": "astrology"})
    assert response.status_code == 400 and body(response)["error"]["field"] == "track"
    assert post_json(client, form, "save_application", {"track": "audit"}).status_code == 200
    assert Application.objects.get(user__username="applicant").answers["track"] == "audit"


def test_studio_refuses_own_track_when_a_track_cannot_fill_a_pool(real_course, make_user, exam):
    staff = make_user("author", real_course, role="staff")
    short = PAPER.replace('<question id="audit-2" track="audit"', '<question id="audit-x" track="assessment"')
    response = post_json(client_for(staff), exam, "studio_submit",
                         {"questions_xml": short.removeprefix("<paper>").removesuffix("</paper>"),
                          "professional_draw": "own_track"}, studio=True)
    assert response.status_code == 400, response.content
    error = body(response)["error"]
    assert error["field"] == "professional_draw" and error["code"] == "own_track_not_drawable"
    assert {p["params"]["track"] for p in error["problems"]} == {"audit", "assessment"}


def test_the_results_sheet_shows_the_track(real_course, make_user, exam):
    admitted(real_course, make_user, "trader", "trading")
    staff = make_user("sheet_staff", real_course, role="staff")
    response = client_for(staff).get(f"/carbon_xblocks/courses/{real_course.course_key}/results_sheet/")
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = dict(zip(table[0], next(r for r in table if r[1] == "trader"), strict=True))
    assert row["专业方向"] == "碳交易"
