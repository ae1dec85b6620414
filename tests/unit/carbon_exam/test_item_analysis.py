"""Item analysis on fixed small data sets, against values worked out by hand (in the comments) or by a
second formula (the point-biserial's (M1 - M0) / s * sqrt(pq) form), not by the module's own code."""
import math

import pytest

from carbon_exam.item_analysis import (
    ItemInfo,
    Response,
    analyse,
    cronbach_alpha,
    item_statistics,
    items_from_paper,
    kr20,
    summary,
)

from .builders import rich_paper, short

# Six learners, four right/wrong questions of 1 point (a fixed paper):
#        i1 i2 i3 i4  total
# L1      1  1  1  1   4
# L2      1  1  1  0   3
# L3      1  1  0  0   2
# L4      1  0  1  0   2
# L5      1  0  0  0   1
# L6      0  0  0  0   0
MATRIX = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]]
ITEMS = [ItemInfo(f"i{n}", "theory", "p", 1.0, options=("A", "B", "C", "D"), correct=("A",)) for n in range(1, 5)]


def responses(matrix=MATRIX):
    return [Response(scores={f"i{j + 1}": v for j, v in enumerate(row)},
                     choices={f"i{j + 1}": ("A",) if v else ("B",) for j, v in enumerate(row)}) for row in matrix]


def rpb(m1, m0, s, p):
    """The point-biserial by its own formula: (M1 - M0) / s_n * sqrt(p q)."""
    return (m1 - m0) / s * math.sqrt(p * (1 - p))


def test_kr20_by_hand():
    # p = 5/6, 1/2, 1/2, 1/6: sum pq = 5/36 + 1/4 + 1/4 + 5/36 = 7/9; totals 4 3 2 2 1 0: mean 2,
    # population variance 10/6 = 5/3.  KR-20 = 4/3 (1 - (7/9)/(5/3)) = 4/3 * 8/15 = 32/45.
    assert kr20(MATRIX) == pytest.approx(32 / 45)
    assert cronbach_alpha(MATRIX) == pytest.approx(32 / 45)  # alpha equals KR-20 on 0/1 items


def test_cronbach_alpha_by_hand_with_a_two_point_item():
    # item variances (population): (2,1,2,0) 0.6875, (1,1,0,0) 0.25, (1,0,1,0) 0.25: sum 1.1875 = 19/16;
    # totals 4 2 3 0: variance 2.1875 = 35/16.  alpha = 3/2 (1 - 19/35) = 24/35.
    matrix = [[2, 1, 1], [1, 1, 0], [2, 0, 1], [0, 0, 0]]
    assert cronbach_alpha(matrix) == pytest.approx(24 / 35)
    assert kr20(matrix) is None  # not right/wrong
    assert cronbach_alpha([[1, 1], [1, 1]]) is None and cronbach_alpha([[1], [0]]) is None


def test_facility_and_point_biserial_against_the_second_formula():
    s = math.sqrt(5 / 3)  # population SD of the totals
    expected = {
        "i1": (5 / 6, rpb(12 / 5, 0, s, 5 / 6)),   # 0.4 * sqrt(3) = 0.6928
        "i2": (1 / 2, rpb(3, 1, s, 1 / 2)),        # sqrt(3/5) = 0.7746
        "i3": (1 / 2, rpb(3, 1, s, 1 / 2)),
        "i4": (1 / 6, rpb(4, 8 / 5, s, 1 / 6)),    # 0.6928
    }
    for item in ITEMS:
        stats = item_statistics(item, responses())
        facility, r = expected[item.id]
        assert stats.n == 6
        assert stats.facility == pytest.approx(facility)
        assert stats.point_biserial == pytest.approx(r)
    assert expected["i1"][1] == pytest.approx(0.4 * math.sqrt(3)) and expected["i2"][1] == pytest.approx(math.sqrt(0.6))


def test_point_biserial_against_the_rest_of_the_paper():
    # i1 against rest = total - i1 = 3 2 1 1 0 0: M1 = 7/5, M0 = 0, population SD sqrt(41)/6, p = 5/6
    # -> 1.4 * sqrt(5/41) = 0.4889.  i4: rest 3 3 2 2 1 0, M1 = 3, M0 = 8/5, same SD, p = 1/6 -> 0.4889.
    s_rest = math.sqrt(41) / 6
    assert item_statistics(ITEMS[0], responses()).point_biserial_rest == pytest.approx(rpb(7 / 5, 0, s_rest, 5 / 6))
    assert item_statistics(ITEMS[3], responses()).point_biserial_rest == pytest.approx(1.4 * math.sqrt(5 / 41))


def test_upper_lower_27_percent():
    # n = 6: groups of round(1.62) = 2.  Upper L1, L2; lower L6, L5.
    expected = {"i1": 1 - 0.5, "i2": 1 - 0, "i3": 1 - 0, "i4": 0.5 - 0}
    for item in ITEMS:
        assert item_statistics(item, responses()).upper_lower == pytest.approx(expected[item.id])


def test_option_distribution_and_score_distribution():
    stats = item_statistics(ITEMS[1], responses())
    assert stats.options == {"A": 3, "B": 3, "C": 0, "D": 0, None: 0}
    assert stats.scores == {0.0: 3, 1.0: 3}
    data = responses()
    data[5].choices["i2"] = ()
    data[4].choices["i2"] = ("Z",)  # an option the question no longer has is still counted
    assert item_statistics(ITEMS[1], data).options == {"A": 3, "B": 1, "C": 0, "D": 0, None: 1, "Z": 1}


