"""carbon_exam: parsing the final paper's OLX, drawing a paper and scoring an attempt.

Baselines measured in the same run: lxml's bare parse of the same bytes (what reading OLX costs at
all), and `random.sample` over the same pools (the least a draw can cost).
"""
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "xblocks"))

from _timing import median_seconds, report  # noqa: E402

from carbon_exam.draw import draw_paper  # noqa: E402
from carbon_exam.olx import parse_paper, parse_xml  # noqa: E402
from carbon_exam.scoring import score_attempt  # noqa: E402

FINAL = Path(__file__).resolve().parent.parent / "course_content" / "carbon_exam" / "final_exam.xml"


def main():
    raw = FINAL.read_bytes()
    root = parse_xml(raw)
    paper = parse_paper(root, total_points=int(root.get("total_points", 100)), pass_mark=int(root.get("pass_mark", 60)))
    questions = sum(1 for _ in paper.questions())
    drawn = draw_paper(paper, "seed-1")
    rng = random.Random(1)
    answers = {}
    for _part, pool, question in paper.questions():
        if pool.type == "short":
            answers[question.id] = "活动数据乘以排放因子，排放因子等于单位热值含碳量乘碳氧化率乘44/12"
        else:
            answers[question.id] = [rng.choice(question.options).id]
    pools = [[q.id for q in pool.questions] for part in paper.parts for pool in part.pools]
    draws = [pool.draw for part in paper.parts for pool in part.pools]

    rows = [
        ("lxml parse only (baseline)", median_seconds(lambda: parse_xml(raw))),
        (f"parse_xml + parse_paper ({questions} questions)", median_seconds(lambda: parse_paper(parse_xml(raw)))),
    ]
    report(f"Parse {FINAL.name} ({len(raw) // 1024} KiB)", rows, "lxml parse only (baseline)")
    seeds = iter(range(10**9))
    rows = [
        ("random.sample per pool (baseline)", median_seconds(
            lambda: [random.Random(next(seeds)).sample(ids, n) for ids, n in zip(pools, draws, strict=True)], number=20)),
        ("draw_paper (questions and options shuffled)", median_seconds(
            lambda: draw_paper(paper, str(next(seeds))), number=20)),
    ]
    report("Draw one learner's paper", rows, "random.sample per pool (baseline)")
    rows = [
        ("draw_paper (baseline)", median_seconds(lambda: draw_paper(paper, "seed-1"), number=20)),
        ("score_attempt (whole paper)", median_seconds(lambda: score_attempt(paper, drawn, answers), number=20)),
    ]
    report("Score one attempt", rows, "draw_paper (baseline)")


if __name__ == "__main__":
    main()
