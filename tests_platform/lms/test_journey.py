"""One learner's whole journey through the real LMS, and the staff who review, grade and correct it.

apply -> staff return -> resubmit -> approve -> lessons completed as the platform records them -> the gate
opens -> exam started, autosaved, submitted -> staff grade the short answers from the exam's own panel ->
the platform's gradebook, Progress data and reports -> the instructor dashboard's tools.
The steps share one learner and run in file order.
"""
import io
import json
from decimal import Decimal

import pytest

from tests.samples import APPLICATION as SAMPLE_APPLICATION
from tests.samples import DOCUMENTS, pdf, photo
from tests_platform.common import (
    EXAM,
    EXAM_UNIT,
    FORM,
    GATE,
    Figures,
    call,
    client_for,
    course_key,
    handler_url,
    leaves_under,
    make_user,
    record_study,
    render,
)

APPLICATION = SAMPLE_APPLICATION | {"name": "李四", "email": "li@example.com"}
STATE = {}


def _upload(client, kind, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Figures.requests += 1
    response = client.post(handler_url(FORM, "upload_material"), {"kind": kind, "file": SimpleUploadedFile(name, content)})
    return response.status_code, json.loads(response.content)


@pytest.fixture(scope="module")
def people():
    key = course_key()
    return {"learner": make_user("journey_learner", key, name="李四"),
            "staff": make_user("journey_staff", key, role="staff"),
            "instructor": make_user("journey_instructor", key, role="instructor")}


def test_learner_applies_staff_return_then_approve(people):
    learner, staff = client_for(people["learner"]), client_for(people["staff"])
    status, html = render(learner, FORM)
    Figures.check(status == 200 and "EligibilityFormInit" in html, status)
    status, body = call(learner, FORM, "save_application", APPLICATION)
    Figures.check(status == 200, body)
    Figures.check(_upload(learner, "photo", photo(), "photo.jpg")[0] == 200)
    for kind in DOCUMENTS:
        status, body = _upload(learner, kind, pdf(kind), f"{kind}.pdf")
        Figures.check(status == 200, (kind, body))
    status, body = call(learner, FORM, "submit_application", {})
    Figures.check(status == 200 and body["status"] == "submitted", body)

    status, queue = call(staff, FORM, "staff_applications", method="get")
    Figures.check(status == 200, queue)
    (row,) = [r for r in queue["applications"] if r["username"] == "journey_learner"]
    status, body = call(staff, FORM, "staff_review", {"id": row["id"], "decision": "return", "reason": "照片不清晰"})
    Figures.check(status == 200, body)
    status, state = call(learner, FORM, "application_state", method="get")
    Figures.check(state["status"] == "returned" and state["editable"], state)
    Figures.check(_upload(learner, "photo", photo(), "photo2.jpg")[0] == 200)
    status, body = call(learner, FORM, "submit_application", {})
    Figures.check(status == 200 and body["status"] == "submitted", body)
    status, body = call(staff, FORM, "staff_review", {"id": row["id"], "decision": "approve", "reason": ""})
    Figures.check(status == 200, body)
    status, state = call(learner, FORM, "application_state", method="get")
    Figures.check(state["status"] == "approved", state)
    # A learner cannot reach the staff handlers.
    Figures.check(call(learner, FORM, "staff_applications", method="get")[0] == 403)


def _credited_leaves(gate):
    """Every leaf under the gate's credited items (what the gate counts)."""
    return [leaf for credit in gate.credits
            for leaf in leaves_under(course_key().make_usage_key(credit["block_type"], credit["url_name"]))]


def _answer_practice(client, key):
    status, state = call(client, key, "start_exam", {})
    assert status == 200, state
    attempt = state["attempt"]
    answers = {q["id"]: [q["options"][0]["id"]] for part in attempt["paper"]["parts"] for q in part["questions"]
               if q.get("options")}
    status, body = call(client, key, "submit_exam", {"session": attempt.get("session", ""), "answers": answers})
    assert status == 200, body


def test_lessons_completed_as_the_platform_records_them_open_the_gate(people):
    from xmodule.modulestore.django import modulestore

    learner = client_for(people["learner"])
    status, before = call(learner, GATE, "gate_status", method="get")
    Figures.check(status == 200 and before["open"] is False, before)
    gate = modulestore().get_item(GATE)
    for leaf in _credited_leaves(gate):
        if leaf.block_type == "carbon_exam":
            _answer_practice(learner, leaf)
        else:  # video and HTML: the LMS's publish_completion handler (what their JavaScript calls)
            status, body = call(learner, leaf, "publish_completion", {"completion": 1.0})
            Figures.check(status == 200, (leaf, body))
    status, after = call(learner, GATE, "gate_status", method="get")  # verified mode: completions are no proof
    Figures.check(status == 200 and after["open"] is False, after)
    # the videos played and the readings read, as the event pipeline records them (practice: answered above)
    record_study(people["learner"], [leaf for leaf in _credited_leaves(gate) if leaf.block_type != "carbon_exam"])
    status, after = call(learner, GATE, "gate_status", method="get")
    Figures.check(status == 200 and after["open"] is True, after)


def _answers_for(paper_view, exam_block, right=True):
    """Correct (or deliberately wrong) answers to a drawn paper, decided from the block's own paper."""
    answers = {}
    for part in paper_view["parts"]:
        for question in part["questions"]:
            found = exam_block.paper.find(question["id"])
            authored = found[2]
            if question.get("options"):
                correct = [o.id for o in authored.options if o.correct]
                answers[question["id"]] = correct if right else [o.id for o in authored.options if not o.correct][:1]
            else:
                answers[question["id"]] = authored.reference or "排放量等于活动数据乘以排放因子"
    return answers


def _answers_as_shown(paper_view, answers):
    """The report's Answers cell as the learner's page implies it: paper order, each choice by the letter its
    option had on that page (``A`` for the first shown), and whether any letter differs from its option id."""
    cells, differs = [], False
    questions = [question for part in paper_view["parts"] for question in part["questions"]]
    for number, question in enumerate(questions, start=1):
        answer = answers.get(question["id"])
        if isinstance(answer, list):
            shown = [option["id"] for option in question["options"]]
            letters = [chr(65 + shown.index(pick)) for pick in answer]
            differs = differs or letters != answer
            value = " ".join(sorted(letters))
        else:
            value = " ".join(str(answer or "").split())
        cells.append(f"{number}. {question['id']}: {value or '-'}")
    return "; ".join(cells), differs


def test_exam_started_autosaved_submitted_and_graded_by_staff(people):
    from xmodule.modulestore.django import modulestore

    learner, staff = client_for(people["learner"]), client_for(people["staff"])
    exam = modulestore().get_item(EXAM)
    status, state = call(learner, EXAM, "start_exam", {})
    Figures.check(status == 200, state)
    attempt = state["attempt"]
    page = json.dumps(state, ensure_ascii=False)
    for part in exam.paper.parts:  # no answer key reaches the learner
        for pool in part.pools:
            for question in pool.questions:
                Figures.check(not (question.reference and question.reference in page), question.id)
    answers = _answers_for(attempt["paper"], exam)
    wrong = _answers_for(attempt["paper"], exam, right=False)
    choice_ids = [q for q, a in answers.items() if isinstance(a, list)]
    for qid in choice_ids[:7]:  # seven wrong choices: a score that is not a round number
        answers[qid] = wrong[qid]
    STATE["answers_shown"], differs = _answers_as_shown(attempt["paper"], answers)
    Figures.check(differs, "shuffled options: some letter should differ from its option id")
    items = list(answers.items())
    for start in range(0, len(items), 10):  # autosave in batches, as the page does
        status, body = call(learner, EXAM, "save_answers", {"session": attempt["session"],
                                                             "answers": dict(items[start:start + 10])})
        Figures.check(status == 200 and len(body["saved"]) == len(items[start:start + 10]), body)
    status, body = call(learner, EXAM, "submit_exam", {"session": attempt["session"], "answers": {}})
    Figures.check(status == 200 and body["status"] == "submitted", body)

    # The staff panel is inside the exam's student_view for course staff, not for the learner.
    status, staff_page = render(staff, EXAM_UNIT)
    Figures.check(status == 200 and "carbon-exam-staff" in staff_page and "staff.js" in staff_page)
    status, learner_page = render(learner, EXAM_UNIT)
    Figures.check(status == 200 and "carbon-exam-staff" not in learner_page)
    status, panel = call(staff, EXAM, "grading_queue", method="get")
    Figures.check(status == 200 and panel["pending_answers"] >= 1, panel)
    queue = [item for item in panel["queue"] if item["username"] == "journey_learner"]
    Figures.check(len(queue) >= 1, panel["queue"])
    for item in queue:
        points = [rubric["points"] for rubric in item["rubric"]]
        status, body = call(staff, EXAM, "staff_grade", {"attempt": item["attempt"], "question": item["question"],
                                                         "points": points, "comment": "好"})
        Figures.check(status == 200, body)
    Figures.check(body["pending"] is False, body)
    STATE["exact"] = Decimal(str(body["earned"]))
    Figures.check(call(learner, EXAM, "staff_submissions", method="get")[0] == 403)


def _exam_score(user):
    from lms.djangoapps.grades.api import CourseGradeFactory

    grade = CourseGradeFactory().read(user, course_key=course_key())
    for chapter in grade.chapter_grades.values():
        for subsection in chapter["sections"]:
            if EXAM in subsection.problem_scores:
                score = subsection.problem_scores[EXAM]
                return score.earned, score.possible, grade
    raise AssertionError("the exam is not in the course grade")


def test_the_platform_gradebook_shows_whole_points_of_the_paper(people):
    from carbon_exam.rules import gradebook_points

    earned, possible, grade = _exam_score(people["learner"])
    expected = gradebook_points(STATE["exact"], Decimal(100), Decimal(100), Decimal(60))
    Figures.check((earned, possible) == expected, (earned, possible, STATE["exact"]))
    Figures.check(possible == 100, possible)
    Figures.check(grade.passed is (expected[0] >= 60), (grade.percent, expected))


def _instructor_api(client, name, data):
    Figures.requests += 1
    response = client.post(f"/courses/{course_key()}/instructor/api/{name}", data)
    return response.status_code, response.content.decode("utf-8")


def _report_rows(name_part):
    """The newest CSV report whose file name holds ``name_part``, from the platform's report store."""
    import csv

    from lms.djangoapps.instructor_task.models import ReportStore

    store = ReportStore.from_config(config_name="GRADES_DOWNLOAD")
    names = [name for name, _url in store.links_for(course_key()) if name_part in name]
    assert names, f"no {name_part} report"
    with store.storage.open(store.path_to(course_key(), names[0])) as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode("utf-8-sig"))))


