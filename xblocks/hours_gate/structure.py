"""Credited references resolved in the course: their titles and completable leaves.

Only the credited parts of the course are read (never the whole course, except for the optional
"credit every video" setting, whose result is kept for a few minutes per process). Leaves follow the
platform's completion modes: a COMPLETABLE block is a leaf, an AGGREGATOR is walked into, an EXCLUDED
block does not count. The gate itself and what it holds are never leaves of its own items.

Blocks the current user may not load. In the LMS ``runtime.get_block()`` answers ``None`` for a block the
learner may not load (future release date, hidden from learners, content groups, audit gating), and, when a
unit is rendered, a block flagged ``has_access_error``; both count as *withheld* here (:func:`load`), exactly
as ``XModuleMixin.get_children()`` leaves them out. The rule for a credited item the learner cannot load
(it, or every leaf under it, withheld): it stays in the learner's list, marked *not yet available*, and
counts as not complete: its hours cannot be earned until the platform lets the learner load it (a
completion recorded on it earlier is not counted meanwhile). So the gate shows exactly what is missing
instead of silently dropping the item or crashing. Leaves withheld inside an item that is available
are left out of that item, as the platform's own progress leaves them out. Course staff load every block,
so their roster and exports count what each learner has recorded, and authors see the item normally.

Resolving binds every credited block and walks it (linear in the course: ~0.7 ms a sequential), so
:func:`resolve_credits` keeps its answer per process for each (gate, course content version, credits, user):
a learner's next ``gate_status`` reads no block again. The content version is the modulestore's (the split
modulestore sets ``course_version`` on the blocks it loads: the published version in the LMS, the draft's in
Studio; devsite's runtime offers ``content_version``), so any edit of the course resolves afresh; without a
version, nothing is kept. The withheld checks stay per learner: an entry is only ever used for the user it was
resolved for. What the version does not see (a release date passing, a learner moved to another cohort or
enrolment track, a course role granted) shows within :data:`RESOLVED_SECONDS`, or :data:`WITHHELD_SECONDS` when something was withheld
from that learner. Identical answers (most learners') share one object; entries are read, never changed.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime

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
    unavailable: frozenset = frozenset()  # keys of the items the current user may not load (see the rule above)


UNIT = "vertical"
SECTION = "chapter"
CONTAINERS = ("vertical", "sequential", "chapter", "course")


def load(runtime, usage_key):
    """The block at ``usage_key`` as the current user may use it, or None when it is withheld from them.

    Raises what the runtime raises for a block that does not exist (NoSuchUsage, ItemNotFoundError)."""
    block = runtime.get_block(usage_key)
    if block is None or getattr(block, "has_access_error", False):
        return None
    return block


def _load_item(runtime, usage_key):
    load_item = getattr(runtime, "load_item", None)
    try:
        return load_item(usage_key) if load_item and usage_key is not None else None
    except Exception:  # deleted meanwhile, or a runtime without it
        return None


def withheld_title(runtime, usage_key) -> str:
    """Display name of a block the user may not load, read without binding it for them (the LMS's
    ``load_item``, devsite's too); its block id when even that fails."""
    block = _load_item(runtime, usage_key)
    return (getattr(block, "display_name", "") if block is not None else "") or usage_key.block_id


def withheld_section(runtime, usage_key) -> str:
    """Display name of the section (chapter) a block the user may not load is in, read as ``withheld_title``."""
    block = _load_item(runtime, usage_key)
    for _ in range(8):
        if block is None:
            return ""
        if block.scope_ids.block_type == SECTION:
            return getattr(block, "display_name", "") or block.scope_ids.usage_id.block_id
        block = _load_item(runtime, getattr(block, "parent", None))
    return ""


HIDDEN = "hidden"
NOT_RELEASED = "not_released"


def _as_datetime(value):
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value.strip().strip('"'))
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value if isinstance(value, datetime) else None


