"""Counts in the browser's texts follow the reader's language (issue 15, `ngettext` where counts appear): in English
the exam's intro reads "1 question" beside "2 questions", and the grading queue "2 answers" then "1 answer"; the
forms and the plural rule come from the server's catalogue (carbon_common.i18n js_texts, CarbonDom.ngettext)."""
import pytest

from tests.browser.conftest import enrol, open_exam, sign_in, unit_url
from tests.browser.test_carbon_exam_grading import sit_exam
from tests.browser.test_carbon_exam_grading_queue import grade

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_english(page):
    """Django's language cookie, as the page's language menu (set_language) leaves it."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])


def test_english_intro_says_1_question_and_2_questions(exam_course, page):
    exam = open_exam(page, exam_course)
    in_english(page)
    page.reload()
    exam.get_by_role("button", name="Start the exam").wait_for()
    facts = [line.strip() for line in exam.locator(".ce-facts li").all_inner_texts()]
    assert "Time limit: 60 minutes" in facts
    assert "4 questions, 100 points" in facts
    assert "Single choice: 2 questions, 40 points" in facts  # plural
    assert "Multiple choice: 1 question, 20 points" in facts  # singular
    assert "Short answer: 1 question, 40 points" in facts


def test_english_grading_queue_counts_2_answers_then_1_answer(exam_course, page):
    from django.contrib.auth import get_user_model

    course = exam_course
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    sit_exam(get_user_model().objects.get(username="learner_new"), key)
    sit_exam(enrol(course, "learner_second"), key)

    sign_in(page, "staff")
    in_english(page)
    page.goto(unit_url(page, course, "final-unit"))
    panel = page.locator(".carbon-exam-staff")
    forms = panel.locator("form.ces-grade")
    forms.nth(1).wait_for()
    count = panel.locator(".ces-queue-count")
    assert count.inner_text() == "2 answers left to grade"
    grade(forms.first, ["15", "20"], "ok")
    page.wait_for_function("() => document.querySelectorAll('form.ces-grade').length === 1")
    assert count.inner_text() == "1 answer left to grade"
    assert "Next answer: learner_second" in panel.locator(".ces-status").inner_text()
