"""The packed course arrives whole through the platform's own importer, and survives export -> import."""
from xmodule.modulestore.django import modulestore

from tests_platform.common import Figures


def _blocks(course_key, block_type):
    return modulestore().get_items(course_key, qualifiers={"category": block_type})


def test_every_exam_arrives_with_its_paper(course):
    exams = _blocks(course.id, "carbon_exam")
    Figures.check(len(exams) == 32, f"{len(exams)} exams")
    for exam in exams:
        Figures.check(exam.paper.parts, f"{exam.location} has no paper")
        Figures.check(not exam.blocking_problems(), exam.location)
    final = [e for e in exams if e.location.block_id == "final_exam"]
    Figures.check(len(final) == 1 and final[0].mode == "exam" and final[0].max_attempts == 1)


def test_gate_arrives_with_credits_child_and_application(course):
    (gate,) = _blocks(course.id, "hours_gate")
    Figures.check(len(gate.credits) >= 30, gate.credits)
    Figures.check(gate.require_application is True)
    Figures.check([c.block_type for c in gate.children] == ["carbon_exam"], gate.children)
    Figures.check(gate.required_hours == "40", gate.required_hours)


def test_form_arrives_with_its_settings(course):
    (form,) = _blocks(course.id, "eligibility_form")
    Figures.check(form.location.block_id == "application")
    Figures.check(form.display_name != "Application" and form.related_majors, (form.display_name, form.related_majors))