def learner_restriction(block):
    """Why learners cannot load ``block`` now, read from it and its parents as staff load them:
    ``(HIDDEN, None)`` (hidden from learners), ``(NOT_RELEASED, start)`` (a release date ahead), or None.
    Only these two rules are read; content groups, tracks and prerequisites are not."""
    node, now = block, datetime.now(UTC)
    for _ in range(8):
        if node is None:
            return None
        if getattr(node, "visible_to_staff_only", False):
            return HIDDEN, None
        start = _as_datetime(getattr(node, "start", None))
        if start is not None and start > now:
            return NOT_RELEASED, start
        try:
            node = node.get_parent()
        except Exception:  # a parent the runtime cannot load: nothing more to read
            return None
    return None


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


def _children(block, withheld=None):
    """The children the current user may load; ``withheld`` (a list) collects the keys of the others."""
    if not getattr(block, "has_children", False):
        return []
    bound = []
    for child_id in block.children:
        try:
            child = load(block.runtime, child_id)
        except Exception:  # a child the runtime cannot find (deleted) counts as absent
            log.info("child %s of %s not loadable", child_id, block.scope_ids.usage_id)
            continue
        if child is None:  # withheld from this user (release date, hidden, group, audit gating)
            if withheld is not None:
                withheld.append(child_id)
            continue
        bound.append(child)
    return bound


def completable_leaves(block, skip_key, withheld=None) -> list:
    """Usage keys of the completable leaves under ``block`` (itself if it is one) that the current user may
    load, in course order; ``withheld`` (a list) collects the keys of the children they may not load."""
    if block.scope_ids.usage_id == skip_key:
        return []
    mode = XBlockCompletionMode.get_mode(block)
    if mode == XBlockCompletionMode.EXCLUDED:
        return []
    if mode == XBlockCompletionMode.COMPLETABLE:
        return [block.scope_ids.usage_id]
    return [leaf for child in _children(block, withheld) for leaf in completable_leaves(child, skip_key, withheld)]


#: How long a learner's resolved credits are kept when nothing was withheld from them, and when something was.
RESOLVED_SECONDS = 600
WITHHELD_SECONDS = 60
#: Learners' entries kept per process (least recently used dropped first), and distinct answers per content version.
RESOLVED_ENTRIES = 20000
SHARED_ANSWERS = 8
_resolved: OrderedDict = OrderedDict()  # (gate, version, refs, user id) -> (expires at, ResolvedCredits)
_shared: dict = {}  # (gate, version, refs) -> [distinct ResolvedCredits]
_resolved_lock = threading.Lock()


def content_version(block) -> str | None:
    """The version of the course content ``block`` was read from, or None when the runtime tells none."""
    version = getattr(block, "course_version", None)  # the split modulestore's, on every block it loads
    if version is None:
        version = getattr(block.runtime, "content_version", None)  # devsite's
    return None if version is None else str(version)


def resolve_credits(gate, refs: list[CreditRef]) -> ResolvedCredits:
    """Bind each referenced block and list its completable leaves; items withheld from the current user are
    kept, marked unavailable, with the item itself as their only leaf (see the module's rule).

    Kept per (gate, content version, credits, user) for a few minutes (see the module's docstring)."""
    version, user_id = content_version(gate), gate.scope_ids.user_id
    if version is None or user_id is None:
        return _resolve(gate, refs)[0]
    shared_key = (str(gate.scope_ids.usage_id), version, tuple(refs))
    key = (*shared_key, user_id)
    now = time.monotonic()
    with _resolved_lock:
        found = _resolved.get(key)
        if found is not None and found[0] > now:
            _resolved.move_to_end(key)
            return found[1]
    resolved, withheld = _resolve(gate, refs)
    with _resolved_lock:
        answers = _shared.get(shared_key)
        if answers is None:
            if len(_shared) >= 256:  # versions gone by
                _shared.clear()
            answers = _shared[shared_key] = []
        same = next((answer for answer in answers if answer == resolved), None)
        if same is not None:
            resolved = same
        elif len(answers) < SHARED_ANSWERS:
            answers.append(resolved)
        _resolved[key] = (now + (WITHHELD_SECONDS if withheld else RESOLVED_SECONDS), resolved)
        _resolved.move_to_end(key)
        while len(_resolved) > RESOLVED_ENTRIES:
            _resolved.popitem(last=False)
    return resolved


