"""The OLX course: files parse, pointers resolve, the frame, the lessons and the exam gate are complete.

Run from the repository root: ``.venv/bin/python -m pytest tests/course_content``.
"""
import json
import re

import pytest
from lxml import etree

from course_content.tools import COURSE_DIR, course_tree

HAN = re.compile(r"[\u4e00-\u9fff]")
EXPECTED_SECTIONS = list(course_tree.SECTIONS)


def xml_files():
    return sorted(path for path in COURSE_DIR.rglob("*.xml")
                  if "static" not in path.relative_to(COURSE_DIR).parts)


@pytest.mark.parametrize("path", xml_files(), ids=lambda p: str(p.relative_to(COURSE_DIR)))
def test_every_xml_file_parses(path):
    etree.parse(str(path))


def test_every_pointer_resolves_to_a_file():
    missing = []
    list(course_tree.walk(missing=missing))
    assert missing == []


def test_every_block_file_is_used():
    used = {block.path.resolve() for block in course_tree.walk(missing=[]) if block.path}
    folders = ("chapter", "sequential", "vertical", "video", "html", "carbon_exam", "hours_gate",
               "eligibility_form")
    unused = [str(path.relative_to(COURSE_DIR)) for folder in folders
              for path in sorted((COURSE_DIR / folder).glob("*.xml")) if path.resolve() not in used]
    assert unused == []


def test_html_pointers_have_their_html_file():
    missing = []
    for block in course_tree.walk(missing=[]):
        if block.block_type == "html":
            filename = block.element.get("filename")
            if not filename or not (COURSE_DIR / "html" / f"{filename}.html").is_file():
                missing.append(block.url_name)
    assert missing == []


def test_course_frame():
    root = course_tree.parse(COURSE_DIR / "course.xml")
    assert dict(root.attrib) == {"url_name": "2026", "org": "CECA", "course": "CRS101"}
    course = course_tree.course()
    assert course.element.get("display_name") == "碳减排领域专业技能岗位人才培训"
    assert course.element.get("language") == "zh-cn"
    assert course.element.get("start")
    assert [child.get("url_name") for child in course.children()] == EXPECTED_SECTIONS
    assert all(course_tree.is_pointer(child) and child.tag == "chapter" for child in course.children())


def test_policies():
    policy = json.loads((COURSE_DIR / "policies/2026/policy.json").read_text(encoding="utf-8"))
    settings = policy["course/2026"]
    assert settings["advanced_modules"] == ["carbon_exam", "hours_gate", "eligibility_form"]
    assert (COURSE_DIR / "static" / settings["course_image"]).is_file()
    grading = json.loads((COURSE_DIR / "policies/2026/grading_policy.json").read_text(encoding="utf-8"))
    assert grading["GRADER"] == [{"type": "期末考试", "short_label": "考试", "min_count": 1,
                                  "drop_count": 0, "weight": 1.0}]
    assert grading["GRADE_CUTOFFS"] == {"Pass": 0.6}
    assert json.loads((COURSE_DIR / "policies/assets.json").read_text(encoding="utf-8")) == {}


def test_about_pages_cover_the_notice():
    overview = (COURSE_DIR / "about/overview.html").read_text(encoding="utf-8")
    for fact in ("中节协〔2024〕3号", "1月、3月、5月、7月、9月、11月", "100分", "60分", "单项选择题",
                 "多项选择题", "简答题", "《基础理论》", "《专业课程》", "二寸免冠蓝底彩色电子版照片",
                 "报名审核表", "学位证", "工作证明"):
        assert fact in overview, fact
    conditions = etree.fromstring(overview.encode(), etree.HTMLParser()).xpath(
        "//section[@class='prerequisites']/ol/li")
    assert len(conditions) == 6
    for name in ("short_description.html", "effort.html"):
        assert (COURSE_DIR / "about" / name).read_text(encoding="utf-8").strip()
    assert (COURSE_DIR / "info/updates.html").is_file()


def test_apply_section_holds_the_application_form():
    chapter = course_tree.load("chapter", "apply")
    sequential = course_tree.resolve(chapter.children()[0])
    assert sequential.url_name == "apply-form"
    vertical = course_tree.resolve(sequential.children()[0])
    form = course_tree.resolve(vertical.children()[0])
    assert (form.block_type, form.url_name) == ("eligibility_form", "application")
    assert form.element.get("display_name") == "报名申请"


