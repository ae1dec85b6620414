"""Staff grade a short answer per rubric point, with a comment, using only the keyboard in the instructor
dashboard's grading queue; the learner's score reaches the gradebook; axe finds no serious or critical
violation (queue, submissions table and score distribution on the page)."""
import pytest

from tests.browser.conftest import axe_violations, sign_in, unit_url
from tests.integration.helpers import body, client_for, post_json

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWERS = {"s1": ["B"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"]}


def sit_exam(user, key):
    client = client_for(user)
    attempt = body(post_json(client, key, "start_exam", {}))["attempt"]
    answers = {q["id"]: ANSWERS.get(q["id"], "排放量等于活动数据乘以排放因子")
               for part in attempt["paper"]["parts"] for q in part["questions"]}
    assert post_json(client, key, "submit_exam", {"session": attempt["session"], "answers": answers}).status_code == 200


def test_staff_grade_a_short_answer_by_keyboard_and_the_grade_reaches_the_gradebook(exam_course, page):
    from django.contrib.auth import get_user_model

    from carbon_common.models import ExamAttempt
    from devsite.lms.models import Score

    course = exam_course
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    learner = get_user_model().objects.get(username="learner_new")
    sit_exam(learner, key)
    assert not Score.objects.filter(user=learner, usage_key=str(key)).exists()  # pending until graded

    sign_in(page, "staff")
    page.goto(unit_url(page, course, "final-unit"))  # staff tools live inside the exam, as in the real LMS
    panel = page.locator(".carbon-exam-staff").filter(has_text="结业考试")
    form = panel.locator("form.ces-grade").first
    form.wait_for()
    assert "learner_new" in form.inner_text() and "待评" in form.inner_text()
    assert "命中：活动数据" in form.inner_text()  # keyword hits are shown
    assert "learner_new · 第 1 次作答" in panel.locator(".ces-pending-list").inner_text()
    assert axe_violations(page) == []

    # Keyboard only: into the first rubric point, then Tab through the form.
    form.locator("input[type=number]").first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("15")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("活动数据的来源没有说明。")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "保存评分"
    page.keyboard.press("Enter")
    panel.locator(".ces-status", has_text="已保存").wait_for()
    panel.locator(".ces-pass-rate", has_text="及格率：1 名学员中 1 名及格（100%）。").wait_for()

    attempt = ExamAttempt.objects.get(user=learner)
    assert [float(p) for p in attempt.staff_grades["q1"]["points"]] == [15.0, 20.0]
    assert attempt.staff_grades["q1"]["comment"] == "活动数据的来源没有说明。"
    assert (attempt.pending, attempt.passed, float(attempt.earned)) == (False, True, 88.33)
    score = Score.objects.get(user=learner, usage_key=str(key))
    assert (score.earned, score.possible) == (88, 100)  # whole points of the paper, as the gradebook shows

    page.goto(f"{page.base_url}/courses/{course.course_key}/instructor/")  # its gradebook shows the grade
    row = page.locator("table.grades tr", has_text="learner_new")
    assert row.count() == 1 and "0.88" in row.locator("td").nth(1).inner_text()
    assert axe_violations(page) == []
