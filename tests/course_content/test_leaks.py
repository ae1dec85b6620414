"""The leak checker: questions that give each other away are grouped (never drawn together) or waived."""
import pytest

from course_content.tools import leaks
from course_content.tools.leaks import BankQuestion, Pair, candidate_pairs, read_waivers, unresolved

ISSUE_14_PAIRS = [("bt-q-003", "bt-s-025"), ("bt-m-005", "bt-q-003"), ("bt-q-012", "bt-s-030"),
                  ("audit-q-003", "audit-s-011"), ("audit-q-003", "audit-s-012"), ("audit-q-003", "audit-s-013"),
                  ("mgmt-s-011", "mgmt-s-014")]


def q(qid, stem, keys=(), reference="", groups=()):
    return BankQuestion(id=qid, type="", stem=stem, keys=tuple(keys), reference=reference, groups=tuple(groups))


def test_a_key_in_another_stem_or_reference_is_a_candidate_after_normalising():
    questions = [
        q("s-1", "“碳达峰”是指：", keys=["二氧化碳年排放量达到历史最高值"]),
        q("q-1", "简述碳达峰。", reference="碳达峰是指二氧化碳年排放量 达到历史最高值，之后下降。"),
        q("s-2", "GB/T 23331-2020 等同采用：", keys=["ISO 50001:2018"]),
        q("s-3", "按照ＩＳＯ５０００１：２０１８，识别能源绩效改进机会的过程称为：", keys=["能源评审"]),
    ]
    pairs = candidate_pairs(questions)
    assert [(p.a, p.b, p.kind) for p in pairs] == [("q-1", "s-1", "key"), ("s-2", "s-3", "key")]
    assert "reference of q-1" in pairs[0].detail and "stem of s-3" in pairs[1].detail


def test_short_keys_and_common_terms_are_not_candidates():
    common = [q(f"x-{n}", f"第{n}题：二氧化碳排放的问题{'甲乙丙丁'[n]}") for n in range(4)]
    questions = [q("s-1", "哪种气体？", keys=["二氧化碳"]), q("s-2", "多少？", keys=["5年"]),
                 q("q-1", "简述", reference="保存5年")] + common
    keys = lambda found: [(p.a, p.b) for p in found if p.kind == "key"]  # noqa: E731 (the x stems are alike)
    assert keys(candidate_pairs(questions)) == []  # 二氧化碳 is in four other stems; 5年 is too short
    assert keys(candidate_pairs(questions[:3] + common[:2], min_key_length=2)) == [
        ("q-1", "s-2"), ("s-1", "x-0"), ("s-1", "x-1")]


def test_similar_stems_are_candidates():
    questions = [q("a", "根据全国碳市场交易规则，交易主体当日买入的碳排放配额："),
                 q("b", "根据全国碳市场交易规则，交易主体当日买入的碳排放配额可以："),
                 q("c", "温室气体产生温室效应的主要机理是：")]
    assert [(p.a, p.b, p.kind) for p in candidate_pairs(questions)] == [("a", "b", "similar")]
    assert leaks.jaccard(leaks.bigrams("abcd"), leaks.bigrams("abce")) == pytest.approx(2 / 4)


def test_a_pair_is_resolved_by_a_shared_group_or_a_waiver():
    questions = [q("a", "x", groups=["g1"]), q("b", "y", groups=["g1", "g2"]), q("c", "z", groups=["g3"])]
    pairs = [Pair("a", "b", "key", ""), Pair("a", "c", "key", ""), Pair("b", "c", "similar", "")]
    assert unresolved(questions, pairs, {}) == pairs[1:]
    assert unresolved(questions, pairs, {("b", "c"): "harmless"}) == [pairs[1]]
    assert leaks.unused_waivers(pairs, {("b", "c"): "r", ("a", "z"): "r"}) == [("a", "z")]


def test_waivers_need_a_reason():
    assert read_waivers("# comment\nb a same preamble  # note\n\n") == {("a", "b"): "same preamble"}
    with pytest.raises(ValueError, match="line 1"):
        read_waivers("a b\n")


# --- the bank ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bank():
    questions = leaks.load_bank()
    return questions, candidate_pairs(questions), leaks.load_waivers()


def test_every_candidate_pair_in_the_bank_is_grouped_or_waived(bank):
    questions, pairs, waivers = bank
    assert [f"{p.a} {p.b}: {p.detail}" for p in unresolved(questions, pairs, waivers)] == []
    assert leaks.unused_waivers(pairs, waivers) == []


def test_the_pairs_named_in_issue_14_are_grouped(bank):
    questions, pairs, _ = bank
    found = {(p.a, p.b) for p in pairs}
    for a, b in ISSUE_14_PAIRS:
        assert (a, b) in found, (a, b)
        assert leaks.grouped(questions, a, b), (a, b)


def test_drawn_papers_hold_no_leaking_pair_with_groups_and_many_did_without(bank):
    _, pairs, waivers = bank
    leaking = [p for p in pairs if (p.a, p.b) not in waivers]
    paper = leaks.final_paper()
    seeds = [f"test-{n}" for n in range(300)]
    assert leaks.leak_share(paper, leaking, seeds, use_groups=True) == 0
    assert leaks.leak_share(paper, leaking, seeds, use_groups=False) > 0.8
    named = [Pair(a, b, "key", "") for a, b in ISSUE_14_PAIRS]
    assert leaks.leak_share(paper, named, seeds, use_groups=False) > 0.05


def test_the_tool_prints_the_figures(capsys):
    assert leaks.main(["--papers", "50"]) == 0
    out = capsys.readouterr().out
    assert "0 unresolved" in out and "with them 0.0%" in out