def test_exam_section_is_the_graded_gate_around_the_final_exam():
    chapter = course_tree.load("chapter", "exam")
    sequential = course_tree.resolve(chapter.children()[0])
    assert sequential.url_name == "exam-final"
    assert sequential.element.get("graded") == "true"
    grader_types = [entry["type"] for entry in json.loads(
        (COURSE_DIR / "policies/2026/grading_policy.json").read_text(encoding="utf-8"))["GRADER"]]
    assert sequential.element.get("format") in grader_types
    vertical = course_tree.resolve(sequential.children()[0])
    gate = course_tree.resolve(vertical.children()[0])
    assert (gate.block_type, gate.url_name) == ("hours_gate", "exam_gate")
    assert gate.element.get("required_hours") == "40"
    assert gate.element.get("minutes_per_hour") == "45"
    assert gate.element.get("require_application") == "true"
    assert (COURSE_DIR / "eligibility_form" / f"{gate.element.get('application_url_name')}.xml").is_file()
    exams = [child for child in gate.children() if child.tag == "carbon_exam"]
    assert [course_tree.is_pointer(e) and e.get("url_name") for e in exams] == ["final_exam"]


def test_gate_credits_every_lesson_once_and_more_than_required():
    gate = course_tree.load("hours_gate", "exam_gate")
    credits = [child for child in gate.children() if child.tag == "credit"]
    credited = [(c.get("block_type"), c.get("url_name")) for c in credits]
    lessons = [("sequential", block.url_name) for _slug, block in course_tree.lessons()]
    assert sorted(credited) == sorted(lessons)
    assert len(set(credited)) == len(credited)
    for block_type, url_name in credited:
        assert (COURSE_DIR / block_type / f"{url_name}.xml").is_file(), url_name
    available = sum(float(c.get("hours")) for c in credits)
    assert available > float(gate.element.get("required_hours"))


@pytest.mark.parametrize("slug", course_tree.TEACHING_SECTIONS)
def test_teaching_section_has_numbered_lessons(slug):
    chapter = course_tree.load("chapter", slug)
    names = [child.get("url_name") for child in chapter.children()]
    assert len(names) >= 3
    assert names == [f"{slug}-lesson-{n}" for n in range(1, len(names) + 1)]
    assert chapter.element.get("display_name")


def lesson_ids():
    return [block.url_name for _slug, block in course_tree.lessons()]


@pytest.mark.parametrize("lesson", lesson_ids())
def test_every_lesson_has_video_reading_and_practice(lesson):
    n = int(lesson.rsplit("-", 1)[1])
    sequential = course_tree.load("sequential", lesson)
    assert sequential.element.get("display_name", "").startswith(f"第{n}讲")
    assert [c.get("url_name") for c in sequential.children()] == [f"{lesson}-unit"]
    vertical = course_tree.resolve(sequential.children()[0])
    assert [(c.tag, c.get("url_name")) for c in vertical.children()] == [
        ("video", f"{lesson}-video"), ("html", f"{lesson}-reading"), ("carbon_exam", f"{lesson}-practice")]

    video = course_tree.load("video", f"{lesson}-video").element
    assert re.fullmatch(rf"第{n}讲 .+（视频）", video.get("display_name", ""))
    assert video.get("download_video") == "false"
    assert video.findall("source") or video.get("edx_video_id") or video.get("youtube_id_1_0")

    reading = course_tree.load("html", f"{lesson}-reading").element
    assert reading.get("filename") == f"{lesson}-reading"
    assert reading.get("display_name") == "阅读材料"
    html = (COURSE_DIR / "html" / f"{lesson}-reading.html").read_text(encoding="utf-8")
    assert "<h3>" in html and "本讲要点" in html and ("<ul>" in html or "<ol>" in html)
    assert 500 <= len(HAN.findall(html)) <= 1000, f"{len(HAN.findall(html))} Chinese characters"

    practice = course_tree.load("carbon_exam", f"{lesson}-practice").element
    assert practice.get("mode") == "practice"
    assert (practice.get("total_points"), practice.get("pass_mark")) == ("3", "2")
    pools = practice.findall("part/pool")
    assert len(practice.findall("part")) == 1 and len(pools) == 1
    pool = pools[0]
    assert (pool.get("type"), pool.get("draw"), pool.get("points")) == ("single", "3", "1")
    questions = pool.findall("question")
    assert len(questions) == 3
    for k, question in enumerate(questions, 1):
        assert re.fullmatch(rf"[a-z]+-l{n}-p{k}", question.get("id")), question.get("id")
        assert [o.get("id") for o in question.findall("option")] == ["A", "B", "C", "D"]
        assert len([o for o in question.findall("option") if o.get("correct") == "true"]) == 1
        for tag in ("stem", "explanation", "source"):
            assert (question.findtext(tag) or "").strip(), (question.get("id"), tag)


def test_lesson_readings_are_semantic_html():
    banned = re.compile(r"<(font|center|marquee|script|style)\b|\sstyle=|\sonclick=", re.I)
    offenders = [path.name for path in sorted((COURSE_DIR / "html").glob("*.html"))
                 if banned.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
