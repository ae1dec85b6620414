"""Exclusion groups: questions that are never drawn into the same paper (OLX, editor JSON, validation, draw)."""

from itertools import combinations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from carbon_exam.draw import draw_paper
from carbon_exam.olx import PaperSyntaxError, parse_paper, parse_xml, write_paper
from carbon_exam.paper import BLOCKING_CODES, validate_paper
from carbon_exam.paper_json import paper_from_json, paper_to_json

from .builders import choice, paper, part, pool, short

OLX = """<carbon_exam>
  <part id="t" title="T">
    <pool id="s" type="single" draw="1" points="1">
      <question id="s1" exclude="g1 g2" as_of="2026-01"><stem>S1</stem>
        <option id="A" correct="true">a</option><option id="B">b</option></question>
      <question id="s2"><stem>S2</stem><option id="A" correct="true">a</option><option id="B">b</option></question>
      <question id="s3" exclude="g2"><stem>S3</stem><option id="A" correct="true">a</option><option id="B">b</option></question>
    </pool>
    <pool id="q" type="short" draw="1" points="5" grading="staff">
      <question id="q1" exclude="g1"><stem>Q1</stem><reference>r</reference>
        <rubric><point points="5" label="l"><keyword>k</keyword></point></rubric></question>
      <question id="q2"><stem>Q2</stem><reference>r</reference>
        <rubric><point points="5" label="l"><keyword>k</keyword></point></rubric></question>
    </pool>
  </part>
</carbon_exam>"""


def olx_paper():
    return parse_paper(parse_xml(OLX), total_points=6, pass_mark=3)


def codes(p):
    return sorted(problem.code for problem in validate_paper(p))


def test_olx_reads_groups_and_as_of_and_writes_them_back_losslessly():
    p = olx_paper()
    s1 = p.find("s1")[2]
    assert s1.exclude == ["g1", "g2"] and s1.as_of == "2026-01"
    assert p.find("s2")[2].exclude == [] and p.find("s2")[2].as_of == ""
    assert p.exclusion_groups() == {"g1": ["s1", "q1"], "g2": ["s1", "s3"]}
    assert p.excluded_by() == {"s1": {"q1", "s3"}, "q1": {"s1"}, "s3": {"s1"}}
    root = etree.Element("carbon_exam")
    write_paper(p, root)
    written = root.find("part/pool/question")
    assert list(written.attrib.items()) == [("id", "s1"), ("exclude", "g1 g2"), ("as_of", "2026-01")]
    assert "exclude" not in root.findall("part/pool/question")[1].attrib
    assert parse_paper(root, total_points=6, pass_mark=3) == p
    assert codes(p) == []


def test_olx_refuses_groups_on_other_elements():
    bad = OLX.replace('<pool id="s"', '<pool exclude="g1" id="s"')
    try:
        parse_paper(parse_xml(bad))
    except PaperSyntaxError as error:
        assert [e.code for e in error.errors] == ["xml-unknown-attribute"]
    else:
        raise AssertionError("accepted exclude on a pool")


def test_editor_json_round_trip_and_text_field_form():
    p = olx_paper()
    data = paper_to_json(p)
    question = data["parts"][0]["pools"][0]["questions"][0]
    assert question["exclude"] == ["g1", "g2"] and question["as_of"] == "2026-01"
    back, problems = paper_from_json(data, p.total_points, p.pass_mark)
    assert problems == [] and back == p
    question["exclude"] = " g1,g2，g3 "
    back, problems = paper_from_json(data, p.total_points, p.pass_mark)
    assert problems == [] and back.find("s1")[2].exclude == ["g1", "g2", "g3"]
    question["exclude"] = [1]
    back, problems = paper_from_json(data, p.total_points, p.pass_mark)
    assert back is None and [x.code for x in problems] == ["json-malformed"]


def test_validation_names_single_member_groups_bad_ids_and_bad_dates():
    p = olx_paper()
    p.find("q1")[2].exclude = ["g9"]
    assert codes(p) == ["exclusion-single", "exclusion-single"]  # g1 (s1 alone) and g9 (q1 alone)
    p.find("q1")[2].exclude = ["g1", "g1"]
    assert codes(p) == ["exclusion-repeated"]
    p.find("q1")[2].exclude = ["g1", "bad/id"]
    assert "exclusion-bad-id" in codes(p) and "exclusion-bad-id" in BLOCKING_CODES
    p.find("q1")[2].exclude = ["g1"]
    p.find("s2")[2].as_of = "2026-13"
    assert codes(p) == ["bad-as-of"]


