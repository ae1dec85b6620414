"""Assemble the final exam paper ``carbon_exam/final_exam.xml`` from ``question_bank/*.xml``.

Each bank file holds one section's questions (``<bank section=... part="theory|professional">``).
Questions are copied, in id order and without their ``type`` attribute, into six pools: one per
part (《基础理论》, 《专业课程》) and question type (single, multiple, short).

    python -m course_content.tools.assemble_exam            # (re)write final_exam.xml
    python -m course_content.tools.assemble_exam --check    # exit 1 if final_exam.xml is stale,
                                                            # a pool is over-drawn, or the paper
                                                            # does not total its points
"""
import argparse
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR

PAPER_ATTRIBUTES = {
    "display_name": "碳减排领域专业技能岗位人才考试",
    "mode": "exam",
    "total_points": "100",
    "pass_mark": "60",
    "time_limit_minutes": "120",
    "shuffle_questions": "true",
    "shuffle_options": "true",
    "max_attempts": "1",
}
#: (part id, part title), in paper order.
PARTS = (("theory", "基础理论"), ("professional", "专业课程"))


@dataclass(frozen=True)
class PoolSpec:
    """How many questions of one type a part draws, and what each is worth."""

    suffix: str
    question_type: str
    draw: int
    points: int
    extra: tuple = ()


POOLS = (
    PoolSpec("single", "single", draw=20, points=1),
    PoolSpec("multi", "multiple", draw=10, points=2, extra=(("scoring", "partial"),)),
    PoolSpec("short", "short", draw=2, points=5, extra=(("grading", "staff"),)),
)
#: A paper may use at most this share of any pool's questions.
MAX_DRAW_SHARE = Fraction(1, 3)

FINAL_EXAM_PATH = Path("carbon_exam") / "final_exam.xml"


class BankError(ValueError):
    """A question bank file that cannot be assembled (bad part, type or duplicate id)."""


def _parser():
    return etree.XMLParser(remove_blank_text=True, remove_comments=True)


def load_questions(bank_dir):
    """Return ``{(part, type): [question elements]}`` from every ``*.xml`` bank in ``bank_dir``."""
    parts = {part for part, _title in PARTS}
    types = {spec.question_type for spec in POOLS}
    questions = {}
    seen = {}
    for path in sorted(Path(bank_dir).glob("*.xml")):
        bank = etree.parse(str(path), _parser()).getroot()
        part = bank.get("part")
        if bank.tag != "bank" or part not in parts:
            raise BankError(f"{path.name}: expected <bank part=\"theory|professional\">")
        for question in bank.iterchildren("question"):
            qid, qtype = question.get("id"), question.get("type")
            if qtype not in types:
                raise BankError(f"{path.name}: question {qid} has unknown type {qtype!r}")
            if qid in seen:
                raise BankError(f"{path.name}: question id {qid} already used in {seen[qid]}")
            seen[qid] = path.name
            questions.setdefault((part, qtype), []).append(question)
    return questions


def build_paper(questions):
    """Build the ``<carbon_exam>`` element for the questions returned by :func:`load_questions`.

    Professional questions carry ``track`` (their bank's section), so an exam set to draw the
    professional part from the learner's own track can tell them apart.
    """
    sections = {q.get("id"): q.getparent().get("section") for found in questions.values() for q in found}
    paper = etree.Element("carbon_exam", PAPER_ATTRIBUTES)
    for part_id, title in PARTS:
        part = etree.SubElement(paper, "part", id=part_id, title=title)
        for spec in POOLS:
            attributes = {"id": f"{part_id}-{spec.suffix}", "type": spec.question_type,
                          "draw": str(spec.draw), "points": str(spec.points), **dict(spec.extra)}
            pool = etree.SubElement(part, "pool", attributes)
            for question in sorted(questions.get((part_id, spec.question_type), []),
                                   key=lambda q: q.get("id")):
                copied = etree.fromstring(etree.tostring(question), _parser())
                copied.attrib.pop("type", None)
                if part_id == "professional":
                    copied.set("track", sections[question.get("id")])
                copied.tail = None
                pool.append(copied)
    return paper


def serialise(paper):
    """The bytes written to ``final_exam.xml`` (UTF-8, pretty-printed, stable)."""
    return etree.tostring(paper, encoding="utf-8", xml_declaration=True, pretty_print=True)


def paper_problems(paper):
    """Human-readable problems with a paper: over-drawn or short pools, wrong point total."""
    problems = []
    total = 0
    for pool in paper.iter("pool"):
        draw, points = int(pool.get("draw")), int(pool.get("points"))
        count = len(pool.findall("question"))
        total += draw * points
        if count < draw:
            problems.append(f"pool {pool.get('id')}: draws {draw} but holds only {count} questions")
        elif Fraction(draw, count) > MAX_DRAW_SHARE:
            problems.append(f"pool {pool.get('id')}: draws {draw} of {count} questions "
                            f"(more than {MAX_DRAW_SHARE} of the pool; needs at least "
                            f"{int(draw / MAX_DRAW_SHARE)})")
    if total != int(paper.get("total_points")):
        problems.append(f"paper totals {total} points, not {paper.get('total_points')}")
    return problems


def assemble(course_dir=COURSE_DIR):
    """Return ``(paper element, serialised bytes)`` built from ``course_dir/question_bank``."""
    paper = build_paper(load_questions(Path(course_dir) / "question_bank"))
    return paper, serialise(paper)


def is_current(course_dir=COURSE_DIR):
    """True when the committed ``final_exam.xml`` equals what :func:`assemble` would write."""
    target = Path(course_dir) / FINAL_EXAM_PATH
    return target.is_file() and target.read_bytes() == assemble(course_dir)[1]


def pool_summary(paper):
    """One line per pool: id, questions held, questions drawn."""
    return [f"  {pool.get('id'):<22} {len(pool.findall('question')):>4} questions, draws {pool.get('draw')}"
            for pool in paper.iter("pool")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if final_exam.xml is stale or the paper has problems")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        paper, data = assemble(args.course_dir)
    except (BankError, etree.XMLSyntaxError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    target = args.course_dir / FINAL_EXAM_PATH
    problems = paper_problems(paper)
    if args.check:
        if not target.is_file() or target.read_bytes() != data:
            problems.insert(0, f"{FINAL_EXAM_PATH} is out of date: run python -m course_content.tools.assemble_exam")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target}")
        else:
            print(f"{target} is up to date")
    print("\n".join(pool_summary(paper)))
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
