"""Staff views that do not grow with learners (issue 13): the exam's staff table, grading queue and export,
and the gate's roster and export, run a fixed number of queries at 5 and at 50 learners."""
import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carbon_common.models import ExamAttempt, ExamExtraTime
from tests.integration.helpers import EXAM_COURSE, body, client_for, download_text, handler_url, post_json

pytestmark = pytest.mark.django_db


def sit(client, key):
    state = body(post_json(client, key, "start_exam", {}))
    answers = {q["id"]: ("排放量等于活动数据乘以排放因子" if not q.get("options") else [q["options"][0]["id"]])
               for part in state["attempt"]["paper"]["parts"] for q in part["questions"]}
    response = post_json(client, key, "submit_exam", {"session": state["attempt"]["session"], "answers": answers})
    assert response.status_code == 200, response.content


def add_learners(course, key, make_user, template, start, count):
    """``count`` learners with a copy of ``template`` (a submitted attempt) each, and some extra time."""
    users = [make_user(f"learner{n:03d}", course) for n in range(start, start + count)]
    fields = {f.attname: getattr(template, f.attname) for f in ExamAttempt._meta.concrete_fields
              if f.attname not in ("id", "user_id")}
    ExamAttempt.objects.bulk_create([ExamAttempt(**{**fields, "user_id": user.id}) for user in users])
    ExamExtraTime.objects.bulk_create([ExamExtraTime(usage_key=str(key), course_key=str(key.context_key),
                                                     user=user, minutes=5) for user in users[::2]])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, content[:300]
    return len(captured), response


def exam_sat_once(load_course, make_user, username):
    """The exam course, its final exam's key, a staff client, and `username`'s submitted attempt (a template)."""
    course = load_course(EXAM_COURSE)
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    staff = client_for(make_user("teacher", course, role="staff"))
    sit(client_for(make_user(username, course)), key)
    return course, key, staff, ExamAttempt.objects.get(user__username=username)


def test_exam_staff_views_run_a_fixed_number_of_queries(load_course, make_user):
    course, key, staff, template = exam_sat_once(load_course, make_user, "first")
    assert template.pending  # a short answer waits for grading: the queue has items

    add_learners(course, key, make_user, template, 0, 4)
    urls = [handler_url(key, "staff_submissions"), handler_url(key, "export_results") + "?format=csv",
            handler_url(key, "export_results") + "?format=xlsx", handler_url(key, "grading_queue")]
    for url in urls:  # warm up: the session's first request reads what later ones keep
        queries(staff, url)
    counts = {}
    for learners in (5, 50):
        if learners == 50:
            add_learners(course, key, make_user, template, 4, 45)
        counts[learners] = [queries(staff, url)[0] for url in urls]
    assert counts[5] == counts[50]
    assert counts[50][0] <= 10

    listing = body(staff.get(handler_url(key, "staff_submissions")))
    assert listing["attempts_total"] == 50 and len(listing["attempts"]) == 50
    assert {row["extra_minutes"] for row in listing["attempts"]} == {0, 5}
    assert "queue" not in listing  # the panel reads the grading queue from its own handler
    assert listing["distribution"]["pending"][0] == {"username": "first", "number": 1}
    queue = body(staff.get(handler_url(key, "grading_queue")))
    assert len(queue["queue"]) == 50 and queue["next"] is None  # one short answer per attempt
    assert queue["pending_attempts"] == queue["pending_answers"] == 50
    page = body(staff.get(handler_url(key, "staff_submissions") + "?offset=10&limit=5"))
    assert [row["username"] for row in page["attempts"]] == [f"learner{n:03d}" for n in range(9, 14)]
    rows = list(csv.reader(io.StringIO(download_text(staff.get(handler_url(key, "export_results") + "?format=csv")))))
    assert len(rows) == 51 and rows[1][0] == "first"


def test_queue_shows_attempts_awaiting_grading_unless_asked_for_all(load_course, make_user):
    course, key, staff, template = exam_sat_once(load_course, make_user, "aaa")
    add_learners(course, key, make_user, template, 0, 3)
    ExamAttempt.objects.filter(user=template.user).update(pending=False, pending_answers=0, updated=timezone.now())
    pending = body(staff.get(handler_url(key, "grading_queue")))
    assert [item["username"] for item in pending["queue"]] == ["learner000", "learner001", "learner002"]
    assert pending["pending_answers"] == 3
    every = body(staff.get(handler_url(key, "grading_queue") + "?pending=0"))["queue"]
    assert [item["username"] for item in every] == ["aaa", "learner000", "learner001", "learner002"]


def test_gate_roster_and_export_run_a_fixed_number_of_queries(gate_course, make_user, completion_on):
    from completion.models import BlockCompletion

    key = gate_course.course_key.make_usage_key("hours_gate", "exam_gate")
    staff = client_for(make_user("teacher", gate_course, role="staff"))
    video = next(k for k in gate_course.of_type("video"))
    urls = [handler_url(key, "staff_roster"), handler_url(key, "export_hours") + "?format=csv",
            handler_url(key, "export_hours") + "?format=xlsx"]
    counts, made = {}, 0
    for learners in (5, 50):
        while made < learners:
            user = make_user(f"learner{made:03d}", gate_course)
            BlockCompletion.objects.submit_completion(user=user, block_key=video, completion=1.0)
            made += 1
        for url in urls:
            queries(staff, url)
        counts[learners] = [queries(staff, url)[0] for url in urls]
    assert counts[5] == counts[50]
    rows = list(csv.reader(io.StringIO(download_text(staff.get(urls[1])))))
    assert len(rows) == 51
