"""Credited references resolved in the course: their titles and completable leaves.

Only the credited parts of the course are read (never the whole course, except for the optional
"credit every video" setting, whose result is kept for a few minutes per process). Leaves follow the
platform's completion modes: a COMPLETABLE block is a leaf, an AGGREGATOR is walked into, an EXCLUDED
block does not count. The gate itself and what it holds are never leaves of its own items.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from xblock.completable import XBlockCompletionMode

from .config import CreditRef
from .hours import DEFAULT_MINUTES_PER_HOUR, CreditItem, VideoDuration, with_video_credits

log = logging.getLogger(__name__)

MISSING = "missing"
NOTHING_TO_COMPLETE = "nothing_to_complete"
VIDEO_CACHE_SECONDS = 600
_video_cache: dict[str, tuple[float, tuple[VideoDuration, ...]]] = {}
_video_cache_lock = threading.Lock()


@dataclass(frozen=True)
class ResolvedCredits:
    """The credit items learners see, and the references that could not be used (for authors)."""

    items: tuple[CreditItem, ...]
    problems: tuple[tuple[CreditRef, str], ...]
    links: dict = field(default_factory=dict)  # {item key: key of the unit to link to}, for leaf items
    sections: dict = field(default_factory=dict)  # {item key: display name of the section (chapter) it is in}


UNIT = "vertical"
SECTION = "chapter"
CONTAINERS = ("vertical", "sequential", "chapter", "course")


def section_title(block) -> str:
    """Display name of the section (chapter) ``block`` is in, itself if it is one; "" when in none.

    Walks the parents of a block already bound (the runtime's block tree, no extra queries)."""
    node = block
    for _ in range(8):
        if node is None:
            return ""
        if node.scope_ids.block_type == SECTION:
            return getattr(node, "display_name", "") or node.scope_ids.usage_id.block_id
        try:
            node = node.get_parent()
        except Exception:  # a parent the runtime cannot load: no section to show
            return ""
    return ""


def unit_of(block):
    """The key the LMS's jump_to should show for ``block``: itself for a unit or a container above units,
    else the unit (vertical) it sits in (a video, a reading); itself if it is in none."""
    if block.scope_ids.block_type in CONTAINERS:
        return block.scope_ids.usage_id
    node = block
    for _ in range(8):
        try:
            node = node.get_parent()
        except Exception:  # a parent the runtime cannot load: link to the block itself
            return block.scope_ids.usage_id
        if node is None:
            break
        if node.scope_ids.block_type == UNIT:
            return node.scope_ids.usage_id
    return block.scope_ids.usage_id


def _children(block):
    if not getattr(block, "has_children", False):
        return []
    bound = []
    for child_id in block.children:
        try:
            bound.append(block.runtime.get_block(child_id))
        except Exception:  # a child the runtime cannot load (deleted, hidden) counts as absent
            log.info("child %s of %s not loadable", child_id, block.scope_ids.usage_id)
    return bound


def completable_leaves(block, skip_key) -> list:
    """Usage keys of the completable leaves under ``block`` (itself if it is one), in course order."""
    if block.scope_ids.usage_id == skip_key:
        return []
    mode = XBlockCompletionMode.get_mode(block)
    if mode == XBlockCompletionMode.EXCLUDED:
        return []
    if mode == XBlockCompletionMode.COMPLETABLE:
        return [block.scope_ids.usage_id]
    return [leaf for child in _children(block) for leaf in completable_leaves(child, skip_key)]


def resolve_credits(gate, refs: list[CreditRef]) -> ResolvedCredits:
    """Bind each referenced block and list its completable leaves."""
    course_key = gate.scope_ids.usage_id.context_key
    items, problems, links, sections = [], [], {}, {}
    for ref in refs:
        key = course_key.make_usage_key(ref.block_type, ref.url_name)
        try:
            target = gate.runtime.get_block(key)
        except Exception:  # NoSuchUsage here, ItemNotFoundError in the LMS
            problems.append((ref, MISSING))
            continue
        leaves = completable_leaves(target, gate.scope_ids.usage_id)
        if not leaves:
            problems.append((ref, NOTHING_TO_COMPLETE))
            continue
        title = getattr(target, "display_name", "") or ref.url_name
        items.append(CreditItem(str(key), title, ref.hours, tuple(str(leaf) for leaf in leaves)))
        if target.scope_ids.block_type not in CONTAINERS:
            links[str(key)] = str(unit_of(target))
        sections[str(key)] = section_title(target)
    return ResolvedCredits(tuple(items), tuple(problems), links, sections)


def video_duration(video) -> float | None:
    """Seconds of a video where the platform knows them (edx-val managed videos), else None."""
    edx_video_id = getattr(video, "edx_video_id", "") or ""
    if not edx_video_id:
        return None
    try:
        from edxval.api import get_video_info  # present in the LMS only
    except ImportError:
        return None
    try:
        return float(get_video_info(edx_video_id).get("duration") or 0) or None
    except Exception:  # unknown id, edx-val errors: the duration is simply unknown
        return None


def _course_root(block):
    node = block
    while True:
        parent = node.get_parent()
        if parent is None:
            return node
        node = parent


def course_videos(gate) -> tuple[tuple[VideoDuration, ...], dict, dict]:
    """Every video of the course with its known duration, {video key: its unit's key} and
    {video key: its section's display name}; walked once per gate every few minutes."""
    cache_key = str(gate.scope_ids.usage_id)
    now = time.monotonic()
    with _video_cache_lock:
        cached = _video_cache.get(cache_key)
        if cached and now - cached[0] < VIDEO_CACHE_SECONDS:
            return cached[1], cached[2], cached[3]
    videos, units, sections, stack = [], {}, {}, [(_course_root(gate), None, "")]
    while stack:
        node, unit, section = stack.pop()
        if node.scope_ids.usage_id == gate.scope_ids.usage_id:
            continue
        if node.scope_ids.block_type == "video":
            title = getattr(node, "display_name", "") or node.scope_ids.usage_id.block_id
            videos.append(VideoDuration(str(node.scope_ids.usage_id), title, video_duration(node)))
            if unit is not None:
                units[str(node.scope_ids.usage_id)] = str(unit)
            sections[str(node.scope_ids.usage_id)] = section
        elif XBlockCompletionMode.get_mode(node) == XBlockCompletionMode.AGGREGATOR:
            inner = node.scope_ids.usage_id if node.scope_ids.block_type == UNIT else unit
            if node.scope_ids.block_type == SECTION:
                section = getattr(node, "display_name", "") or node.scope_ids.usage_id.block_id
            stack.extend((child, inner, section) for child in reversed(_children(node)))
    result = tuple(videos)
    with _video_cache_lock:
        _video_cache[cache_key] = (now, result, units, sections)
    return result, units, sections


def gate_items(gate, refs: list[CreditRef], credit_all_videos: bool,
               minutes_per_hour: int = DEFAULT_MINUTES_PER_HOUR) -> ResolvedCredits:
    """Items of the gate: the credited references, plus every video with a known duration if asked."""
    resolved = resolve_credits(gate, refs)
    if not credit_all_videos:
        return resolved
    videos, units, sections = course_videos(gate)
    items = with_video_credits(resolved.items, videos, minutes_per_hour)
    return ResolvedCredits(items, resolved.problems, {**units, **resolved.links}, {**sections, **resolved.sections})
