"""What a learner reads after submitting, and the practice mode's own wording and flow, through the local LMS:
the review gives each question's stem and options with the letters the learner saw (shuffled), the learner's
choice and (only where the review options allow) the correct one; practice checks keep no flags and get their
own texts; labels are followed by a Chinese colon."""
import json
import re

import pytest

from tests.integration.helpers import EXAM_COURSE, body, client_for, post_json

FIXTURE = EXAM_COURSE
SECRETS = ("SECRET-EXPLANATION", "SECRET-REFERENCE", "SECRET-RUBRIC", '"correct": ', "rubric", "keyword",
           "correct_options", "correct_letters")

pytestmark = pytest.mark.django_db


def set_field(course, key, name, value):
    course.values[("settings", str(key), name)] = value


def init_args(html, name):
    scripts = re.findall(r'<script type="json/xblock-args"[^>]*>(.*?)</script>', html, re.S)
    return next(args for args in map(json.loads, scripts) if "texts" in args and name in args["texts"])


def test_practice_review_shows_stems_and_options_with_the_letters_the_learner_saw(course, learner):
    key = course.course_key.make_usage_key("carbon_exam", "quiz")
    client = client_for(learner)
    state = body(post_json(client, key, "start_exam", {}))
    shown = {q["id"]: q for part in state["attempt"]["paper"]["parts"] for q in part["questions"]}
    assert all("correct" not in json.dumps(q) for q in shown.values())  # no key before submitting
    done = body(post_json(client, key, "submit_exam", {"session": state["attempt"]["session"], "flags": ["quiz-1"],
                                                      "answers": {"quiz-1": ["B"], "quiz-2": ["B"]}}))
    for question in done["review"]["questions"]:
        seen = shown[question["id"]]
        assert question["stem"] == seen["stem"] and question["number"] == seen["number"]
        # The same options in the same (shuffled) order, lettered A, B, … as on the learner's page.
        assert [(o["id"], o["text"]) for o in question["options"]] == [(o["id"], o["text"]) for o in seen["options"]]
        letters = {o["id"]: "AB"[i] for i, o in enumerate(seen["options"])}
        assert [o["letter"] for o in question["options"]] == ["A", "B"]
        assert question["answer_letters"] == [letters["B"]]
        assert question["correct_letters"] == [letters[{"quiz-1": "B", "quiz-2": "A"}[question["id"]]]]
    from carbon_common.models import ExamAttempt

    assert ExamAttempt.objects.get(user=learner, usage_key=str(key)).flags == []  # practice keeps no flags


def test_exam_review_gives_correct_letters_only_where_the_options_allow(course, learner):
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    set_field(course, key, "review_after_submit", {"correctness": True})
    client = client_for(learner)
    state = body(post_json(client, key, "start_exam", {}))
    answers = {"s1": ["A"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"], "q1": "排放量等于活动数据乘以排放因子"}
    done = body(post_json(client, key, "submit_exam", {"session": state["attempt"]["session"], "answers": answers}))
    text = json.dumps(done, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    shown = {q["id"]: q for part in state["attempt"]["paper"]["parts"] for q in part["questions"]}
    for question in done["review"]["questions"]:
        if question["type"] == "short":
            assert question["answer"] == answers["q1"] and "answer_letters" not in question
            continue
        seen = [o["id"] for o in shown[question["id"]]["options"]]
        assert question["answer_letters"] == sorted(chr(65 + seen.index(i)) for i in answers[question["id"]])
        assert question["stem"] == shown[question["id"]]["stem"]


def test_practice_and_exam_pages_get_their_own_translated_texts(course, learner):
    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(course, learner)
    quiz = runtime.get_block(course.course_key.make_usage_key("carbon_exam", "quiz"))
    texts = init_args(runtime.render(quiz, "student_view", {}).body_html(), "submit_practice")["texts"]
    assert texts["submit_practice"] == "提交答案" and texts["review_practice"] == "练习结果"
    assert texts["submit"] == "交卷" and texts["review"] == "考试结果" and texts["retake"] == "重新作答"
    # Labels take a Chinese colon: "您的答案：B. 2021年7月16日", "解析：…".
    assert texts["labelled"].format(label=texts["your_answer"], value="B. 2021年7月16日") == "您的答案：B. 2021年7月16日"
    assert texts["labelled"].format(label=texts["explanation"], value="…") == "解析：…"
    assert texts["your_choice"] == "（您的选择）" and texts["correct_option"] == "（正确选项）"


def test_studio_import_form_lists_the_papers_pools(course, make_user):
    from carbon_exam.paper_json import paper_to_json
    from devsite.lms.runtime import LmsRuntime

    staff = make_user("author", course, role="staff")
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    runtime = LmsRuntime(course, staff)
    block = runtime.get_block(key)
    html = runtime.render(block, "studio_view", {}).body_html()
    select = re.search(r'<select name="pool"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', select)
    assert [value for value, _ in options] == ["t-single", "t-multi", "p-short"]
    assert options[0][1] == "基础理论 › t-single：单项选择题，3 道题"
    assert "导入到题库" in html and 'name="pool" required>' not in html  # a select, not a free-text input

    paper = paper_to_json(block.paper)
    paper["parts"][0]["pools"][0]["id"] = "t-one"  # the editor renames a pool; the form gets the saved pools
    saved = body(post_json(client_for(staff), key, "studio_submit", {"paper": paper}, studio=True))
    assert [pool["id"] for pool in saved["pools"]] == ["t-one", "t-multi", "p-short"]
