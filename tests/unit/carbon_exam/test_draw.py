"""draw_paper: deterministic per seed, different across seeds, fair, JSON round trip."""

import json
from collections import Counter

import pytest

from carbon_exam.draw import DrawnPaper, PaperNotDrawable, draw_paper, new_seed

from .builders import choice, one_pool_paper, pool, rich_paper


def test_same_seed_same_paper():
    paper = rich_paper()
    assert draw_paper(paper, "abc") == draw_paper(paper, "abc")
    assert draw_paper(paper, 42) == draw_paper(paper, "42")


def test_draw_takes_the_right_number_from_each_pool_grouped_by_pool():
    paper = rich_paper()
    drawn = draw_paper(paper, "seed-1")
    assert [part.id for part in drawn.parts] == ["theory", "professional"]
    pools = [question.pool for _, question in drawn.questions()]
    assert pools == ["theory-single"] * 2 + ["theory-multi"] * 2 + ["pro-short", "pro-machine", "pro-single"]
    assert len(set(drawn.question_ids())) == 7


def test_different_seeds_give_different_draws():
    paper = one_pool_paper(pool("s", "single", [choice(f"q{n}") for n in range(20)], draw=5))
    draws = {tuple(draw_paper(paper, seed).question_ids()) for seed in range(30)}
    assert len(draws) >= 28


def test_every_question_is_drawn_about_equally_often():
    paper = one_pool_paper(pool("s", "single", [choice(f"q{n}") for n in range(10)], draw=3))
    counts = Counter(qid for seed in range(3000) for qid in draw_paper(paper, seed).question_ids())
    assert set(counts) == {f"q{n}" for n in range(10)}
    assert all(750 < count < 1050 for count in counts.values()), counts  # expected 900 each


def test_option_order_is_shuffled_per_question_and_fair():
    paper = one_pool_paper(pool("s", "single", [choice("q", options="ABCD")]))
    firsts = Counter(draw_paper(paper, seed).parts[0].questions[0].options[0] for seed in range(2000))
    assert all(400 < count < 600 for count in firsts.values()), firsts  # expected 500 each
    orders = [draw_paper(paper, seed).parts[0].questions[0].options for seed in range(50)]
    assert all(sorted(order) == list("ABCD") for order in orders)


def test_without_shuffling_questions_keep_pool_order_and_options_paper_order():
    paper = one_pool_paper(pool("s", "single", [choice(f"q{n}") for n in range(10)], draw=4))
    for seed in range(20):
        drawn = draw_paper(paper, seed, shuffle_questions=False, shuffle_options=False)
        ids = drawn.question_ids()
        assert ids == sorted(ids, key=lambda qid: int(qid[1:]))
        assert all(question.options == list("ABCD") for _, question in drawn.questions())


def test_shuffling_changes_question_order():
    paper = one_pool_paper(pool("s", "single", [choice(f"q{n}") for n in range(6)]))
    orders = {tuple(draw_paper(paper, seed).question_ids()) for seed in range(20)}
    assert len(orders) > 10


def test_editing_one_pool_leaves_other_pools_draws_alone():
    paper = rich_paper()
    before = draw_paper(paper, "s")
    paper.parts[1].pools[0].questions[0].stem = "edited"
    paper.parts[0].pools[1].questions.append(choice("extra", correct="AB"))
    after = draw_paper(paper, "s")
    assert before.parts[0].questions[:2] == after.parts[0].questions[:2]
    assert before.parts[1] == after.parts[1]


def test_pool_smaller_than_draw_cannot_be_drawn():
    paper = one_pool_paper(pool("s", "single", [choice("a")], draw=2))
    with pytest.raises(PaperNotDrawable):
        draw_paper(paper, 1)


def test_json_round_trip():
    drawn = draw_paper(rich_paper(), new_seed())
    data = json.loads(json.dumps(drawn.to_json()))
    assert DrawnPaper.from_json(data) == drawn
    assert DrawnPaper.from_json(json.dumps(data)) == drawn
    assert drawn.get("pro-q-001").options == []
    assert drawn.get("nope") is None


@pytest.mark.parametrize("bad", [
    {}, {"seed": 1, "parts": []}, {"seed": "s", "parts": {}}, {"seed": "s", "parts": [{"id": "p"}]},
    {"seed": "s", "parts": [{"id": "p", "questions": [{"id": "q", "pool": "x", "options": "AB"}]}]},
    {"seed": "s", "parts": [{"id": "p", "questions": [{"id": 3, "pool": "x", "options": []}]}]},
    [],
])
def test_from_json_refuses_malformed_data(bad):
    with pytest.raises(ValueError):
        DrawnPaper.from_json(bad)


def test_new_seed_is_unpredictable():
    seeds = {new_seed() for _ in range(100)}
    assert len(seeds) == 100 and all(len(seed) == 32 for seed in seeds)
