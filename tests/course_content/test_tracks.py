"""The assembled paper marks every professional question with its track (its bank's section)."""
from course_content.tools import course_tree
from course_content.tools.leaks import final_paper
from tests.course_content.test_course_bank import banks


def test_professional_questions_carry_their_bank_section_as_track():
    paper = final_paper()
    section = {q.get("id"): name for name, bank in banks().items() for q in bank.iter("question")}
    for part, _pool, question in paper.questions():
        if part.id == "professional":
            assert question.track == section[question.id], question.id
        else:
            assert question.track == "", question.id
    assert sorted(paper.tracks()) == sorted(s for s in course_tree.TEACHING_SECTIONS if s != "basic-theory")
