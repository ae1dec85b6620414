"""Small builders for papers in tests (the real thing, not mocks)."""

from decimal import Decimal
from pathlib import Path

from carbon_exam.olx import parse_paper, parse_xml
from carbon_exam.paper import Option, Paper, Part, Pool, Question, RubricPoint

DATA = Path(__file__).parent / "data"


def rich_paper() -> Paper:
    return parse_paper(parse_xml((DATA / "rich_paper.xml").read_bytes()))


def choice(qid: str, correct: str = "B", options: str = "ABCD", stem: str | None = None) -> Question:
    return Question(id=qid, stem=stem or f"Question {qid}?",
                    options=[Option(id=o, text=f"Option {o}", correct=o in correct) for o in options])


def short(qid: str, rubric=((2, ("活动数据", "活动水平")), (3, ("排放因子",))), reference: str = "参考答案") -> Question:
    return Question(id=qid, stem=f"Explain {qid}.", reference=reference,
                    rubric=[RubricPoint(points=Decimal(str(p)), label=f"point {n}", keywords=list(k))
                            for n, (p, k) in enumerate(rubric, 1)])


def pool(pid: str, type_: str, questions, draw: int | None = None, points="1", **modes) -> Pool:
    questions = list(questions)
    return Pool(id=pid, type=type_, draw=len(questions) if draw is None else draw, points=Decimal(str(points)),
                questions=questions, **modes)


def paper(*parts: Part, total=None, pass_mark="60") -> Paper:
    result = Paper(parts=list(parts), pass_mark=Decimal(pass_mark))
    result.total_points = result.drawn_points if total is None else Decimal(str(total))
    return result


def part(pid: str, *pools: Pool, title: str = "") -> Part:
    return Part(id=pid, title=title or pid, pools=list(pools))


def one_pool_paper(p: Pool, pass_mark: str = "1") -> Paper:
    return paper(part("only", p), pass_mark=pass_mark)
