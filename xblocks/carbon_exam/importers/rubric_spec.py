"""The one-line rubric form used by the table template (关键词) and GIFT comments.

``活动数据|活动水平:2;排放因子:2:因子来源`` is two rubric points: 2 points for 活动数据 or 活动水平,
and 2 points for 排放因子 labelled 因子来源; ``:3:论述完整`` is a point without keywords (staff
judge it). Points are separated by ``;``, keyword alternatives by
``|``, and each point is ``keywords:points[:label]``; the full-width ``；｜：`` work too. Keywords
and labels therefore cannot contain these separators.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..paper import RubricPoint
from ..problems import plain_number

_SEPARATORS = str.maketrans({"；": ";", "｜": "|", "：": ":"})
_POINTS = re.compile(r"^\s*\d+(\.\d+)?\s*$")


def parse_rubric_spec(spec: str) -> list[RubricPoint]:
    """The rubric points written in ``spec`` (empty for an empty spec); bad specs are a ValueError."""
    points = []
    for chunk in _split(spec, ";"):
        if chunk.strip():
            points.append(_parse_point(chunk))
    return points


def format_rubric_spec(rubric: list[RubricPoint]) -> str:
    """``rubric`` in the one-line form (the inverse of :func:`parse_rubric_spec`)."""
    return ";".join(_format_point(point) for point in rubric)


def _parse_point(chunk: str) -> RubricPoint:
    fields = _split(chunk, ":", maxsplit=2)
    if len(fields) < 2 or not _POINTS.match(fields[1]):
        raise ValueError(f"a rubric point needs keywords:points, not {chunk.strip()!r}")
    keywords = [keyword.strip() for keyword in _split(fields[0], "|") if keyword.strip()]
    label = fields[2].strip() if len(fields) == 3 else ""
    try:
        points = Decimal(fields[1].strip())
    except InvalidOperation:
        raise ValueError(f"bad points in {chunk.strip()!r}") from None
    return RubricPoint(points=points, label=label, keywords=keywords)


def _format_point(point: RubricPoint) -> str:
    text = "|".join(point.keywords) + ":" + plain_number(point.points)
    return text + ":" + point.label if point.label else text


def _split(text: str, separator: str, maxsplit: int = -1) -> list[str]:
    """Split ``text`` at ASCII or full-width ``separator`` while keeping the original characters."""
    translated = (text or "").translate(_SEPARATORS)
    pieces, start = [], 0
    for index, char in enumerate(translated):
        if char == separator and (maxsplit < 0 or len(pieces) < maxsplit):
            pieces.append(text[start:index])
            start = index + 1
    pieces.append((text or "")[start:])
    return pieces
