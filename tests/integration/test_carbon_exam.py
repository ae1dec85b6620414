"""carbon_exam through the local LMS: a whole exam, time-outs, sessions, staff grading, reports."""
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from carbon_common.models import AuditEntry, ExamAttempt
from devsite.lms.models import Score
from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import (
    EXAM_COURSE,
    body,
    client_for,
    correct_answers,
    csrf_client,
    download_text,
    handler_url,
    post_json,
    start,
    studio_handler_url,
)

FIXTURE = EXAM_COURSE
SECRETS = ("SECRET-EXPLANATION", "SECRET-REFERENCE", "SECRET-RUBRIC", '"correct"', "rubric", "keyword")

pytestmark = pytest.mark.django_db


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
    listing = body(staff_client.get(handler_url(exam_key, "grading_queue")))
    [item] = listing["queue"]
    assert listing["pending_answers"] == 1
    assert item["answer"] == "排放量等于活动数据乘以排放因子"
    assert [point["matched"] for point in item["rubric"]] == [True, True]
    graded = post_json(staff_client, exam_key, "staff_grade",
                       {"attempt": item["attempt"], "question": "q1", "points": [20, 15], "comment": "少了细节"})
    assert graded.status_code == 200, graded.content
    # 20 + 20 (single) + 2/3 x 20 (partial multiple: A, B of A, B, D) + 35 (staff) = 88.33
    assert body(graded) == {"attempt": item["attempt"], "earned": 88.33, "pending": False, "passed": True}

    score = Score.objects.get(user=learner, usage_key=str(exam_key))
    assert (score.earned, score.possible, score.source) == (88, 100, "submissions")
    assert AuditEntry.objects.filter(action="exam_grade", subject=learner).count() == 1

    review = body(post_json(client, exam_key, "exam_state", {}))["review"]
    assert review["score"]["earned"] == 88.33 and review["score"]["passed"] is True
    assert "questions" not in review  # default: score and part scores only while the window is open

    grades = download_text(staff_client.get(f"/courses/{course.course_key}/instructor/grade_report.csv"))
    assert "learner" in grades and ",0.88," in grades
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
    assert post_json(client, exam_key, "studio_submit", {"questions_xml": ""}).status_code == 403
    assert client.get(handler_url(exam_key, "export_questions") + "?format=gift").status_code == 403
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
    refused = post_json(client, exam_key, "studio_submit", {"questions_xml": xml, "total_points": 100}, studio=True)
    assert refused.status_code == 400
    codes = {p["code"] for p in body(refused)["error"]["problems"]}
    assert codes == {"pool-too-small", "total-mismatch"}
    messages = [p["message"] for p in body(refused)["error"]["problems"]]
    assert '题库“s”要抽取 3 道题，但只有 1 道。' in messages
    assert LmsRuntime(course, staff).get_block(exam_key).questions_xml == before


def test_enclosing_hours_gate_is_checked_on_the_server(course, learner, completion_on):
    from completion.models import BlockCompletion

    key = course.course_key.make_usage_key("carbon_exam", "gated_exam")
    client = client_for(learner)
    state = body(post_json(client, key, "exam_state", {}))
    assert state["can_start"] is False and state["refusal_code"] == "gate_closed" and state["refusal"]
    refused = post_json(client, key, "start_exam", {})
    assert refused.status_code == 403 and body(refused)["error"]["code"] == "gate_closed"

    quiz = course.course_key.make_usage_key("carbon_exam", "quiz")
    practice = start(client, quiz)
    post_json(client, quiz, "submit_exam", {"session": practice["attempt"]["session"], "answers": {}})
    assert BlockCompletion.objects.get(user=learner, block_key=quiz).completion == 1.0
    assert start(client, key)["attempt"]["number"] == 1


