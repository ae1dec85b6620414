"""The question bank: counts, formats, unique ids, no near-duplicates; the assembled final paper."""
import re
from collections import Counter
from difflib import SequenceMatcher
from fractions import Fraction

import pytest
from lxml import etree

from course_content.tools import COURSE_DIR, assemble_exam, course_tree

BANK_DIR = COURSE_DIR / "question_bank"
ID_PATTERN = re.compile(r"[a-z]+-([smq])-\d{3}")
TYPE_LETTER = {"single": "s", "multiple": "m", "short": "q"}
NEAR_DUPLICATE = 0.9


def banks():
    return {path.stem: etree.parse(str(path)).getroot() for path in sorted(BANK_DIR.glob("*.xml"))}


def bank_questions():
    return [(section, question) for section, bank in banks().items() for question in bank.iter("question")]


def question_text(question):
    parts = [question.findtext("stem") or ""] + [o.text or "" for o in question.findall("option")]
    return re.sub(r"\s+", "", "".join(parts))


def test_one_bank_per_teaching_section():
    found = banks()
    assert sorted(found) == sorted(course_tree.TEACHING_SECTIONS)
    for section, bank in found.items():
        assert bank.tag == "bank" and bank.get("section") == section and bank.get("title")
        assert bank.get("part") == ("theory" if section == "basic-theory" else "professional")


def test_bank_totals():
    counts = Counter(question.get("type") for _section, question in bank_questions())
    assert counts["single"] >= 180, counts
    assert counts["multiple"] >= 80, counts
    assert counts["short"] >= 40, counts
    assert sum(counts.values()) >= 300, counts


def test_basic_theory_counts():
    counts = Counter(q.get("type") for q in banks()["basic-theory"].iter("question"))
    assert (counts["single"], counts["multiple"], counts["short"]) >= (60, 30, 12), counts


def test_question_ids_are_unique_and_well_formed():
    ids = [q.get("id") for _s, q in bank_questions()]
    practice = [q.get("id") for path in sorted((COURSE_DIR / "carbon_exam").glob("*-practice.xml"))
                for q in etree.parse(str(path)).getroot().iter("question")]
    duplicates = [qid for qid, n in Counter(ids + practice).items() if n > 1]
    assert duplicates == []
    for _section, question in bank_questions():
        match = ID_PATTERN.fullmatch(question.get("id") or "")
        assert match, question.get("id")
        assert match.group(1) == TYPE_LETTER[question.get("type")], question.get("id")


def test_each_section_uses_one_id_prefix():
    for section, bank in banks().items():
        prefixes = {q.get("id").split("-")[0] for q in bank.iter("question")}
        assert len(prefixes) == 1, (section, prefixes)


def test_every_question_has_stem_explanation_and_source():
    for _section, question in bank_questions():
        for tag in ("stem", "explanation", "source"):
            assert (question.findtext(tag) or "").strip(), (question.get("id"), tag)


def test_single_choice_has_four_options_and_one_answer():
    for _section, question in bank_questions():
        if question.get("type") == "single":
            options = question.findall("option")
            assert [o.get("id") for o in options] == ["A", "B", "C", "D"], question.get("id")
            assert all((o.text or "").strip() for o in options), question.get("id")
            assert sum(o.get("correct") == "true" for o in options) == 1, question.get("id")


def test_multiple_choice_has_four_or_five_options_and_two_to_four_answers():
    for _section, question in bank_questions():
        if question.get("type") == "multiple":
            options = question.findall("option")
            assert [o.get("id") for o in options] in (list("ABCD"), list("ABCDE")), question.get("id")
            assert 2 <= sum(o.get("correct") == "true" for o in options) <= 4, question.get("id")
            assert all((o.text or "").strip() for o in options), question.get("id")


def test_short_answer_has_reference_and_rubric_worth_five():
    for _section, question in bank_questions():
        if question.get("type") == "short":
            qid = question.get("id")
            assert (question.findtext("reference") or "").strip(), qid
            points = question.findall("rubric/point")
            assert points, qid
            assert sum(int(p.get("points")) for p in points) == 5, qid
            for point in points:
                assert int(point.get("points")) > 0 and point.get("label"), qid
                keywords = [k.text for k in point.findall("keyword")]
                assert 1 <= len(keywords) <= 4 and all((k or "").strip() for k in keywords), qid
            assert not question.findall("option"), qid


def test_no_duplicate_or_near_duplicate_questions():
    questions = [(q.get("id"), question_text(q)) for _s, q in bank_questions()]
    practice = [(q.get("id"), question_text(q))
                for path in sorted((COURSE_DIR / "carbon_exam").glob("*-practice.xml"))
                for q in etree.parse(str(path)).getroot().iter("question")]
    everything = questions + practice
    close = []
    for i, (id_a, text_a) in enumerate(everything):
        for id_b, text_b in everything[i + 1:]:
            matcher = SequenceMatcher(None, text_a, text_b, autojunk=False)
            if matcher.real_quick_ratio() >= NEAR_DUPLICATE and matcher.quick_ratio() >= NEAR_DUPLICATE \
                    and matcher.ratio() >= NEAR_DUPLICATE:
                close.append((id_a, id_b))
    assert close == []


# --- the assembled paper -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def paper():
    return assemble_exam.assemble()[0]


def test_committed_final_exam_is_current():
    assert assemble_exam.main(["--check"]) == 0


def test_paper_settings(paper):
    expected = dict(assemble_exam.PAPER_ATTRIBUTES)
    assert dict(paper.attrib) == expected
    assert expected["total_points"] == "100" and expected["pass_mark"] == "60"
    assert [(p.get("id"), p.get("title")) for p in paper.findall("part")] == [
        ("theory", "基础理论"), ("professional", "专业课程")]


def test_paper_totals_one_hundred_points(paper):
    total = sum(int(pool.get("draw")) * int(pool.get("points")) for pool in paper.iter("pool"))
    assert total == int(paper.get("total_points")) == 100
    for part in paper.findall("part"):
        assert sum(int(p.get("draw")) * int(p.get("points")) for p in part.findall("pool")) == 50


def test_every_pool_draws_at_most_a_third(paper):
    for pool in paper.iter("pool"):
        count = len(pool.findall("question"))
        assert count > 0 and Fraction(int(pool.get("draw")), count) <= Fraction(1, 3), \
            f"{pool.get('id')}: draws {pool.get('draw')} of {count}"
    assert assemble_exam.paper_problems(paper) == []


def test_paper_holds_every_bank_question_once_in_its_pool(paper):
    by_pool = {pool.get("id"): [q.get("id") for q in pool.findall("question")] for pool in paper.iter("pool")}
    expected = {}
    for section, question in bank_questions():
        part = "theory" if section == "basic-theory" else "professional"
        suffix = {"single": "single", "multiple": "multi", "short": "short"}[question.get("type")]
        expected.setdefault(f"{part}-{suffix}", []).append(question.get("id"))
    assert by_pool == {pool: sorted(ids) for pool, ids in expected.items()}
    assert all(q.get("type") is None for q in paper.iter("question"))