def test_a_group_that_could_starve_a_pool_blocks_the_paper():
    # s draws 2 of 3; s1 and s2 are both grouped with q1 of pool q, which draws both its questions and so
    # goes first (no slack): once q1 is drawn only s3 is left.
    p = paper(part("t", pool("s", "single", [choice("s1"), choice("s2"), choice("s3")], draw=2),
                   pool("q", "short", [short("q1"), short("q2")], draw=2, points=5)), pass_mark="1")
    assert [pl.id for _, pl in p.exclusion_draw_order()] == ["q", "s"]
    p.find("s1")[2].exclude = ["g"]
    p.find("s2")[2].exclude = ["g"]
    p.find("q1")[2].exclude = ["g"]
    assert codes(p) == ["exclusion-starves-pool"]
    assert "exclusion-starves-pool" in BLOCKING_CODES
    p.parts[0].pools[1].draw = 1  # now s goes first (slack 1, earlier in the paper): 3 - 1 >= 2, q: 2 - 1 >= 1
    p.total_points = p.drawn_points
    assert [pl.id for _, pl in p.exclusion_draw_order()] == ["s", "q"]
    assert codes(p) == []
    assert all(len(draw_paper(p, seed).question_ids()) == 3 for seed in range(100))
    p.find("q1")[2].exclude = []  # a group inside one pool blocks all but one member: 3 - 1 >= 2
    assert codes(p) == []


def test_without_groups_the_draw_is_unchanged():
    p = olx_paper()
    for _, _, question in p.questions():
        question.exclude = []
    before = [draw_paper(p, seed).to_json() for seed in range(50)]
    p.find("s2")[2].exclude = ["x"]  # a one-member group excludes nothing and changes no draw of pool q
    after = [draw_paper(p, seed).to_json() for seed in range(50)]
    assert [d["parts"][0]["questions"][1:] for d in before] == [d["parts"][0]["questions"][1:] for d in after]


def test_pools_without_grouped_questions_draw_as_before_groups_existed():
    import random

    p = paper(part("t", pool("s", "single", [choice(f"s{n}") for n in range(9)], draw=3),
                   pool("m", "single", [choice(f"m{n}") for n in range(7)], draw=2)), pass_mark="1")
    p.find("s1")[2].exclude = ["g"]
    p.find("s2")[2].exclude = ["g"]
    for seed in range(40):
        stream = random.Random(f"{seed}\x1fpool\x1fm")  # the draw of a pool before exclusion groups
        chosen = sorted(stream.sample(range(7), 2))
        stream.shuffle(chosen)
        assert draw_paper(p, seed).question_ids()[3:] == [f"m{n}" for n in chosen]


def test_small_paper_never_draws_a_pair_and_still_draws_both_partners_sometimes():
    p = olx_paper()
    drawn = [set(draw_paper(p, seed).question_ids()) for seed in range(400)]
    assert not any({"s1", "q1"} <= ids or {"s1", "s3"} <= ids for ids in drawn)
    assert any("s1" in ids for ids in drawn) and any("q1" in ids for ids in drawn)
    assert all(len(ids) == 2 for ids in drawn)


@st.composite
def grouped_papers(draw):
    pools = []
    number = 0
    for index in range(draw(st.integers(1, 4))):
        size = draw(st.integers(1, 12))
        questions = [choice(f"q{number + n}") for n in range(size)]
        number += size
        pools.append(pool(f"p{index}", "single", questions, draw=draw(st.integers(1, size))))
    result = paper(part("a", *pools[:2]), *([part("b", *pools[2:])] if pools[2:] else []), pass_mark="1")
    questions = [q for _, _, q in result.questions()]
    for group in range(draw(st.integers(0, 6)) if len(questions) >= 2 else 0):
        members = draw(st.lists(st.sampled_from(questions), min_size=2, max_size=min(4, len(questions)), unique_by=lambda q: q.id))
        for member in members:
            member.exclude.append(f"g{group}")
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grouped_papers(), st.integers(0, 10**9))
def test_property_no_excluded_pair_is_ever_drawn_together_and_draw_counts_are_met(p, seed):
    assume(not BLOCKING_CODES & set(codes(p)))  # a refused paper is never drawn
    partners = p.excluded_by()
    for offset in range(5):
        drawn = draw_paper(p, seed + offset)
        ids = drawn.question_ids()
        assert len(ids) == len(set(ids))
        for a, b in combinations(ids, 2):
            assert b not in partners.get(a, set()), (a, b)
        by_pool = {}
        for _, question in drawn.questions():
            by_pool[question.pool] = by_pool.get(question.pool, 0) + 1
        assert by_pool == {pl.id: pl.draw for _, pl in p.pools()}
        assert draw_paper(p, seed + offset) == drawn  # deterministic per seed
