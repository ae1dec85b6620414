"""An author puts two questions in one exclusion group in the Studio editor and saves: the paper keeps the
group; a group of one question is named as a problem. studio_view on devsite's Studio page."""
import pytest

from tests.browser.conftest import axe_violations, open_exam_studio, saved_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUPS = "互斥组（同组题目不会出现在同一份试卷中；多个组名用空格分隔）"
AS_OF = "答案核对日期（年-月，如 2026-01；用于可能随政策变化的答案）"


def test_author_groups_two_questions_and_saves(exam_course, page):
    course = exam_course
    studio = open_exam_studio(page, course)
    studio.locator(".cest-problems", has_text="未发现问题").wait_for()
    questions = studio.locator("details.cest-question")
    first, second = questions.nth(0), questions.nth(1)
    first.locator("summary").click()
    first.get_by_label(GROUPS).fill("pair-1")
    first.get_by_label(AS_OF).fill("2026-01")
    # One question alone in a group excludes nothing: the live check says so.
    studio.locator(".cest-problems", has_text="pair-1").wait_for()
    second.locator("summary").click()
    second.get_by_label(GROUPS).fill("pair-1")
    studio.locator(".cest-problems", has_text="未发现问题").wait_for()
    assert axe_violations(page) == []
    studio.get_by_role("button", name="保存", exact=True).click()
    studio.locator(".cest-save-status", has_text="已保存").wait_for()
    block = saved_exam(course)
    grouped = [q for _, _, q in block.paper.questions() if q.exclude]
    assert [(q.exclude, q.as_of) for q in grouped] == [(["pair-1"], "2026-01"), (["pair-1"], "")]
    assert 'exclude="pair-1" as_of="2026-01"' in block.questions_xml