def test_rescore_and_publish_grade_for_the_platform(course, exam_key, learner, staff):
    from devsite.lms.runtime import LmsRuntime

    client = client_for(learner)
    state = start(client, exam_key)
    answers = {k: v for k, v in correct_answers(state).items() if k != "q1"}
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"], "answers": answers})
    attempt = ExamAttempt.objects.get(user=learner)
    assert attempt.pending is False and attempt.earned == Decimal("53.33")  # empty short answer: 0, not pending

    block = LmsRuntime(course, learner).get_block(exam_key)
    assert block.has_submitted_answer() is True
    block.rescore(only_if_higher=False)
    score = Score.objects.get(user=learner, usage_key=str(exam_key))
    assert (score.earned, score.possible, score.source) == (53, 100.0, "submissions")  # whole points

    # The dashboard's score override: set_score then publish_grade, through submissions (it outranks block state).
    from xblock.scorable import Score as XBlockScore

    block.set_score(XBlockScore(raw_earned=75.0, raw_possible=100.0))
    block.publish_grade()
    score.refresh_from_db()
    assert (score.earned, score.possible, score.source) == (75, 100, "submissions")
    assert round(block.get_score().raw_earned, 2) == 53.33  # the block's own score is still the exam's
    # A rescore "only if higher" keeps the higher override; a plain rescore puts the exam's score back.
    block.rescore(only_if_higher=True)
    score.refresh_from_db()
    assert score.earned == 75
    block.rescore(only_if_higher=False)
    score.refresh_from_db()
    assert score.earned == 53


def test_instructor_dashboard_resets_give_attempts_back(course, exam_key, learner, staff):
    """"Reset attempts" (the platform sets the learner's ``attempts`` to 0) gives the attempt back and keeps the
    grade; "Delete learner's state" (``clear_student_state``) resets every attempt and removes the score."""
    from carbon_common.compat import anonymous_id_for_user
    from devsite.lms.runtime import LmsRuntime

    client = client_for(learner)
    state = start(client, exam_key)
    post_json(client, exam_key, "submit_exam", {"session": state["attempt"]["session"],
                                                 "answers": correct_answers(state)})
    assert body(post_json(client, exam_key, "exam_state", {}))["can_start"] is False  # max_attempts=1 used up
    block = LmsRuntime(course, learner).get_block(exam_key)
    block.attempts = 0  # what instructor.enrollment._reset_module_attempts writes into the block state
    block.save()
    state = body(post_json(client, exam_key, "exam_state", {}))
    assert state["can_start"] is True and state["attempts_used"] == 0
    assert ExamAttempt.objects.get(user=learner).status == "submitted"  # the attempt (and its grade) stays
    from submissions import api as submissions_api

    item = {"student_id": anonymous_id_for_user(learner, exam_key.context_key), "course_id": str(exam_key.context_key),
            "item_id": str(exam_key), "item_type": "carbon_exam"}
    submissions_api.set_score(submissions_api.create_submission(item, {})["uuid"], 80, 100)  # a graded score

    course_key = exam_key.context_key
    block.clear_student_state(user_id=anonymous_id_for_user(learner, course_key), course_id=str(course_key),
                              item_id=str(exam_key), requesting_user_id=anonymous_id_for_user(staff, course_key))
    assert set(ExamAttempt.objects.filter(user=learner).values_list("status", flat=True)) == {"reset"}
    assert not Score.objects.filter(user=learner, usage_key=str(exam_key)).exists()
    assert AuditEntry.objects.filter(action="clear_state", subject=learner).count() == 1


def test_studio_import_preview_apply_and_export(course, exam_key, staff):
    from devsite.lms.runtime import LmsRuntime

    client = client_for(staff)
    gift = "::s4::《条例》自何时施行？{=2024年5月1日 ~2024年1月5日 ~2025年1月1日}\n\n::bad::判断 {T}\n"
    url = studio_handler_url(exam_key, "import_questions")

    def upload(text, apply):
        data = {"file": io.BytesIO(text.encode()), "format": "gift", "pool": "t-single", "apply": apply}
        data["file"].name = "bank.txt"
        return client.post(url, data=data, HTTP_X_CSRFTOKEN=csrf_client(client))

    from carbon_exam.block import cached_paper

    before = LmsRuntime(course, staff).get_block(exam_key)
    shared = cached_paper(before.questions_xml, before.total_points, before.pass_mark)
    preview = body(upload(gift, "1"))
    assert [item["ok"] for item in preview["items"]] == [True, False] and "applied" not in preview
    assert "GIFT true/false" not in preview["items"][1]["errors"][0]["message"]  # translated for the author
    applied = body(upload(gift.split("\n\n")[0], "1"))
    assert applied["applied"] == 1
    block = LmsRuntime(course, staff).get_block(exam_key)
    assert [q.id for q in block.paper.parts[0].pools[0].questions] == ["s1", "s2", "s3", "s4"]
    # The paper shared across requests (the old content's) was never changed in place.
    assert [q.id for q in shared.parts[0].pools[0].questions] == ["s1", "s2", "s3"]
    again = body(upload(gift.split("\n\n")[0], "0"))
    assert again["items"][0]["errors"][0]["code"] == "item-duplicate-id"

    exported = client.get(studio_handler_url(exam_key, "export_questions") + "?format=csv")
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")
    assert "《条例》自何时施行？" in exported.content.decode("utf-8-sig")
    assert client.get(studio_handler_url(exam_key, "export_questions") + "?format=pdf").status_code == 400


