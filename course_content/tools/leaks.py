"""Find questions that give each other away, and measure how often a drawn paper holds such a pair.

Two kinds of candidate pairs are found by text alone (after NFKC, case folding and removing white
space and punctuation):

- ``key``: a correct option of a choice question (its key) is contained in another question's stem
  or reference answer, e.g. the short answer bt-q-012 restates bt-s-030's key word for word;
- ``similar``: two stems are close (character-bigram Jaccard similarity >= ``STEM_SIMILARITY``).

A pair is *resolved* when both questions share an exclusion group (``<question exclude="...">``,
never drawn together) or the pair is waived in ``question_bank/leak_waivers.txt`` with a reason.
``tests/course_content`` fails on any unresolved pair.

    python -m course_content.tools.leaks                 # list unresolved pairs, simulate draws
    python -m course_content.tools.leaks --all           # every candidate pair, resolved or not
    python -m course_content.tools.leaks --papers 2000   # size of the draw simulation

The simulation draws papers from the assembled final paper with the exam's own ``draw_paper`` and
reports the share holding at least one leaking pair (a candidate pair not waived): without exclusion
groups (before) and with them (after).
"""
from __future__ import annotations

import argparse
import string
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR

#: A key shorter than this (normalised characters) is too common to count as giving an answer away.
MIN_KEY_LENGTH = 4
#: A key found in more than this many other questions is a common term (二氧化碳), not a giveaway.
MAX_KEY_SPREAD = 2
#: Stems at least this similar (character-bigram Jaccard) are candidates.
STEM_SIMILARITY = 0.5
WAIVERS_PATH = Path("question_bank") / "leak_waivers.txt"

_PUNCTUATION = frozenset(string.punctuation)


