"""When the LMS re-renders a unit, the exam block's element leaves the page: the listeners the exam added to
window and document and its timers go with it, so a removed exam neither counts focus losses nor saves."""
import pytest

from tests.browser.conftest import open_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REMOVE_UNIT = """() => {
  let node = document.querySelector('.carbon-exam');
  while (node.parentElement && node.parentElement !== document.body) { node = node.parentElement; }
  node.remove();
}"""
LEAVE_PAGE = """() => {
  window.dispatchEvent(new Event('blur'));
  window.dispatchEvent(new Event('pagehide'));
}"""


def start_exam(page, course):
    exam = open_exam(page, course)
    exam.get_by_role("button", name="开始考试").click()
    exam.get_by_role("button", name="开始作答").click()
    exam.locator(".ce-question").first.wait_for()
    return exam


def test_a_live_exam_saves_when_the_learner_leaves(exam_course, page):
    """The control: while the block is on the page, leaving it is recorded and saved."""
    from carbon_common.models import ExamAttempt

    start_exam(page, exam_course)
    with page.expect_request(lambda request: "/handler/save_answers" in request.url):
        page.evaluate(LEAVE_PAGE)
    page.wait_for_load_state("networkidle")
    assert ExamAttempt.objects.get().focus_losses == 1


def test_a_removed_exam_leaves_no_listener_or_timer_behind(exam_course, page):
    from carbon_common.models import ExamAttempt

    start_exam(page, exam_course)
    saves = []
    page.on("request", lambda request: saves.append(request.url) if "save_answers" in request.url else None)
    page.evaluate(REMOVE_UNIT)
    page.evaluate(LEAVE_PAGE)
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_timeout(1500)  # the debounced save (800 ms) would have gone by now
    assert saves == []
    assert ExamAttempt.objects.get().focus_losses == 0