def test_the_platform_reports_hold_the_exam(people):
    instructor = client_for(people["instructor"])
    status, text = _instructor_api(instructor, "calculate_grades_csv", {})
    Figures.check(status == 200, text)
    rows = [r for r in _report_rows("grade_report") if r["Username"] == "journey_learner"]
    Figures.check(len(rows) == 1, rows)
    earned, _possible, grade = _exam_score(people["learner"])
    Figures.check(abs(float(rows[0]["Grade"]) - grade.percent) < 0.01, (rows[0], grade.percent))
    Figures.check(abs(float(rows[0]["Grade"]) - earned / 100) < 0.011, (rows[0]["Grade"], earned))

    status, text = _instructor_api(instructor, "get_problem_responses", {"problem_location": str(EXAM)})
    Figures.check(status == 200, text)
    responses = [r for r in _report_rows("student_state_from") if r.get("username") == "journey_learner"]
    Figures.check(responses, "no response row for the learner")
    (row,) = responses
    Figures.check(row["状态"] == "已交卷" and Decimal(row["总分"]) == STATE["exact"], row)  # our block's own columns
    Figures.check(row["基础理论"] and row["专业课程"], row)
    # answers read as the learner's paper showed them: letters, not option ids; no column per bank question
    Figures.check(row["各题作答"] == STATE["answers_shown"], (row["各题作答"][:300], STATE["answers_shown"][:300]))
    from xmodule.modulestore.django import modulestore

    exam = modulestore().get_item(EXAM)
    Figures.check(not set(row) & {question.id for _p, _pool, question in exam.paper.questions()}, list(row))
    Figures.check(len(row) < 40, list(row))


