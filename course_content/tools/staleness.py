"""Which questions' answers may have gone stale: every question whose answer can change carries an
"as of" date (``<question as_of="2026-11">``, when the answer was last checked against its source),
and this report lists those checked longer ago than ``MAX_AGE_MONTHS``.

An answer *can change* when it rests on a document that is revised: a law, regulation, policy, market
rule, accounting or auditing standard, technical standard, methodology tool or yearly report
(``CHANGEABLE`` matches the question's source). Treaties and the IPCC's assessment reports are cited
by edition and article, so their answers stay true. Re-check such a question against the current text, fix it, and set its ``as_of`` to the month
of the check; then re-assemble the paper.

    python -m course_content.tools.staleness                       # report; exit 1 if any is stale or undated
    python -m course_content.tools.staleness --max-age-months 6 --today 2027-06
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR

#: A checked answer older than this (in months) is listed as stale.
MAX_AGE_MONTHS = 12
#: Sources that are revised from time to time: laws and regulations, policies, market rules, standards.
CHANGEABLE = re.compile(r"条例|办法|规则|方案|意见|通知|公告|指南|规定|准则|规范|标准|GB|HJ|JR/T|ISO|EU|欧盟|CBAM"
                        r"|交易所|生态环境部|财政部|发展改革委|国务院|Protocol|GHG|法》|JJF|IFRS|TCFD|清洁发展机制|世界银行")
AS_OF = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Dated:
    id: str
    source: str
    as_of: str


def load(course_dir=COURSE_DIR) -> list[Dated]:
    """Every bank question's id, source and ``as_of``."""
    found = []
    for path in sorted((Path(course_dir) / "question_bank").glob("*.xml")):
        for q in etree.parse(str(path)).getroot().iter("question"):
            found.append(Dated(q.get("id"), q.findtext("source") or "", q.get("as_of") or ""))
    return found


def can_change(question: Dated) -> bool:
    return bool(CHANGEABLE.search(question.source))


def months_between(as_of: str, today: date) -> int:
    """Whole months from the month ``as_of`` (YYYY-MM) to ``today``'s month."""
    match = AS_OF.match(as_of)
    if not match:
        raise ValueError(f"not a YYYY-MM date: {as_of!r}")
    return (today.year - int(match.group(1))) * 12 + today.month - int(match.group(2))


def undated(questions) -> list[str]:
    """Questions whose answer can change but carry no (or a malformed) ``as_of``."""
    return [q.id for q in questions if (can_change(q) and not q.as_of) or (q.as_of and not AS_OF.match(q.as_of))]


def stale(questions, today: date, max_age_months: int = MAX_AGE_MONTHS) -> list[tuple[str, str, int]]:
    """``(id, as_of, age in months)`` of every dated question older than ``max_age_months``, oldest first."""
    aged = [(q.id, q.as_of, months_between(q.as_of, today)) for q in questions if AS_OF.match(q.as_of)]
    return sorted((row for row in aged if row[2] > max_age_months), key=lambda row: (-row[2], row[0]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-age-months", type=int, default=MAX_AGE_MONTHS)
    parser.add_argument("--today", help="YYYY-MM (default: this month)")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    today = date.today() if not args.today else date(*map(int, args.today.split("-")), 1)
    questions = load(args.course_dir)
    missing = undated(questions)
    old = stale(questions, today, args.max_age_months)
    dated = sum(bool(q.as_of) for q in questions)
    print(f"{dated} of {len(questions)} questions carry an as-of date; "
          f"{len(old)} checked more than {args.max_age_months} months before {today:%Y-%m}")
    for qid, as_of, age in old:
        print(f"stale: {qid} as of {as_of} ({age} months)")
    for qid in missing:
        print(f"undated: {qid} (its answer rests on a source that can change)")
    return 1 if old or missing else 0


if __name__ == "__main__":
    sys.exit(main())