def forget_resolved():
    """Drop every kept resolution (tests, and a process that must see a change its version does not show)."""
    with _resolved_lock:
        _resolved.clear()
        _shared.clear()


def _resolve(gate, refs) -> tuple[ResolvedCredits, bool]:
    """The credits resolved for the current user, and whether anything was withheld from them."""
    course_key = gate.scope_ids.usage_id.context_key
    any_withheld = False
    items, problems, links, sections, unavailable = [], [], {}, {}, set()
    for ref in refs:
        key = course_key.make_usage_key(ref.block_type, ref.url_name)
        try:
            target = load(gate.runtime, key)
        except Exception:  # NoSuchUsage here, ItemNotFoundError in the LMS
            problems.append((ref, MISSING))
            continue
        if target is None:
            items.append(CreditItem(str(key), withheld_title(gate.runtime, key), ref.hours))
            unavailable.add(str(key))
            sections[str(key)] = withheld_section(gate.runtime, key)
            continue
        withheld = []
        leaves = completable_leaves(target, gate.scope_ids.usage_id, withheld)
        title = getattr(target, "display_name", "") or ref.url_name
        any_withheld = any_withheld or bool(withheld)
        if not leaves and withheld:  # something to complete, none of it open to this user yet
            items.append(CreditItem(str(key), title, ref.hours))
            unavailable.add(str(key))
        elif not leaves:
            problems.append((ref, NOTHING_TO_COMPLETE))
            continue
        else:
            items.append(CreditItem(str(key), title, ref.hours, tuple(str(leaf) for leaf in leaves)))
        if target.scope_ids.block_type not in CONTAINERS:
            links[str(key)] = str(unit_of(target))
        sections[str(key)] = section_title(target)
    resolved = ResolvedCredits(tuple(items), tuple(problems), links, sections, frozenset(unavailable))
    return resolved, any_withheld or bool(unavailable)


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
    """The root above ``block`` and whether it is the course's (False: a parent is withheld from the user)."""
    node = block
    while True:
        parent = node.get_parent()
        if parent is None:
            return node, getattr(node, "parent", None) is None
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
    root, whole = _course_root(gate)
    videos, units, sections, stack, withheld = [], {}, {}, [(root, None, "")], []
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
            stack.extend((child, inner, section) for child in reversed(_children(node, withheld)))
    result = tuple(videos)
    if whole and not withheld:  # only a walk that saw the whole course is shared with other users
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
    return ResolvedCredits(items, resolved.problems, {**units, **resolved.links}, {**sections, **resolved.sections},
                           resolved.unavailable)


_video_seconds: dict[str, tuple[float, float | None]] = {}


def video_seconds(gate, keys) -> dict[str, float | None]:
    """{video key: its duration in seconds or None} for the verified mode's needs; each video's duration is
    kept for a few minutes per process (the platform's edx-val lookup is a query per video)."""
    now, found = time.monotonic(), {}
    for key in keys:
        cached = _video_seconds.get(key)
        if cached is None or now - cached[0] >= VIDEO_CACHE_SECONDS:
            try:
                block = load(gate.runtime, _usage_key(key))
            except Exception:  # deleted since: the ledger's reported duration is all there is
                block = None
            cached = (now, video_duration(block) if block is not None else None)
            with _video_cache_lock:
                _video_seconds[key] = cached
        found[key] = cached[1]
    return found


def _usage_key(key):
    from opaque_keys.edx.keys import UsageKey

    return UsageKey.from_string(key)
