"""The grading queue shows only pending answers by default and, after each save, moves focus to the next one;
the submissions table shows status labels, not codes."""
import pytest

from tests.browser.conftest import enrol, sign_in, unit_url
from tests.browser.test_carbon_exam_grading import sit_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def grade(form, points, comment):
    inputs = form.locator("input[type=number]")
    for i, value in enumerate(points):
        inputs.nth(i).fill(value)
    form.locator("textarea").fill(comment)
    form.locator("button[type=submit]").click()


def test_grade_two_answers_in_a_row_focus_moves_to_the_next_pending(exam_course, page):
    from django.contrib.auth import get_user_model

    from carbon_common.models import ExamAttempt

    course = exam_course
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    first = get_user_model().objects.get(username="learner_new")
    second = enrol(course, "learner_second")
    sit_exam(first, key)
    sit_exam(second, key)

    sign_in(page, "staff")
    page.goto(unit_url(page, course, "final-unit"))
    panel = page.locator(".carbon-exam-staff").filter(has_text="结业考试")
    toggle = panel.get_by_label("只看待评分的答案")
    assert toggle.is_checked()  # pending only by default
    forms = panel.locator("form.ces-grade")
    forms.first.wait_for()
    assert forms.count() == 2
    assert panel.locator(".ces-queue-count").inner_text() == "还有 2 份答案待评分"
    # Status labels, not codes; the code stays as a data attribute.
    status_cell = panel.locator(".ces-attempts td[data-status=submitted]").first
    assert status_cell.inner_text() == "已交卷"
    # Roomy, labelled inputs.
    textarea = forms.first.locator("textarea")
    assert textarea.bounding_box()["width"] >= 400 and textarea.bounding_box()["height"] >= 100
    point = forms.first.locator("input[type=number]").first
    assert "的得分（最多" in panel.locator(f"label[for='{point.get_attribute('id')}']").inner_text()

    first_key = forms.first.get_attribute("data-key")
    second_key = forms.nth(1).get_attribute("data-key")
    grade(forms.first, ["15", "20"], "第一份")
    panel.locator(".ces-status", has_text="已保存").wait_for()
    page.wait_for_function("k => !document.querySelector(`form.ces-grade[data-key='${k}']`)", arg=first_key)
    assert forms.count() == 1  # the graded answer left the pending list
    focused_form = page.evaluate("document.activeElement.closest('form.ces-grade').dataset.key")
    assert focused_form == second_key  # focus moved to the next pending answer
    assert page.evaluate("document.activeElement.type") == "number"
    assert panel.locator(".ces-queue-count").inner_text() == "还有 1 份答案待评分"

    # Keep typing where the focus is: the second answer.
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    grade(forms.first, ["10", "5"], "第二份")
    panel.locator(".ces-status", has_text="没有待评分的答案").wait_for()
    assert forms.count() == 0 and "没有待评分的答案" in panel.locator(".ces-queue").inner_text()
    assert {a.user.username: a.pending for a in ExamAttempt.objects.all()} == {"learner_new": False, "learner_second": False}
    assert [float(p) for p in ExamAttempt.objects.get(user=second).staff_grades["q1"]["points"]] == [10.0, 5.0]

    toggle.uncheck()  # every answer again, the graded ones marked
    forms.nth(1).wait_for()
    assert forms.count() == 2 and all("已评阅" in forms.nth(i).inner_text() for i in range(2))


def copies_for_new_learners(course, attempt, count):
    """`count` new learners enrolled in `course` (learner000...), each with a copy of `attempt` (submitted, pending)."""
    from django.contrib.auth import get_user_model

    from carbon_common.models import ExamAttempt
    from devsite.lms.models import CourseEnrollment

    user_model = get_user_model()
    names = [f"learner{n:03d}" for n in range(count)]
    user_model.objects.bulk_create([user_model(username=name, email=f"{name}@example.com") for name in names])
    users = list(user_model.objects.filter(username__in=names).order_by("id"))
    CourseEnrollment.objects.bulk_create([CourseEnrollment(user=user, course_id=str(course.course_key)) for user in users])
    fields = {f.attname: getattr(attempt, f.attname) for f in ExamAttempt._meta.concrete_fields
              if f.attname not in ("id", "user_id")}
    ExamAttempt.objects.bulk_create([ExamAttempt(**{**fields, "user_id": user.id}) for user in users])


def focused_heading(page):
    return page.evaluate("document.activeElement.closest('form.ces-grade').querySelector('h5').textContent")


def left(count):
    return f"还有 {count} 份答案待评分"


def test_more_than_one_page_of_pending_answers_the_count_is_exact_and_drops_by_one_per_save(exam_course, page):
    from django.contrib.auth import get_user_model

    from carbon_common.models import ExamAttempt

    course = exam_course
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    first = get_user_model().objects.get(username="learner_new")
    sit_exam(first, key)
    copies_for_new_learners(course, ExamAttempt.objects.get(user=first), 54)  # 55 attempts, one answer each

    sign_in(page, "staff")
    page.goto(unit_url(page, course, "final-unit"))
    panel = page.locator(".carbon-exam-staff").filter(has_text="结业考试")
    forms, count = panel.locator("form.ces-grade"), panel.locator(".ces-queue-count")
    forms.nth(49).wait_for()
    assert forms.count() == 50  # one page: learner_new, learner000 ... learner048
    assert count.inner_text() == left(55)  # every page's answers, not this page's
    assert "learner048" in forms.nth(49).inner_text()

    # The page's last answer: the queue slides on to learner049, first of the next 50; one answer fewer.
    grade(forms.nth(49), ["10", "10"], "")
    page.wait_for_function("() => (document.activeElement.closest('form.ces-grade') || {}).textContent"
                           "?.includes('learner049')")
    assert focused_heading(page).startswith("learner049 #1")
    assert count.inner_text() == left(54)

    # Each save where the focus went: the exact count drops by one each time.
    for expected, graded, following in ((53, "learner049", "learner050"), (52, "learner050", "learner051")):
        focused = page.evaluate("document.activeElement.closest('form.ces-grade').dataset.key")
        grade(panel.locator(f"form.ces-grade[data-key='{focused}']"), ["10", "5"], "")
        page.wait_for_function("name => (document.activeElement.closest('form.ces-grade') || {}).textContent"
                               "?.includes(name)", arg=following)
        assert count.inner_text() == left(expected)
        assert ExamAttempt.objects.get(user__username=graded).pending_answers == 0
    assert sum(ExamAttempt.objects.values_list("pending_answers", flat=True)) == 52

    # Every answer (graded ones stay): re-grading one leaves the count; saving the page's last one loads the next
    # page and focuses its first pending answer.
    panel.get_by_label("只看待评分的答案").uncheck()
    page.wait_for_function("() => document.querySelectorAll('form.ces-grade[data-pending=false]').length === 1")
    assert count.inner_text() == left(52)
    last = forms.nth(49)
    assert "learner048" in last.inner_text() and "已评阅" in last.inner_text()
    grade(last, ["12", "10"], "改分")
    page.wait_for_function("() => document.querySelectorAll('form.ces-grade').length === 5")
    assert focused_heading(page).startswith("learner051 #1")  # learner049 and learner050 are graded
    assert [forms.nth(i).locator("h5").inner_text().split(" ")[0] for i in range(5)] == [
        f"learner{n:03d}" for n in range(49, 54)]
    assert count.inner_text() == left(52)
    graded = ExamAttempt.objects.get(user__username="learner048").staff_grades["q1"]
    assert [float(p) for p in graded["points"]] == [12.0, 10.0] and graded["comment"] == "改分"