def test_flags():
    assert item_statistics(ITEMS[3], responses()).flags == ["too_hard"]  # facility 1/6 < 0.2
    assert item_statistics(ITEMS[0], responses()).flags == []            # 5/6, r_rest 0.49
    # everybody right: too easy; no variance, so no correlation and no discrimination flag
    easy = ItemInfo("e", "theory", "p", 1.0)
    data = [Response(scores={"e": 1, "x": x}) for x in (0, 1, 1, 0, 1)]
    stats = item_statistics(easy, data)
    assert stats.facility == 1 and stats.point_biserial is None and stats.flags == ["too_easy"]
    # right only for the weakest learners: negative discrimination
    odd = ItemInfo("o", "theory", "p", 1.0)
    data = [Response(scores={"o": o, "x": x}) for o, x in ((1, 0), (1, 0), (0, 3), (0, 4), (0, 5), (1, 1))]
    stats = item_statistics(odd, data)
    assert stats.point_biserial_rest < 0 and stats.flags == ["not_discriminating"]


def test_paper_summary_by_hand():
    result = summary(ITEMS, responses(), pass_mark=2)
    # totals 4 3 2 2 1 0: mean 2, median 2, sample variance 10/5 = 2, pass (>= 2) 4 of 6
    assert (result.n, result.mean, result.median) == (6, 2, 2)
    assert result.stdev == pytest.approx(math.sqrt(2))
    assert result.pass_rate == pytest.approx(4 / 6)
    assert result.kr20 == pytest.approx(32 / 45) and result.alpha == pytest.approx(32 / 45)
    assert (result.reliability_basis, result.items) == ("questions", 4)


def test_random_papers_use_slots_and_parts_are_summarised_apart():
    # Pool p (1 point) draws 2 of q1..q3; pool s (2 points) draws 1 of s1, s2 in part "pro".
    items = [ItemInfo(q, "theory", "p", 1.0) for q in ("q1", "q2", "q3")] + \
            [ItemInfo(q, "pro", "s", 2.0, type="short") for q in ("s1", "s2")]
    data = [Response(scores={"q1": 1, "q2": 1, "s1": 2}), Response(scores={"q2": 1, "q3": 0, "s2": 1}),
            Response(scores={"q1": 0, "q3": 1, "s1": 0}), Response(scores={"q1": 0, "q2": 0, "s2": 0})]
    result = analyse(items, data, pass_mark=2)
    # slots (by id inside each pool): [q_first, q_second, s]: rows [1,1,2] [1,0,1] [0,1,0] [0,0,0]
    # item variances .25 .25 .6875 = 1.1875; totals 4 2 1 0 variance 35/16 -> alpha 3/2 (1 - 19/35) = 24/35
    assert result.paper.reliability_basis == "slots"
    assert result.paper.alpha == pytest.approx(24 / 35)
    assert result.paper.kr20 is None
    assert result.paper.pass_rate == pytest.approx(2 / 4)
    theory = result.parts["theory"]
    assert (theory.mean, theory.median, theory.items, theory.pass_rate) == (1.0, 1.0, 2, None)
    # theory slots [1,1] [1,0] [0,1] [0,0]: pq = .25 + .25; totals 2 1 1 0 variance .5 -> KR-20 = 2 (1 - 1) = 0
    assert theory.kr20 == pytest.approx(0) and theory.alpha == pytest.approx(0)
    assert result.parts["pro"].n == 4 and result.parts["pro"].items == 1 and result.parts["pro"].alpha is None
    assert result.questions["q2"].n == 3 and result.questions["q2"].facility == pytest.approx(2 / 3)


def test_items_from_a_paper():
    paper = rich_paper()
    items = items_from_paper(paper)
    assert [i.id for i in items] == [q.id for _, _, q in paper.questions()]
    first = items[0]
    part, pool, question = paper.find(first.id)
    assert (first.part, first.pool, first.type, first.possible) == (part.id, pool.id, pool.type, float(pool.points))
    assert first.correct == tuple(question.correct_option_ids())


def test_keyword_hits_of_a_short_answer_counted_by_hand():
    # Rubric: point 1 活动数据 | 活动水平 (first alternative found is credited), point 2 排放因子.
    #   a1 "活动数据乘以排放因子"        -> 1: 活动数据, 2: 排放因子
    #   a2 "活动水平 × 排放因子"          -> 1: 活动水平, 2: 排放因子
    #   a3 "活动 数据和活动水平"          -> 1: 活动数据 (spaces ignored; listed first), 2: none
    #   a4 "ＥＦ即排放因子"              -> 1: none, 2: 排放因子
    #   a5 "" (blank)                   -> none, none
    #   a6 drew another question only: not counted
    question = short("sa")
    items = [ItemInfo("sa", "theory", "p", 5.0, type="short", question=question),
             ItemInfo("other", "theory", "p", 1.0)]
    texts = ["活动数据乘以排放因子", "活动水平 × 排放因子", "活动 数据和活动水平", "ＥＦ即排放因子", ""]
    drawn = [Response(scores={"sa": 1.0}, texts={"sa": text}) for text in texts]
    stats = analyse(items, drawn + [Response(scores={"other": 1.0}, texts={"sa": "活动数据"})]).questions
    hits = stats["sa"].keywords
    assert stats["sa"].n == 5
    assert [(h.number, h.label, h.hits, h.none) for h in hits] == [
        (1, "point 1", {"活动数据": 2, "活动水平": 1}, 2),
        (2, "point 2", {"排放因子": 3}, 2),
    ]
    assert stats["other"].keywords == []  # not a short answer


def test_short_answers_from_a_paper_carry_their_rubric():
    paper = rich_paper()
    for item in items_from_paper(paper):
        _, pool, question = paper.find(item.id)
        assert (item.question is question) == (pool.type == "short")
