"""Text normalisation for matching short answers against rubric keywords.

``normalize_text`` folds full-width characters to half-width (NFKC), case-folds, and removes
white space and punctuation (ASCII and Chinese), so that "ＣＯ２排放，" matches the keyword "co2排放".
"""

from __future__ import annotations

import string
import unicodedata

_ASCII_PUNCTUATION = frozenset(string.punctuation)


def normalize_text(text: str) -> str:
    """``text`` in the form keywords are matched in: NFKC, case-folded, no spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(char for char in folded if not _is_ignored(char))


def _is_ignored(char: str) -> bool:
    if char.isspace() or char in _ASCII_PUNCTUATION:
        return True
    category = unicodedata.category(char)
    return category.startswith("P") or category in ("Cc", "Cf", "Zs", "Zl", "Zp")