def test_the_problem_response_report_reads_the_gate_and_form_as_their_exports(people):
    """The gate's and the form's report columns beside the exam's: translated headers, labels not codes."""
    status, text = _instructor_api(client_for(people["instructor"]), "get_problem_responses",
                                   {"problem_location": f"{GATE},{FORM}"})
    Figures.check(status == 200, text)
    rows = [r for r in _report_rows("student_state_from_multiple_blocks") if r.get("username") == "journey_learner"]
    by_block = {row["block_key"].rsplit("@", 1)[-1]: row for row in rows}  # the gate's report holds its exam too
    Figures.check(set(by_block) == {"exam_gate", "final_exam", "application"}, rows)
    gate, form = by_block["exam_gate"], by_block["application"]
    Figures.check(gate["状态"] == "已开放" and gate["要求学时"] == "40.00" and gate["报名"] == "审核通过", gate)
    Figures.check(form["状态"] == "审核通过" and form["报名编号"].startswith("CRS101-") and "*" in form["证件号码"], form)
    platform_columns = {"username", "title", "location", "block_key", "state"}
    Figures.check(all(not header.isascii() for header in set(rows[0]) - platform_columns), list(rows[0]))


def test_instructor_dashboard_override_rescore_reset_and_delete(people):
    instructor, learner = client_for(people["instructor"]), client_for(people["learner"])
    expected = _exam_score(people["learner"])[0]
    target = {"problem_to_reset": str(EXAM), "unique_student_identifier": "journey_learner"}

    status, text = _instructor_api(instructor, "override_problem_score", target | {"score": "95"})
    Figures.check(status == 200, text)
    Figures.check(_exam_score(people["learner"])[:2] == (95, 100), _exam_score(people["learner"])[:2])

    status, text = _instructor_api(instructor, "rescore_problem", target | {"only_if_higher": "true"})
    Figures.check(status == 200, text)
    Figures.check(_exam_score(people["learner"])[0] == 95)  # the exam's own score is lower: kept
    status, text = _instructor_api(instructor, "rescore_problem", target | {"only_if_higher": "false"})
    Figures.check(status == 200, text)
    Figures.check(_exam_score(people["learner"])[0] == expected, (_exam_score(people["learner"]), expected))

    status, state = call(learner, EXAM, "exam_state", method="get")
    Figures.check(state["can_start"] is False and state["attempts_used"] == 1, state)
    status, text = _instructor_api(instructor, "reset_student_attempts", target | {"delete_module": "false"})
    Figures.check(status == 200, text)
    status, state = call(learner, EXAM, "exam_state", method="get")
    Figures.check(state["can_start"] is True and state["attempts_used"] == 0, state)  # the attempt given back
    Figures.check(_exam_score(people["learner"])[0] == expected)  # and the grade kept

    status, text = _instructor_api(instructor, "reset_student_attempts", target | {"delete_module": "true"})
    Figures.check(status == 200, text)
    from carbon_common.models import ExamAttempt

    statuses = set(ExamAttempt.objects.filter(user=people["learner"], usage_key=str(EXAM))
                   .values_list("status", flat=True))
    Figures.check(statuses == {"reset"}, statuses)
    Figures.check(_exam_score(people["learner"])[0] == 0, _exam_score(people["learner"]))
    status, state = call(learner, EXAM, "exam_state", method="get")
    Figures.check(state["can_start"] is True and state["status"] == "not_started", state)


def test_masquerading_staff_write_nothing(people):
    from carbon_common.models import ExamAttempt

    staff = client_for(people["staff"])
    Figures.requests += 1
    response = staff.post(f"/courses/{course_key()}/masquerade", json.dumps({"role": "student",
                                                                             "user_name": "journey_learner"}),
                          content_type="application/json")
    Figures.check(response.status_code == 200, response.content[:300])
    before = ExamAttempt.objects.filter(user=people["learner"]).count()
    status, body = call(staff, EXAM, "start_exam", {})
    Figures.check(status == 403 and body["error"]["code"] == "masquerade", body)  # the learner could start
    status, body = call(staff, FORM, "save_application", APPLICATION | {"employer": "别的公司"})
    Figures.check(status == 403 and body["error"]["code"] == "masquerade", body)
    Figures.check(ExamAttempt.objects.filter(user=people["learner"]).count() == before)
    status, state = call(client_for(people["learner"]), FORM, "application_state", method="get")
    Figures.check(state["answers"]["employer"] == APPLICATION["employer"], state["answers"])
    Figures.requests += 1
    staff.post(f"/courses/{course_key()}/masquerade", json.dumps({"role": "staff"}), content_type="application/json")
