"""carbon_exam through the local LMS: a whole exam, time-outs, sessions, staff grading, reports."""
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from carbon_common.models import AuditEntry, ExamAttempt
from devsite.lms.models import Score
from tests.integration.helpers import body, csrf_client, download_text, handler_url, post_json

FIXTURE = Path(__file__).parent.parent / "fixtures" / "carbon_exam_course"
SECRETS = ("SECRET-EXPLANATION", "SECRET-REFERENCE", "SECRET-RUBRIC", '"correct"', "rubric", "keyword")

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(load_course):
    return load_course(FIXTURE)


@pytest.fixture
def exam_key(course):
    return course.course_key.make_usage_key("carbon_exam", "final_exam")


@pytest.fixture
def learner(course, make_user):
    return make_user("learner", course)


@pytest.fixture
def staff(course, make_user):
    return make_user("teacher", course, role="staff")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def start(client, key, **data):
    response = post_json(client, key, "start_exam", data)
    assert response.status_code == 200, response.content
    return body(response)


def correct_answers(state):
    answers = {}
    for part in state["attempt"]["paper"]["parts"]:
        for question in part["questions"]:
            answers[question["id"]] = {"s1": ["B"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"]}.get(
                question["id"], "排放量等于活动数据乘以排放因子")
    return answers


def test_whole_exam_with_staff_grading_reaches_gradebook_and_reports(course, exam_key, learner, staff):
    client = client_for(learner)
    state = start(client, exam_key)
    attempt = state["attempt"]
    assert [len(p["questions"]) for p in attempt["paper"]["parts"]] == [3, 1]
    assert 3590 <= attempt["seconds_left"] <= 3600
    page = json.dumps(state, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in page

    answers = correct_answers(state)
    saved = post_json(client, exam_key, "save_answers", {"session": attempt["session"], "answers": answers})
    assert saved.status_code == 200 and body(saved)["saved"] == sorted(answers)

    again = body(post_json(client, exam_key, "exam_state", {"session": attempt["session"]}))
    assert again["attempt"]["paper"] == attempt["paper"] and again["attempt"]["answers"] == answers

    submitted = body(post_json(client, exam_key, "submit_exam", {"session": attempt["session"], "answers": {}}))
    assert submitted["status"] == "submitted" and "attempt" not in submitted
    assert submitted["review"]["score"]["pending"] is True and submitted["review"]["score"]["passed"] is None
    assert not Score.objects.filter(user=learner).exists()  # nothing counts until the short answer is graded

    staff_client = client_for(staff)
    listing = body(staff_client.get(handler_url(exam_key, "staff_submissions")))
    [item] = listing["queue"]
    assert item["answer"] == "排放量等于活动数据乘以排放因子"
    assert [point["matched"] for point in item["rubric"]] == [True, True]
    graded = post_json(staff_client, exam_key, "staff_grade",
                       {"attempt": item["attempt"], "question": "q1", "points": [20, 15], "comment": "少了细节"})
    assert graded.status_code == 200, graded.content
    # 20 + 20 (single) + 2/3 x 20 (partial multiple: A, B of A, B, D) + 35 (staff) = 88.33
    assert body(graded) == {"attempt": item["attempt"], "earned": 88.33, "pending": False, "passed": True}

    score = Score.objects.get(user=learner, usage_key=str(exam_key))
    assert (score.earned, score.possible, score.source) == (8833, 10000, "submissions")
    assert AuditEntry.objects.filter(action="exam_grade", subject=learner).count() == 1

    review = body(post_json(client, exam_key, "exam_state", {}))["review"]
    assert review["score"]["earned"] == 88.33 and review["score"]["passed"] is True
    assert "questions" not in review  # default: score and part scores only while the window is open

    grades = download_text(staff_client.get(f"/courses/{course.course_key}/instructor/grade_report.csv"))
    assert "learner" in grades and "0.8833" in grades
    responses = download_text(staff_client.get(f"/courses/{course.course_key}/instructor/problem_responses.csv"))
    assert "排放量等于活动数据乘以排放因子" in responses and "learner" in responses


def test_time_out_submits_saved_answers(course, exam_key, learner):
    client = client_for(learner)
    state = start(client, exam_key)
    session = state["attempt"]["session"]
    question = state["attempt"]["paper"]["parts"][0]["questions"][0]["id"]
    post_json(client, exam_key, "save_answers", {"session": session, "answers": {question: ["A"]}})
    ExamAttempt.objects.filter(user=learner).update(deadline=timezone.now() - timedelta(seconds=31))

    late = post_json(client, exam_key, "save_answers", {"session": session, "answers": {question: ["B"]}})
    assert late.status_code == 409 and body(late)["error"]["code"] == "time_up"
    attempt = ExamAttempt.objects.get(user=learner)
    assert (attempt.status, attempt.submit_reason, attempt.answers) == ("submitted", "timeout", {question: ["A"]})


def test_grace_period_accepts_saves_in_flight(course, exam_key, learner):
    client = client_for(learner)
    state = start(client, exam_key)
    ExamAttempt.objects.filter(user=learner).update(deadline=timezone.now() - timedelta(seconds=10))
    question = state["attempt"]["paper"]["parts"][0]["questions"][0]["id"]
    saved = post_json(client, exam_key, "save_answers", {"session": state["attempt"]["session"],
                                                         "answers": {question: ["A"]}})
    assert saved.status_code == 200 and body(saved)["seconds_left"] == 0


def test_second_window_takes_over_and_first_becomes_read_only(course, exam_key, learner):
    first = client_for(learner)
    state = start(first, exam_key)
    old = state["attempt"]["session"]
    second = client_for(learner)
    seen = body(post_json(second, exam_key, "exam_state", {}))
    assert seen["attempt"]["read_only"] is True and "session" not in seen["attempt"]
    taken = start(second, exam_key, take_over=True)
    assert taken["attempt"]["session"] != old and taken["attempt"]["read_only"] is False
    refused = post_json(first, exam_key, "save_answers", {"session": old, "answers": {}})
    assert refused.status_code == 409 and body(refused)["error"]["code"] == "session_taken"


def test_attempt_limit_and_retake_only_after_failing(course, exam_key, learner):
    client = client_for(learner)
    state = start(client, exam_key)
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": {}})
    after_fail = body(post_json(client, exam_key, "exam_state", {}))
    assert after_fail["review"]["score"]["passed"] is False and after_fail["can_start"] is True
    assert after_fail["attempts_left"] == 1
    second = start(client, exam_key)
    assert second["attempt"]["number"] == 2
    assert ExamAttempt.objects.get(user=learner, number=2).seed != ExamAttempt.objects.get(user=learner, number=1).seed
    post_json(client, exam_key, "submit_exam", {"session": second["attempt"]["session"], "answers": {}})
    refused = post_json(client, exam_key, "start_exam", {})
    assert refused.status_code == 403 and body(refused)["error"]["code"] == "no_attempts_left"


def test_answers_are_checked_on_the_server(course, exam_key, learner):
    client = client_for(learner)
    state = start(client, exam_key)
    session = state["attempt"]["session"]
    saved = body(post_json(client, exam_key, "save_answers", {"session": session, "answers": {
        "nope": ["A"], "m1": ["Z"], "q1": "文本"}}))
    assert saved["saved"] == ["q1"] and sorted(r["code"] for r in saved["rejected"]) == [
        "answer-unknown-option", "answer-unknown-question"]
    bad_json = client.post(handler_url(exam_key, "save_answers"), data="{", content_type="application/json",
                           HTTP_X_CSRFTOKEN=csrf_client(client))
    assert bad_json.status_code == 400 and body(bad_json)["error"]["code"] == "invalid_json"


def test_staff_handlers_refuse_learners_and_csrf_is_enforced(course, exam_key, learner):
    client = client_for(learner)
    assert client.get(handler_url(exam_key, "staff_submissions")).status_code == 403
    assert post_json(client, exam_key, "staff_extra_time", {"username": "learner", "minutes": 5}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert post_json(strict, exam_key, "start_exam", {}, csrf=False).status_code == 403
    assert post_json(strict, exam_key, "start_exam", {}).status_code == 200


def test_staff_reset_extra_time_and_exports(course, exam_key, learner, staff):
    client = client_for(learner)
    state = start(client, exam_key)
    staff_client = client_for(staff)
    extra = post_json(staff_client, exam_key, "staff_extra_time", {"username": "learner", "minutes": 30})
    assert extra.status_code == 200
    seconds = body(post_json(client, exam_key, "exam_state", {}))["attempt"]["seconds_left"]
    assert 5390 <= seconds <= 5400
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": {}})

    attempt = ExamAttempt.objects.get(user=learner)
    assert post_json(staff_client, exam_key, "staff_reset_attempt", {"attempt": attempt.id}).status_code == 400
    reset = post_json(staff_client, exam_key, "staff_reset_attempt", {"attempt": attempt.id, "reason": "断网"})
    assert reset.status_code == 200
    assert body(post_json(client, exam_key, "exam_state", {}))["attempts_left"] == 2

    csv_text = download_text(staff_client.get(handler_url(exam_key, "export_results") + "?format=csv"))
    assert csv_text.splitlines()[0].startswith("用户名,姓名,第几次")
    assert "断网" in csv_text
    xlsx = staff_client.get(handler_url(exam_key, "export_results") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[0] == "用户名"
    assert staff_client.get(handler_url(exam_key, "export_results") + "?format=pdf").status_code == 400


def test_practice_mode_reviews_with_explanations_and_sends_no_grade(course, learner):
    key = course.course_key.make_usage_key("carbon_exam", "quiz")
    client = client_for(learner)
    state = start(client, key)
    assert state["attempt"]["seconds_left"] is None and state["attempts_left"] is None
    done = body(post_json(client, key, "submit_exam", {"session": state["attempt"]["session"],
                                                      "answers": {"quiz-1": ["B"], "quiz-2": ["B"]}}))
    by_id = {q["id"]: q for q in done["review"]["questions"]}
    assert by_id["quiz-1"]["explanation"] == "2021年7月16日全国碳市场开市。"
    assert by_id["quiz-2"]["status"] == "wrong" and by_id["quiz-2"]["correct_options"] == ["A"]
    assert done["can_start"] is True
    assert not Score.objects.filter(user=learner).exists()


def test_rendered_page_and_student_view_data_hold_no_keys(course, exam_key, learner):
    from devsite.lms.runtime import LmsRuntime

    block = LmsRuntime(course, learner).get_block(exam_key)
    html = LmsRuntime(course, learner).render(block, "student_view", {}).body_html()
    data = json.dumps(block.student_view_data(), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in html and secret not in data
    assert "正在加载" in html and json.dumps("开始考试")[1:-1] in html  # template and JS texts, in Chinese
    assert block.max_score() == 100.0


def test_studio_submit_refuses_a_paper_that_cannot_be_drawn(course, exam_key, staff):
    from devsite.lms.runtime import LmsRuntime

    block = LmsRuntime(course, staff).get_block(exam_key)
    before = block.questions_xml
    xml = '<part id="p"><pool id="s" type="single" draw="3" points="50"><question id="x"><stem>s</stem>' \
          '<option id="A" correct="true">a</option><option id="B">b</option></question></pool></part>'
    client = client_for(staff)
    refused = post_json(client, exam_key, "studio_submit", {"questions_xml": xml, "total_points": 100})
    assert refused.status_code == 400
    codes = {p["code"] for p in body(refused)["error"]["problems"]}
    assert codes == {"pool-too-small", "total-mismatch"}
    messages = [p["message"] for p in body(refused)["error"]["problems"]]
    assert '题库“s”要抽取 3 道题，但只有 1 道。' in messages
    assert LmsRuntime(course, staff).get_block(exam_key).questions_xml == before
