"""Tracks: professional questions carry their skill track; a paper can be drawn from one track's questions."""
from lxml import etree

from carbon_exam.draw import draw_paper
from carbon_exam.olx import parse_paper, parse_xml, write_paper
from carbon_exam.paper import DEFAULT_PROFESSIONAL_DRAW, PROFESSIONAL_DRAW, own_track_problems, validate_paper
from carbon_exam.paper_json import paper_from_json, paper_to_json

from .builders import choice, paper, part, pool


def tracked(qid, track):
    question = choice(qid)
    question.track = track
    return question


def two_track_paper(per_track=4, draw=2):
    pro = [tracked(f"a{n}", "asset") for n in range(per_track)] + [tracked(f"t{n}", "trading") for n in range(per_track)]
    return paper(part("theory", pool("theory-single", "single", [choice(f"b{n}") for n in range(5)], draw=2)),
                 part("professional", pool("pro-single", "single", pro, draw=draw)), pass_mark="1")


def test_settings_values():
    assert PROFESSIONAL_DRAW == ("pooled", "own_track") and DEFAULT_PROFESSIONAL_DRAW == "pooled"


def test_track_round_trips_through_olx_and_the_editor_json():
    p = two_track_paper()
    root = etree.Element("carbon_exam")
    write_paper(p, root)
    assert root.find("part[@id='professional']/pool/question").get("track") == "asset"
    assert "track" not in root.find("part[@id='theory']/pool/question").attrib
    again = parse_paper(parse_xml(etree.tostring(root)), total_points=p.total_points, pass_mark=p.pass_mark)
    assert again == p and again.tracks() == ["asset", "trading"]
    back, problems = paper_from_json(paper_to_json(p), p.total_points, p.pass_mark)
    assert problems == [] and back == p


def test_for_track_keeps_that_tracks_questions_and_untracked_pools_whole():
    p = two_track_paper()
    asset = p.for_track("asset")
    assert [q.id for q in asset.parts[1].pools[0].questions] == ["a0", "a1", "a2", "a3"]
    assert asset.parts[0].pools[0].questions == p.parts[0].pools[0].questions
    assert len(p.parts[1].pools[0].questions) == 8  # the paper itself is not changed


def test_draw_from_the_learners_track_only_and_pooled_without_one():
    p = two_track_paper()
    seen_pooled = set()
    for seed in range(200):
        own = draw_paper(p, seed, track="trading")
        pro = [q.id for q in own.parts[1].questions]
        assert len(pro) == 2 and all(qid.startswith("t") for qid in pro)
        assert len(own.parts[0].questions) == 2
        assert own == draw_paper(p, seed, track="trading")
        seen_pooled |= {q.id[0] for q in draw_paper(p, seed).parts[1].questions}
    assert seen_pooled == {"a", "t"}


def test_own_track_problems_name_each_track_short_of_questions():
    p = two_track_paper(per_track=4, draw=2)
    assert validate_paper(p) == [] and own_track_problems(p) == []
    p.parts[1].pools[0].questions.pop()  # trading now has 3
    p.parts[1].pools[0].draw = 4
    p.total_points = p.drawn_points
    found = own_track_problems(p)
    assert [(x.code, x.params["track"], x.params["available"]) for x in found] == [("track-pool-too-small", "trading", 3)]
    assert "trading" in found[0].message and found[0].pool == "pro-single"