def test_staff_get_their_tools_inside_the_exam_learners_do_not(course, exam_key, staff, learner):
    """The LMS renders no ``staff_view``: staff tools live in ``student_view``, for course staff only."""
    staff_client = client_for(staff)
    unit = course.course_key.make_usage_key("vertical", "final-unit")
    page = staff_client.get(f"/courses/{course.course_key}/jump_to/{unit}/").content.decode()
    assert "carbon-exam-staff" in page and "待评阅的简答题" in page and "staff.js" in page
    learner_page = client_for(learner).get(f"/courses/{course.course_key}/jump_to/{unit}/").content.decode()
    assert "carbon-exam-staff" not in learner_page and "staff.js" not in learner_page
    assert not hasattr(type(LmsRuntime(course, staff).get_block(exam_key)), "staff_view")


def set_field(course, key, name, value):
    course.values[("settings", str(key), name)] = value


def test_focus_loss_limit_submits_the_attempt(course, exam_key, learner):
    set_field(course, exam_key, "focus_loss_limit", 3)
    client = client_for(learner)
    session = start(client, exam_key)["attempt"]["session"]
    post_json(client, exam_key, "save_answers", {"session": session, "answers": {}, "events": {"focus_losses": 2,
                                                                                              "pastes": 1}})
    assert ExamAttempt.objects.get(user=learner).status == "in_progress"
    done = body(post_json(client, exam_key, "save_answers", {"session": session, "answers": {},
                                                             "events": {"focus_losses": 1}}))
    attempt = ExamAttempt.objects.get(user=learner)
    assert (attempt.status, attempt.submit_reason, attempt.focus_losses, attempt.pastes) == (
        "submitted", "focus_limit", 3, 1)
    assert done["status"] == "submitted" and done["review"]["reason"] == "focus_limit"


def test_exam_window(course, exam_key, learner):
    client = client_for(learner)
    set_field(course, exam_key, "opens_at", (timezone.now() + timedelta(days=1)).isoformat())
    refused = post_json(client, exam_key, "start_exam", {})
    assert refused.status_code == 403 and body(refused)["error"]["code"] == "not_open"
    assert "考试将于" in body(refused)["error"]["message"]
    set_field(course, exam_key, "opens_at", "")
    set_field(course, exam_key, "closes_at", (timezone.now() + timedelta(minutes=10)).isoformat())
    state = start(client, exam_key)
    assert 590 <= state["attempt"]["seconds_left"] <= 600  # the close caps the 60-minute limit
    set_field(course, exam_key, "closes_at", (timezone.now() - timedelta(minutes=1)).isoformat())
    assert body(post_json(client, exam_key, "exam_state", {}))["window"] == "closed"


def test_studio_and_author_views_render(course, exam_key, staff):
    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(course, staff)
    block = runtime.get_block(exam_key)
    studio = runtime.render(block, "studio_view", {}).body_html()
    assert 'name="questions_xml"' in studio and "SECRET-REFERENCE" in studio and "试卷总分" in studio
    author = runtime.render(block, "author_view", {}).body_html()
    assert "抽题总分 100，试卷总分 100；及格分 60。" in author and "从 3 道中抽 2 道，每题 20 分" in author


def test_block_olx_export_round_trips(course, exam_key, staff):
    from decimal import Decimal as D

    from lxml import etree

    from carbon_exam.olx import parse_paper
    from devsite.lms.runtime import LmsRuntime

    block = LmsRuntime(course, staff).get_block(exam_key)
    node = etree.Element("carbon_exam")
    block.add_xml_to_node(node)
    assert node.get("max_attempts") == "2" and node.get("questions_xml") is None
    assert [part.get("id") for part in node.findall("part")] == ["theory", "pro"]
    assert parse_paper(etree.fromstring(etree.tostring(node)), D(100), D(60)) == block.paper
