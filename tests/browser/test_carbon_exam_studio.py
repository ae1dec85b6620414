"""An author edits the paper in the structured Studio editor: adds a question, marks its correct option,
moves it up with the keyboard and saves; a paper that cannot be drawn is refused; axe finds no serious or
critical violation. studio_view is rendered on devsite's Studio page (devsite.lms.views.studio_page)."""
import pytest

from tests.browser.conftest import axe_violations, open_exam_studio, saved_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_label(page):
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_author_adds_reorders_and_saves_a_question(exam_course, page):
    course = exam_course
    studio = open_exam_studio(page, course)
    total = studio.locator(".cest-total")
    total.filter(has_text="两者一致").wait_for()
    assert total.inner_text() == "抽题总分 100，试卷总分 100；两者一致。"
    studio.locator(".cest-problems", has_text="未发现问题").wait_for()

    # Add a question to the first pool with the keyboard: focus lands in the new question's text.
    studio.get_by_role("button", name="添加题目：题库 1 (t-single)").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("全国碳市场首批纳入的行业是？")
    new = studio.locator("details.cest-question[open]")
    assert "t-single-1" in new.locator("summary").inner_text()
    for n, text in enumerate(["钢铁", "发电", "水泥", "航空"], 1):
        new.get_by_label(f"选项 {n} 的内容").fill(text)
    new.get_by_label("选项 2 为正确答案").focus()
    page.keyboard.press("Space")
    assert new.get_by_label("选项 2 为正确答案").is_checked()
    assert "共 4 道题；抽 2 道 × 20 分 = 40 分" in studio.locator(".cest-pool").first.inner_text()

    # Options move too: "发电" (option 2, correct) goes down by keyboard; focus follows, the move is announced.
    new.get_by_role("button", name="下移：选项 2").focus()
    page.keyboard.press("Enter")
    assert focused_label(page) == "下移：选项 3"
    assert "已将选项 2移到第 3 位。" in studio.locator(".cest-save-status").inner_text()
    assert new.get_by_label("选项 3 的内容").input_value() == "发电" and new.get_by_label("选项 3 为正确答案").is_checked()
    assert new.get_by_role("button", name="上移：选项 1").is_disabled()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # "上移：选项 3" puts it back
    assert focused_label(page) == "上移：选项 2"
    assert new.get_by_label("选项 2 的内容").input_value() == "发电"

    # Enter in a one-line field does not submit (save) the whole form.
    new.get_by_label("选项 4 的内容").focus()
    page.keyboard.press("Enter")
    assert studio.locator(".cest-save-status").inner_text() == "已将选项 3移到第 2 位。"  # no "正在保存…"
    assert page.evaluate("document.activeElement.value") == "航空"

    # Move it to the top of its pool; focus follows the moved question's buttons.
    studio.get_by_role("button", name="上移：题库 t-single 的第 4 题").focus()
    page.keyboard.press("Enter")
    assert focused_label(page) == "上移：题库 t-single 的第 3 题"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert focused_label(page) == "下移：题库 t-single 的第 1 题"
    assert "已将题库 t-single 的第 2 题移到第 1 位。" in studio.locator(".cest-save-status").inner_text()
    first_pool = studio.locator(".cest-pool").first
    assert "t-single-1" in first_pool.locator("details.cest-question > summary").first.inner_text()
    studio.locator(".cest-problems", has_text="未发现问题").wait_for()
    assert axe_violations(page) == []

    # A new part with a short-answer pool shows rubric fields; deleting the part puts everything back.
    studio.get_by_role("button", name="添加部分").click()
    assert page.evaluate("document.activeElement.value") == "part-1"
    new_part = studio.locator(".cest-part").nth(2)
    new_part.get_by_role("button", name="添加题库：第 3 部分").click()
    new_part.get_by_label("题型").select_option("short")
    new_part.get_by_label("每题分值").fill("5")
    new_part.get_by_role("button", name="添加题目：题库 1 (part-1-pool-1)").click()
    assert new_part.get_by_label("评分要点 1 的分值").input_value() == "5"
    new_part.get_by_label("评分要点 1 的关键词（同义词用 | 分隔）").fill("活动数据 | 活动水平")
    assert "评分要点合计 5 分，题库每题 5 分。" in new_part.inner_text()
    assert "两者必须一致才能保存" in total.inner_text() and "抽题总分 105" in total.inner_text()
    assert axe_violations(page) == []
    new_part.get_by_role("button", name="删除：第 3 部分").focus()
    page.keyboard.press("Enter")
    assert studio.locator(".cest-part").count() == 2
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "删除：第 2 部分"
    assert "两者一致" in total.inner_text()

    # A draw the pool cannot give is refused, with the problem named; nothing is saved.
    draw = first_pool.get_by_label("抽题数量")
    draw.fill("9")
    assert "两者必须一致才能保存" in total.inner_text()
    studio.get_by_role("button", name="保存", exact=True).click()
    studio.locator(".cest-save-status", has_text="未保存").wait_for()
    assert "题库“t-single”要抽取 9 道题，但只有 4 道。" in studio.locator(".cest-problems").inner_text()
    assert "t-single-1" not in saved_exam(course).questions_xml

    draw.fill("2")
    studio.get_by_role("button", name="保存", exact=True).focus()
    page.keyboard.press("Enter")
    studio.locator(".cest-save-status", has_text="已保存").wait_for()
    paper = saved_exam(course).paper
    pool = paper.parts[0].pools[0]
    assert [q.id for q in pool.questions] == ["t-single-1", "s1", "s2", "s3"]
    assert pool.questions[0].stem == "全国碳市场首批纳入的行业是？"
    assert pool.questions[0].correct_option_ids() == ["B"]
    assert "t-single-1" in studio.locator("textarea[name=questions_xml]").input_value()
    # The import form offers the saved paper's pools, updated after the save.
    pools = studio.locator(".cest-import select[name=pool] option")
    assert pools.evaluate_all("os => os.map(o => o.value)") == ["t-single", "t-multi", "p-short"]
    assert pools.first.inner_text() == "基础理论 › t-single：单项选择题，4 道题"
    assert axe_violations(page) == []
