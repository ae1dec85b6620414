"""OLX through the platform's own importer and exporter: an exam with no questions yet imports (and refuses to
start), and a Studio export -> re-import of the packed course keeps every exam's paper, the gate and the form."""
import json
import tempfile
from pathlib import Path

from opaque_keys.edx.locator import CourseLocator
from xmodule.contentstore.django import contentstore
from xmodule.modulestore import ModuleStoreEnum
from xmodule.modulestore.django import modulestore
from xmodule.modulestore.xml_exporter import export_course_to_xml
from xmodule.modulestore.xml_importer import import_course_from_xml

from tests_platform.common import Figures, client_for, items_of, make_user

# What a course team exports after adding an exam in Studio and before writing its questions, and an exam whose
# paper cannot be drawn (5 questions drawn from a pool of 1; the points do not add up to the total).
UNIT = """<vertical display_name="Exams">
  <carbon_exam url_name="blank"/>
  <carbon_exam url_name="unfinished" display_name="Unfinished" total_points="100" pass_mark="60">
    <part id="p1" title="Part 1">
      <pool id="single" type="single" draw="5" points="2">
        <question id="q1"><stem>Which gas?</stem><option id="A" correct="true">CO2</option><option id="B">N2</option></question>
      </pool>
    </part>
  </carbon_exam>
</vertical>"""


def _write_tiny_course(root):
    root = Path(root)
    (root / "tiny" / "course").mkdir(parents=True)
    (root / "tiny" / "course.xml").write_text('<course url_name="run" org="CECA" course="TINY"/>', encoding="utf-8")
    (root / "tiny" / "course" / "run.xml").write_text(
        '<course display_name="Tiny"><chapter url_name="ch" display_name="Ch">'
        '<sequential url_name="seq" display_name="Seq">' + UNIT.replace("<vertical ", '<vertical url_name="u" ')
        + "</sequential></chapter></course>", encoding="utf-8")
    return root


def _import(data_dir, folder, target=None):
    courses = import_course_from_xml(modulestore(), ModuleStoreEnum.UserID.test, str(data_dir), [folder],
                                     target_id=target, create_if_not_present=True, raise_on_failure=True)
    return courses[0]


def test_exam_with_no_questions_and_an_unfinished_paper_import_and_refuse_to_start(course):
    tiny = _import(_write_tiny_course(tempfile.mkdtemp(prefix="carbon-tiny-")), "tiny")
    exams = {exam.location.block_id: exam for exam in items_of(tiny.id, "carbon_exam")}
    Figures.check(set(exams) == {"blank", "unfinished"}, f"imported exams: {sorted(exams)}")
    blank, unfinished = exams["blank"], exams["unfinished"]
    Figures.check(blank.paper.parts == [] and blank.questions_xml in ("<paper/>", "<paper></paper>"),
                  blank.questions_xml)
    Figures.check(len(unfinished.paper.parts) == 1 and unfinished.blocking_problems(),
                  "the unfinished paper is kept as written, problems and all")
    Figures.check([q.id for _part, pool in unfinished.paper.pools() for q in pool.questions] == ["q1"])
    Figures.check(unfinished.display_name == "Unfinished" and unfinished.total_points == 100)
    unit = modulestore().get_item(tiny.id.make_usage_key("vertical", "u"))
    Figures.check([c.block_id for c in unit.children] == ["blank", "unfinished"], unit.children)

    # Such an exam says it cannot start, with the paper's message (asked through Studio's preview handler, the
    # CMS runtime; starting itself is refused in Studio whatever the paper, and nothing is written).
    from carbon_common.models.exam import ExamAttempt

    author = client_for(make_user("tiny_author", tiny.id, role="staff"))
    before = ExamAttempt.objects.count()
    for exam in (blank, unfinished):
        Figures.requests += 1
        response = author.get(f"/preview/xblock/{exam.location}/handler/exam_state")
        Figures.check(response.status_code == 200, (exam.location, response.status_code, response.content[:300]))
        state = response.json()
        Figures.check(state["can_start"] is False and state["refusal_code"] == "paper_invalid" and state["refusal"],
                      state)
        Figures.requests += 1
        response = author.post(f"/preview/xblock/{exam.location}/handler/start_exam",
                               data=json.dumps({"take_over": False, "session": "s1"}),
                               content_type="application/json")
        Figures.check(response.status_code in (403, 409), (exam.location, response.status_code, response.content[:300]))
    Figures.check(ExamAttempt.objects.count() == before)


def _exam_state(exam):
    from carbon_exam.paper_json import paper_to_json

    return {"settings": {name: getattr(exam, name) for name in exam.SETTINGS},
            "paper": paper_to_json(exam.paper)}


def test_studio_export_then_import_keeps_every_block(course):
    export_root = Path(tempfile.mkdtemp(prefix="carbon-export-"))
    export_course_to_xml(modulestore(), contentstore(), course.id, str(export_root), "exported")
    copy_key = CourseLocator("CECA", "CRS101", "ROUNDTRIP")
    copy = _import(export_root, "exported", target=copy_key)
    Figures.check(copy.id == copy_key, copy.id)

    originals = {e.location.block_id: e for e in items_of(course.id, "carbon_exam")}
    copies = {e.location.block_id: e for e in items_of(copy_key, "carbon_exam")}
    Figures.check(set(copies) == set(originals) and len(copies) == 32, (len(copies), len(originals)))
    for block_id, original in originals.items():
        Figures.check(copies[block_id].paper.parts, f"{block_id} lost its paper")
        Figures.check(_exam_state(copies[block_id]) == _exam_state(original), f"{block_id} changed in the round trip")

    (gate,), (gate_copy,) = items_of(course.id, "hours_gate"), items_of(copy_key, "hours_gate")
    for name in ("credits", "required_hours", "minutes_per_hour", "credit_all_videos", "require_application",
                 "application_url_name", "display_name"):
        Figures.check(getattr(gate_copy, name) == getattr(gate, name), name)
    Figures.check([c.block_id for c in gate_copy.children] == [c.block_id for c in gate.children] == ["final_exam"],
                  gate_copy.children)
    Figures.check(gate_copy.require_application is True and len(gate_copy.credits) >= 30)

    (form,), (form_copy,) = items_of(course.id, "eligibility_form"), items_of(copy_key, "eligibility_form")
    for name in ("display_name", "related_majors"):
        Figures.check(getattr(form_copy, name) == getattr(form, name), name)
    Figures.check(form_copy.location.block_id == "application")