def normalize(text: str) -> str:
    """NFKC, case-folded, without white space or punctuation (as short answers are matched)."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(c for c in folded if not (c.isspace() or c in _PUNCTUATION
                                            or unicodedata.category(c).startswith(("P", "Z", "C"))))


@dataclass(frozen=True)
class BankQuestion:
    """What the checker needs of a question."""

    id: str
    type: str
    stem: str
    keys: tuple[str, ...] = ()
    reference: str = ""
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """A candidate pair, ``a`` < ``b``; ``kind`` is ``key`` or ``similar``; ``detail`` says why."""

    a: str
    b: str
    kind: str
    detail: str


def question_from_element(element) -> BankQuestion:
    """A :class:`BankQuestion` from a ``<question>`` element (bank or paper)."""
    return BankQuestion(
        id=element.get("id"), type=element.get("type") or "",
        stem=element.findtext("stem") or "",
        keys=tuple(o.text or "" for o in element.findall("option") if o.get("correct") == "true"),
        reference=element.findtext("reference") or "",
        groups=tuple((element.get("exclude") or "").split()))


def load_bank(course_dir=COURSE_DIR) -> list[BankQuestion]:
    """Every question of ``question_bank/*.xml``."""
    questions = []
    for path in sorted((Path(course_dir) / "question_bank").glob("*.xml")):
        questions += [question_from_element(q) for q in etree.parse(str(path)).getroot().iter("question")]
    return questions


def bigrams(text: str) -> frozenset:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def candidate_pairs(questions, min_key_length: int = MIN_KEY_LENGTH, max_spread: int = MAX_KEY_SPREAD,
                    similarity: float = STEM_SIMILARITY) -> list[Pair]:
    """Every candidate pair among ``questions``, sorted, one per (a, b, kind)."""
    found: dict[tuple, Pair] = {}
    texts = {q.id: (normalize(q.stem), normalize(q.reference)) for q in questions}
    for q in questions:
        for key in q.keys:
            needle = normalize(key)
            if len(needle) < min_key_length:
                continue
            hits = []
            for other in questions:
                stem, reference = texts[other.id]
                where = "stem" if needle in stem else "reference" if needle in reference else None
                if where and other.id != q.id:
                    hits.append((other.id, where))
            if len(hits) > max_spread:
                continue
            for other_id, where in hits:
                a, b = sorted((q.id, other_id))
                found.setdefault((a, b, "key"), Pair(a, b, "key", f"key of {q.id} «{key}» in {where} of {other_id}"))
    grams = {q.id: bigrams(texts[q.id][0]) for q in questions}
    ordered = sorted(questions, key=lambda q: q.id)
    for i, q in enumerate(ordered):
        for other in ordered[i + 1:]:
            score = jaccard(grams[q.id], grams[other.id])
            if score >= similarity:
                found.setdefault((q.id, other.id, "similar"),
                                 Pair(q.id, other.id, "similar", f"stems {score:.2f} similar"))
    return sorted(found.values(), key=lambda p: (p.a, p.b, p.kind))


def read_waivers(text: str) -> dict[tuple[str, str], str]:
    """``{(a, b): reason}`` from lines ``id-a id-b reason`` (``#`` comments; a reason is required)."""
    waivers = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split(None, 2)
        if len(fields) < 3 or not fields[2].strip():
            raise ValueError(f"waiver line {number}: expected 'id-a id-b reason'")
        waivers[tuple(sorted(fields[:2]))] = fields[2].strip()
    return waivers


def load_waivers(course_dir=COURSE_DIR) -> dict[tuple[str, str], str]:
    path = Path(course_dir) / WAIVERS_PATH
    return read_waivers(path.read_text(encoding="utf-8")) if path.is_file() else {}


def grouped(questions, a: str, b: str) -> bool:
    """True when ``a`` and ``b`` share an exclusion group."""
    groups = {q.id: set(q.groups) for q in questions}
    return bool(groups.get(a, set()) & groups.get(b, set()))


def unresolved(questions, pairs, waivers) -> list[Pair]:
    """Pairs neither grouped nor waived."""
    groups = {q.id: set(q.groups) for q in questions}
    return [p for p in pairs if not (groups[p.a] & groups[p.b]) and (p.a, p.b) not in waivers]


def unused_waivers(pairs, waivers) -> list[tuple[str, str]]:
    """Waivers that match no candidate pair (stale: the text changed or a question went)."""
    found = {(p.a, p.b) for p in pairs}
    return sorted(pair for pair in waivers if pair not in found)


def leak_share(paper, pairs, seeds, use_groups: bool = True) -> float:
    """Share of papers drawn for ``seeds`` holding both questions of some pair.

    ``paper`` is a :class:`carbon_exam.paper.Paper`; ``use_groups=False`` drops its exclusion groups
    first (the draw as it was before them).
    """
    from carbon_exam.draw import draw_paper  # the exam's own draw (pure)

    if not use_groups:
        import copy

        paper = copy.deepcopy(paper)
        for _, _, question in paper.questions():
            question.exclude = []
    pair_set = {(p.a, p.b) for p in pairs}
    leaking = 0
    seeds = list(seeds)
    for seed in seeds:
        ids = sorted(draw_paper(paper, seed).question_ids())
        chosen = set(ids)
        if any(a in chosen and b in chosen for a, b in pair_set):
            leaking += 1
    return leaking / len(seeds) if seeds else 0.0


def final_paper(course_dir=COURSE_DIR):
    """The assembled final paper as the exam reads it."""
    from carbon_exam.olx import parse_paper
    from course_content.tools import assemble_exam

    element = assemble_exam.assemble(course_dir)[0]
    return parse_paper(element, total_points=element.get("total_points"), pass_mark=element.get("pass_mark"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every candidate pair")
    parser.add_argument("--papers", type=int, default=1000, help="papers drawn in the simulation (0: none)")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    questions = load_bank(args.course_dir)
    pairs = candidate_pairs(questions)
    waivers = load_waivers(args.course_dir)
    open_pairs = unresolved(questions, pairs, waivers)
    for pair in pairs if args.all else open_pairs:
        state = ("grouped" if grouped(questions, pair.a, pair.b) else "waived" if (pair.a, pair.b) in waivers
                 else "UNRESOLVED")
        print(f"{state:<10} {pair.a} {pair.b} {pair.kind}: {pair.detail}")
    stale = unused_waivers(pairs, waivers)
    for a, b in stale:
        print(f"stale waiver: {a} {b}")
    resolved = len(pairs) - len(open_pairs)
    print(f"{len(pairs)} candidate pairs: {resolved} grouped or waived, {len(open_pairs)} unresolved")
    if args.papers > 0:
        paper = final_paper(args.course_dir)
        seeds = [f"leak-sim-{n}" for n in range(args.papers)]
        leaking = [pair for pair in pairs if (pair.a, pair.b) not in waivers]
        before = leak_share(paper, leaking, seeds, use_groups=False)
        after = leak_share(paper, leaking, seeds, use_groups=True)
        print(f"papers holding a leaking pair (candidate pairs not waived), of {args.papers} drawn: "
              f"without exclusion groups {before:.1%}, with them {after:.1%}")
    return 1 if open_pairs or stale else 0


if __name__ == "__main__":
    sys.exit(main())
