"""The learner's exam from the intro to the next step, in the block's own page (issue 12, "The exam"):
the intro says what the paper holds and the start is confirmed; the submit dialog names the questions
flagged 待复查; a submitted exam no longer talks of autosaving; a pending result says what is final, what
is being graded and that the result is not known; the grader's comment and, after a pass, the next step
are shown; a new sign-in with no other live window continues the attempt; a practice check calls itself
练习."""
from datetime import timedelta

import pytest

from tests.browser.conftest import axe_violations, open_exam, sign_in, unit_url
from tests.integration.helpers import client_for, post_json

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHOICES = {"s1": "B", "s2": "A", "s3": "B"}


def answer_every_question(exam):
    """The right option of each single choice, A and B of the multiple choice, a text for the short one."""
    for fieldset in exam.locator(".ce-question").all():
        question = fieldset.get_attribute("data-fieldset")
        if question == "q1":
            fieldset.locator("textarea").fill("排放量等于活动数据乘以排放因子")
        elif question == "m1":
            fieldset.locator("input[value=A]").check()
            fieldset.locator("input[value=B]").check()
        else:
            fieldset.locator(f"input[value={CHOICES[question]}]").check()


def test_intro_confirmed_start_flagged_submit_pending_result_comment_and_next_step(exam_course, page):
    from django.contrib.auth import get_user_model

    from carbon_common.models import ExamAttempt

    exam = open_exam(page, exam_course)
    start = exam.get_by_role("button", name="开始考试")
    start.wait_for()
    facts = exam.locator(".ce-facts").inner_text()
    for line in ("考试时长：60 分钟", "剩余作答次数：2", "共 4 题，100 分", "单项选择题：2 题，共 40 分",
                 "多项选择题：1 题，共 20 分", "简答题：1 题，共 40 分", "及格分：60"):
        assert line in facts, (line, facts)

    start.click()  # asks first: nothing starts until the learner confirms
    dialog = exam.locator("dialog.ce-start-dialog")
    assert "60 分钟的计时将立即开始" in dialog.inner_text() and "之后还剩 1 次" in dialog.inner_text()
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="暂不开始").click()
    assert exam.locator("dialog").count() == 0 and ExamAttempt.objects.count() == 0
    start.click()
    exam.get_by_role("button", name="开始作答").click()
    exam.locator(".ce-question").first.wait_for()
    assert ExamAttempt.objects.count() == 1

    answer_every_question(exam)
    exam.locator(".ce-question[data-fieldset=q1] .ce-flag").click()
    exam.locator(".ce-status", has_text="答案已全部保存").wait_for()
    exam.get_by_role("button", name="交卷").click()
    dialog = exam.locator("dialog.ce-submit-dialog")
    text = dialog.inner_text()
    assert "您已回答全部题目" in text and "仍标记为待复查的题目：4" in text
    dialog.get_by_role("button", name="确认交卷").click()

    review = exam.locator(".ce-review")
    review.wait_for()
    text = exam.inner_text()
    assert "自动保存" not in text and "重新进入即可继续" not in text  # nothing left to save or come back to
    assert "答案已提交，不能再修改。" in text
    assert "已确定得分：53.33 分（已评阅部分共 60 分）" in text  # 40 for the singles, 13.33 for 2 of 3 options
    assert "评阅中：1 道简答题，共 40 分。" in text
    assert "考试结果尚未确定：及格线为 60 分（满分 100 分）" in text
    assert "得分：53.33 / 100" not in text and "未通过" not in text and "下一步" not in text
    assert axe_violations(page) == []

    # The course team grades the short answer with a comment: the learner sees the result, the comment
    # and what comes next.
    attempt = ExamAttempt.objects.get()
    staff = client_for(get_user_model().objects.get(username="staff"))
    key = exam_course.course_key.make_usage_key("carbon_exam", "final_exam")
    graded = post_json(staff, key, "staff_grade", {"attempt": attempt.id, "question": "q1", "points": [20, 10],
                                                   "comment": "排放因子的来源没有说明。"})
    assert graded.status_code == 200, graded.content
    page.reload()
    review.wait_for()
    text = review.inner_text()
    assert "得分：83.33 / 100" in text and "已通过" in text and "评阅中" not in text
    assert "第 4 题：排放因子的来源没有说明。" in review.locator(".ce-comments").inner_text()
    next_step = review.locator(".ce-next-step").inner_text()
    assert "中国节能协会" in next_step and "评价监督" in next_step and "证书" not in next_step  # only what the notice says
    assert axe_violations(page) == []


def test_a_new_sign_in_continues_unless_another_window_is_live(exam_course, page, chromium):
    from django.utils import timezone

    from carbon_common.models import ExamAttempt

    exam = open_exam(page, exam_course)
    exam.get_by_role("button", name="开始考试").click()
    exam.get_by_role("button", name="开始作答").click()
    exam.locator(".ce-question").first.locator("input").first.check()
    exam.locator(".ce-status", has_text="答案已全部保存").wait_for()
    token = ExamAttempt.objects.get().session_token

    # Another browser (its own session storage) while the first window is live: read-only, take-over offered.
    other = chromium.new_context(locale="zh-CN")
    second = other.new_page()
    second.base_url = page.base_url
    second.set_default_timeout(15000)
    sign_in(second, "learner_new")
    second.goto(unit_url(second, exam_course, "final-unit"))
    second_exam = second.locator(".carbon-exam")
    second_exam.locator(".ce-readonly").wait_for()
    assert "考试已在另一个窗口中打开" in second_exam.inner_text()
    assert ExamAttempt.objects.get().session_token == token

    # The first window is closed and nothing has saved for longer than the lease: a new sign-in continues.
    page.close()  # its last save (pagehide) may still be on its way: let it land before the clock is moved
    second.wait_for_timeout(1000)
    ExamAttempt.objects.update(updated=timezone.now() - timedelta(minutes=5))
    other.clear_cookies()
    sign_in(second, "learner_new")
    second.goto(unit_url(second, exam_course, "final-unit"))
    second_exam.locator(".ce-question").first.wait_for()
    second_exam.locator(".ce-submit").wait_for()
    assert second_exam.locator(".ce-readonly").count() == 0
    assert second_exam.locator(".ce-question").first.locator("input").first.is_enabled()
    assert second_exam.locator(".ce-progress-label").inner_text() == "已答 1 / 4 题"  # the saved answer is there
    assert ExamAttempt.objects.get().session_token != token
    other.close()


def test_a_practice_check_open_elsewhere_calls_itself_practice(exam_course, page):
    from carbon_common.models import ExamAttempt

    sign_in(page, "learner_new")
    page.goto(unit_url(page, exam_course, "practice-unit"))
    quiz = page.locator(".carbon-exam[data-mode=practice]")
    quiz.get_by_role("button", name="开始练习").click()  # a practice check starts without a dialog
    quiz.locator(".ce-question").first.wait_for()
    assert quiz.locator("dialog").count() == 0
    page.evaluate("window.sessionStorage.clear()")  # as if this were another window: the lease is live
    page.reload()
    quiz.locator(".ce-readonly").wait_for()
    text = quiz.locator(".ce-readonly").inner_text()
    assert "此练习已在另一个窗口中打开" in text and "考试" not in text
    assert ExamAttempt.objects.filter(status="in_progress").count() == 1
