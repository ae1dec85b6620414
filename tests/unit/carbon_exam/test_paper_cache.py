"""The parsed paper is shared across requests while its content is unchanged (issue 13)."""
from types import SimpleNamespace

import pytest

from carbon_exam import block as block_module
from carbon_exam.answers import clean_answers, question_types
from carbon_exam.block import CarbonExamBlock, cached_paper, clear_paper_cache, paper_cache_key
from carbon_exam.draw import draw_paper

PAPER = """<paper><part id="p1" title="A"><pool id="s" type="single" draw="2" points="50">
<question id="q1"><stem>1?</stem><option id="a" correct="true">A</option><option id="b">B</option></question>
<question id="q2"><stem>2?</stem><option id="a" correct="true">A</option><option id="b">B</option></question>
<question id="q3"><stem>3?</stem><option id="a" correct="true">A</option><option id="b">B</option></question>
</pool></part></paper>"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_paper_cache()
    yield
    clear_paper_cache()


def test_same_content_parsed_once(monkeypatch):
    calls = []
    real = block_module.parse_paper
    monkeypatch.setattr(block_module, "parse_paper", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = cached_paper(PAPER, 100.0, 60.0)
    assert cached_paper(PAPER, 100, 60) is first  # 100.0 and 100 are the same total
    assert len(calls) == 1
    assert cached_paper(PAPER, 100.0, 50.0) is not first  # another pass mark: parsed afresh
    assert cached_paper(PAPER.replace("1?", "One?"), 100.0, 60.0) is not first
    assert len(calls) == 3


def test_key_is_a_hash_of_content_total_and_pass_mark():
    key = paper_cache_key(PAPER, 100.0, 60.0)
    assert len(key) == 64 and PAPER not in key
    assert key == paper_cache_key(PAPER, 100, 60)
    assert key != paper_cache_key(PAPER, 100, 61)
    assert key != paper_cache_key(PAPER + " ", 100, 60)


def test_bounded_lru(monkeypatch):
    monkeypatch.setattr(block_module, "PAPER_CACHE_SIZE", 3)
    papers = [cached_paper(PAPER, 100, mark) for mark in (10, 20, 30)]
    assert cached_paper(PAPER, 100, 10) is papers[0]  # 10 is now the most recently used
    cached_paper(PAPER, 100, 40)  # evicts 20, the least recently used
    assert len(block_module._PAPERS) == 3
    assert cached_paper(PAPER, 100, 10) is papers[0]
    assert cached_paper(PAPER, 100, 20) is not papers[1]


def test_block_property_shares_the_paper_between_block_instances():
    def fake(xml):
        return SimpleNamespace(questions_xml=xml, total_points=100.0, pass_mark=60.0)

    first, second = fake(PAPER), fake(PAPER)
    paper = CarbonExamBlock.paper.fget(first)
    assert CarbonExamBlock.paper.fget(second) is paper
    first.questions_xml = PAPER.replace("2?", "Two?")
    assert CarbonExamBlock.paper.fget(first) is not paper
    assert CarbonExamBlock.paper.fget(first).find("q2")[2].stem == "Two?"


def test_set_paper_forgets_a_paper_changed_in_place():
    block = SimpleNamespace(questions_xml=PAPER, total_points=100.0, pass_mark=60.0)
    paper = CarbonExamBlock.paper.fget(block)
    paper.parts[0].pools[0].questions.pop()  # what an in-place edit (Studio's import) does before set_paper
    CarbonExamBlock.set_paper(block, paper)
    assert cached_paper(PAPER, 100.0, 60.0) is not paper
    assert len(list(cached_paper(PAPER, 100.0, 60.0).questions())) == 3


def test_clean_answers_looks_up_only_the_answered_questions():
    paper = cached_paper(PAPER, 100, 60)
    drawn = draw_paper(paper, "seed")
    asked = drawn.question_ids()[0]
    answers, problems = clean_answers(paper, drawn, {asked: ["a"]})
    assert answers == {asked: ["a"]} and problems == []
    assert question_types(paper) is question_types(paper)  # built once per paper object
    answers, problems = clean_answers(paper, drawn, {asked: "a", "nope": ["a"], 3: ["a"]})
    assert answers == {asked: ["a"]}
    assert [p.code for p in problems] == ["answer-unknown-question", "answer-unknown-question"]


class VersionedBlock:
    """A block as the LMS loads it: a ``course_version`` (the split modulestore's) and a counted ``questions_xml``."""

    def __init__(self, xml, version, usage="block-v1:O+C+R+type@carbon_exam+block@exam"):
        self._xml, self.course_version, self.reads = xml, version, 0
        self.scope_ids = SimpleNamespace(usage_id=usage)
        self.total_points, self.pass_mark = 100.0, 60.0

    @property
    def questions_xml(self):
        self.reads += 1
        return self._xml

    @questions_xml.setter
    def questions_xml(self, value):
        self._xml = value


def test_a_known_content_version_finds_the_paper_without_reading_the_bank():
    first, second = VersionedBlock(PAPER, "v1"), VersionedBlock(PAPER, "v1")
    paper = CarbonExamBlock.paper.fget(first)
    assert first.reads == 1  # parsed (or found by content) once for this version
    assert CarbonExamBlock.paper.fget(second) is paper and second.reads == 0
    edited = VersionedBlock(PAPER.replace("2?", "Two?"), "v2")  # an edit (or a publish) is a new version
    assert CarbonExamBlock.paper.fget(edited).find("q2")[2].stem == "Two?"
    other = VersionedBlock(PAPER.replace("2?", "Deux?"), "v1", usage="block-v1:O+C+R+type@carbon_exam+block@other")
    assert CarbonExamBlock.paper.fget(other).find("q2")[2].stem == "Deux?"  # another block of the same version


def test_a_paper_set_in_this_instance_is_read_from_its_content_not_its_old_version():
    block = VersionedBlock(PAPER, "v1")
    paper = CarbonExamBlock.paper.fget(block)
    changed = cached_paper(PAPER.replace("1?", "One?"), 100.0, 60.0)
    CarbonExamBlock.set_paper(block, changed)  # Studio's editor: the block keeps the version it was loaded at
    assert CarbonExamBlock.paper.fget(block) is not paper
    assert CarbonExamBlock.paper.fget(block).find("q1")[2].stem == "One?"
    assert CarbonExamBlock.paper.fget(VersionedBlock(PAPER, "v1")) is paper  # the old version's content is unchanged


def test_without_a_version_the_content_is_the_key():
    block = VersionedBlock(PAPER, None)
    block.runtime = SimpleNamespace()  # a runtime that tells no version (the workbench)
    CarbonExamBlock.paper.fget(block)
    CarbonExamBlock.paper.fget(block)
    assert block.reads == 2
