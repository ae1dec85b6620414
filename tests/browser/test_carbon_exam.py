"""A learner takes the exam with the keyboard alone; the page never holds the answer key; axe finds no
serious or critical violation."""
import pytest

from tests.browser.conftest import axe_violations, open_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRETS = ("SECRET-EXPLANATION", "SECRET-REFERENCE", "SECRET-RUBRIC", "correct=", '"correct"', "活动水平")


def test_learner_takes_the_exam_by_keyboard(exam_course, page):
    from carbon_common.models import ExamAttempt

    exam = open_exam(page, exam_course)

    start = exam.get_by_role("button", name="开始考试")
    start.focus()
    page.keyboard.press("Enter")
    confirm = exam.locator("dialog.ce-start-dialog")  # the timer starts only once the learner confirms
    assert "60 分钟的计时将立即开始" in confirm.inner_text()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    exam.locator(".ce-question").first.wait_for()
    assert exam.locator(".ce-timer").inner_text().startswith(("59:", "60:"))
    assert axe_violations(page) == []

    questions = exam.locator(".ce-question")
    assert questions.count() == 4
    for index in range(questions.count()):
        question = questions.nth(index)
        text_box = question.locator("textarea")
        if text_box.count():
            text_box.focus()
            page.keyboard.type("排放量等于活动数据乘以排放因子")
        else:
            question.locator("input").first.focus()
            page.keyboard.press("Space")
    exam.locator(".ce-flag").first.focus()
    page.keyboard.press("Enter")
    assert exam.locator(".ce-flag").first.get_attribute("aria-pressed") == "true"
    assert exam.locator(".ce-progress-label").inner_text() == "已答 4 / 4 题"
    exam.locator(".ce-status", has_text="答案已全部保存").wait_for()

    html = page.content()
    for secret in SECRETS:
        assert secret not in html

    page.reload()  # a reload resumes the same paper with every saved answer
    exam.locator(".ce-question").first.wait_for()
    assert exam.locator(".ce-progress-label").inner_text() == "已答 4 / 4 题"

    exam.get_by_role("button", name="交卷").focus()
    page.keyboard.press("Enter")
    dialog = exam.locator("dialog")
    assert "您已回答全部题目" in dialog.inner_text()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    exam.locator(".ce-review").wait_for()
    assert "评阅中：1 道简答题" in exam.inner_text() and "考试结果尚未确定" in exam.inner_text()
    attempt = ExamAttempt.objects.get(user__username="learner_new")
    assert attempt.status == "submitted" and attempt.pending and len(attempt.answers) == 4
    assert len(attempt.flags) == 1
    assert axe_violations(page) == []


def test_countdown_announces_the_last_minute_and_time_out_submits(exam_course, page):
    from datetime import timedelta

    from django.utils import timezone

    from carbon_common.models import ExamAttempt

    exam = open_exam(page, exam_course)
    exam.get_by_role("button", name="开始考试").click()
    exam.get_by_role("button", name="开始作答").click()
    exam.locator(".ce-question").first.locator("input").first.check()
    exam.locator(".ce-status", has_text="答案已全部保存").wait_for()

    ExamAttempt.objects.update(deadline=timezone.now() + timedelta(seconds=62))
    page.reload()
    exam.locator(".ce-status", has_text="还剩 1 分钟。").wait_for(timeout=10000)
    assert exam.locator("[role=timer]").count() == 1

    ExamAttempt.objects.update(deadline=timezone.now() + timedelta(seconds=2))
    page.reload()
    exam.locator(".ce-review").wait_for(timeout=10000)
    attempt = ExamAttempt.objects.get()
    assert (attempt.status, attempt.submit_reason, len(attempt.answers)) == ("submitted", "timeout", 1)
