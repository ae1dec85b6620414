"""Issue 5's walk on the real course: a demo learner goes from the course home through a lesson of 基础理论
(video, reading, practice check) to the 考试 unit, where the hours gate keeps the exam locked and shows the
progress; a learner who met the hours and was approved sees the exam's start screen. axe finds no serious or
critical violation on any page visited."""
import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESSON = "basic-theory-lesson-1"
LESSON_TITLE = "第1讲 气候变化与温室气体基础"


def completion(course, user, block_type, block_id):
    from completion.models import BlockCompletion

    found = BlockCompletion.objects.filter(
        user=user, context_key=course.course_key, block_key=course.course_key.make_usage_key(block_type, block_id))
    return found.first().completion if found.exists() else None


def assert_accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


def test_learner_walks_a_lesson_to_the_locked_exam(real_course, page, settings):
    from django.contrib.auth import get_user_model

    settings.COMPLETION_BY_VIEWING_DELAY_MS = 300
    call_command("devsite_setup")
    learner = get_user_model().objects.get(username="learner_new")
    sign_in(page, "learner_new")

    # The course home: every section of the programme, in order, with its lessons.
    assert page.get_by_role("heading", level=1).inner_text() == "碳减排领域专业技能岗位人才培训"
    theory = page.locator("section.chapter", has=page.get_by_role("heading", name="基础理论", exact=True))
    assert theory.get_by_role("link").count() >= 4
    for section in ("报名", "基础理论", "碳排放管理专业技能", "碳评估专业技能", "考试"):
        assert page.get_by_role("heading", name=section, exact=True).count() == 1
    assert_accessible(page, "course home")
    theory.get_by_role("link", name=LESSON_TITLE).click()
    page.wait_for_load_state()

    # The lesson's unit: video, reading and practice check, in that order.
    assert page.get_by_role("heading", level=1).inner_text() == "气候变化与温室气体基础"
    assert page.locator("nav.outline [aria-current=page]").inner_text().startswith(LESSON_TITLE)
    types = page.eval_on_selector_all(".unit .vert > .xblock", "els => els.map(e => e.dataset.blockType)")
    assert types == ["video", "html", "carbon_exam"]

    # Video: play it, seek to the end; the player publishes completion at 95%.
    page.eval_on_selector("video", "v => { v.muted = true; v.play().catch(() => {}); }")  # never await play()
    page.wait_for_function("document.querySelector('video').duration > 0")
    page.eval_on_selector("video", "v => { v.currentTime = v.duration * 0.97; }")
    page.wait_for_selector(".xblock[data-block-type=video][data-complete=true]", state="attached")
    assert completion(real_course, learner, "video", f"{LESSON}-video") == 1.0

    # Reading: completed once it has been in view for the delay.
    reading = page.locator(".html-reading")
    assert "温室效应" in reading.inner_text()
    reading.scroll_into_view_if_needed()
    page.wait_for_selector("[data-completed-on-view=true]", state="attached")
    assert completion(real_course, learner, "html", f"{LESSON}-reading") == 1.0

    # Practice check: answer every question, submit, and read the explanations.
    practice = page.locator(".carbon-exam")
    assert completion(real_course, learner, "carbon_exam", f"{LESSON}-practice") in (None, 0.0)
    practice.get_by_role("button", name="开始练习").click()
    questions = practice.locator(".ce-question")
    questions.first.wait_for()
    assert questions.count() == 3
    assert_accessible(page, "practice in progress")
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").nth(index % 2).check()
    practice.locator(".ce-progress-label", has_text="已答 3 / 3 题").wait_for()
    assert practice.locator(".ce-flag").count() == 0  # practice: no flags for review, no exam wording
    practice.get_by_role("button", name="提交答案").click()  # submits at once, no confirmation dialog
    review = practice.locator(".ce-review")
    review.wait_for()
    assert practice.locator("dialog").count() == 0
    text = review.inner_text()
    assert "练习结果" in text and "考试结果" not in text
    assert "得分" in text and text.count("解析：") == 3 and text.count("正确答案：") == 3
    assert text.count("您的答案：") == 3 and text.count("（您的选择）") == 3
    assert review.locator(".ce-review-question .ce-stem").count() == 3
    assert practice.get_by_role("button", name="重新作答").is_visible()
    assert completion(real_course, learner, "carbon_exam", f"{LESSON}-practice") == 1.0
    assert_accessible(page, "lesson unit after the practice check")

    # The outline now shows the lesson complete; go to the exam section from it.
    page.reload()
    current = page.locator("nav.outline [aria-current=page]")
    assert "3/3" in current.locator("xpath=..").inner_text()
    outline = page.locator("nav.outline")
    assert outline.get_by_role("link", name="结业考试").is_hidden()  # other sections are folded
    outline.locator("summary", has_text="考试").click()
    outline.get_by_role("link", name="结业考试").click()
    page.wait_for_load_state()

    # The exam unit: locked by the hours gate, with the progress and what is missing.
    assert page.get_by_role("heading", level=1).inner_text() == "结业考试"
    # The gate counts the study ledger (verified mode): the answered practice check is a third of the lesson's
    # 2 hours; the video seeked to its end earns only the seconds played, the reading only until a next event.
    gate = page.locator(".hours-gate--locked")
    earned = float(gate.get_by_role("progressbar").first.get_attribute("aria-valuenow"))
    assert 0.66 < earned < 1
    assert f"已获 {gate.get_by_role('progressbar').first.get_attribute('aria-valuenow')} / 要求 40 学时" in gate.inner_text()
    assert "您需要提交考试报名并通过审核" in gate.inner_text()
    assert page.locator(".carbon-exam").count() == 0
    assert page.get_by_role("button", name="开始考试").count() == 0
    assert_accessible(page, "locked exam")

    # Server-side records: the three leaves of the lesson, nothing for the exam, the gate still closed.
    from completion.models import BlockCompletion

    assert {str(c.block_key) for c in BlockCompletion.objects.filter(user=learner, completion=1.0)} == {
        str(real_course.course_key.make_usage_key(t, f"{LESSON}-{n}"))
        for t, n in (("video", "video"), ("html", "reading"), ("carbon_exam", "practice"))}
    assert completion(real_course, learner, "hours_gate", "exam_gate") in (None, 0.0)


def test_ready_learner_sees_the_exam_start_screen(real_course, page):
    from carbon_common.models import ExamAttempt

    call_command("devsite_setup")
    sign_in(page, "learner_ready")
    unit = real_course.course_key.make_usage_key("vertical", "exam-final-unit")
    page.goto(f"{page.base_url}/courses/{real_course.course_key}/jump_to/{unit}/")
    assert "培训学时已达标：60 / 40" in page.locator(".hours-gate--open").inner_text()
    assert page.locator(".hours-gate--locked").count() == 0
    exam = page.locator(".carbon-exam")
    exam.get_by_role("button", name="开始考试").wait_for()
    assert "120 分钟" in exam.inner_text() and "及格分：60" in exam.inner_text()
    assert ExamAttempt.objects.count() == 0  # the start screen alone starts nothing
    assert_accessible(page, "exam start screen")
