"""What learners and staff read about the study ledger: per-item "studied / needed" and what is missing.

No XBlock and no Django: the block passes its translator (``carbon_common.i18n.Translator``); the figures come
from ``verified.ItemStudy``.
"""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_UP, Decimal
from functools import lru_cache

from carbon_common.i18n import Translator, _

from .messages import number
from .verified import PRACTICE, READING, VIDEO, ItemStudy, LeafShortfall


@lru_cache(maxsize=4096)  # pure; an 800-item course repeats a few figures (issue 13)
def minutes(seconds: float, rounding=ROUND_DOWN) -> str:
    """Seconds as minutes to one decimal: studied time rounds down, needed time up (never shown as met early)."""
    return number((Decimal(str(seconds)) / 60).quantize(Decimal("0.1"), rounding=rounding))


def shortfall(t: Translator, leaf: LeafShortfall) -> str:
    """One sentence for a leaf still missing."""
    if leaf.kind == PRACTICE:
        return t.gettext("Practice check: not yet answered.")
    studied = minutes(leaf.studied_seconds)
    if leaf.needed_seconds is None:
        return t.ngettext("Video: {studied} minute watched; its length is known once it is played.",
                          "Video: {studied} minutes watched; its length is known once it is played.", studied,
                          studied=studied)
    needed = minutes(leaf.needed_seconds, ROUND_UP)
    if leaf.kind == VIDEO:
        return t.ngettext("Video: {studied} of {needed} minute watched.", "Video: {studied} of {needed} minutes watched.",
                          needed, studied=studied, needed=needed)
    if leaf.kind == READING:
        return t.ngettext("Reading: {studied} of {needed} minute read.", "Reading: {studied} of {needed} minutes read.",
                          needed, studied=studied, needed=needed)
    return leaf.kind


def item_payload(t: Translator, study: ItemStudy | None) -> dict | None:
    """{studied, needed (minutes), percent, missing: [sentences]} of one item, None outside verified mode."""
    if study is None:
        return None
    percent = 100 if not study.needed_seconds else min(100, int(study.studied_seconds * 100 / study.needed_seconds))
    return {"studied": minutes(study.studied_seconds), "needed": minutes(study.needed_seconds, ROUND_UP),
            "percent": percent, "missing": [shortfall(t, leaf) for leaf in study.missing]}


EVIDENCE_LABELS = {
    "video_played": _("video played (player events, server times)"),
    "arrival_to_next_event": _("reading: from arrival to the next event"),
    "arrival_open": _("reading: arrived, no later event yet"), "playing": _("video: playing, not yet paused"),
    "practice_answered": _("practice check answered"), "practice_empty": _("practice check submitted empty"),
    "none": _("no evidence"), "manual_credit": _("manual credit"), "manual_revoked": _("credit revoked"),
}


def evidence_label(t: Translator, evidence: str) -> str:
    """The evidence kind a ledger entry rests on, in the reader's language (unknown kinds as they are)."""
    return t.gettext(EVIDENCE_LABELS[evidence]) if evidence in EVIDENCE_LABELS else evidence
