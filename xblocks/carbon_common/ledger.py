"""The study ledger's Django side: record server-received evidence, recompute credits, answer the gate and staff.

The rules are in :mod:`carbon_common.study_intervals` (pure); this module stores ``StudyEvent`` rows, keeps one
``StudyCredit`` row per learner and item up to date, and reads them back.

Settings: ``CARBON_STUDY_MAX_RATE`` (playback rate credited at most, default 1.0: credit never exceeds the
wall-clock time), ``CARBON_STUDY_IDLE_SECONDS`` (a stretch longer than this is flagged, default 1800),
``CARBON_STUDY_READING_TYPES`` (block types whose completion marks a reading's arrival, default ``("html",)``),
``CARBON_STUDY_READING_GRACE_SECONDS`` (requests the page makes right after a reading arrives do not end it,
default 3).
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from carbon_common import study_intervals as core
from carbon_common.study_intervals import Anomaly, Need, Studied, TimelineEntry  # noqa: F401  (the API's records)

log = logging.getLogger(__name__)

# The platform player's event names (browser) and the mobile apps' (edx.video.*), mapped to the player's.
VIDEO_EVENT_NAMES = {
    "play_video": core.PLAY, "pause_video": core.PAUSE, "seek_video": core.SEEK, "stop_video": core.STOP,
    "complete_video": core.COMPLETE, "speed_change_video": "speed_change_video",
    "edx.video.played": core.PLAY, "edx.video.paused": core.PAUSE, "edx.video.position.changed": core.SEEK,
    "edx.video.stopped": core.STOP, "edx.video.completed": core.COMPLETE,
    "edx.video.language_menu.shown": None, "edx.video.language_menu.hidden": None,
}
# Events the page sends by itself, without the learner doing anything: they do not end a reading.
NOT_THE_LEARNER = frozenset({"load_video", "edx.video.loaded", "edx.video.language_menu.shown",
                             "edx.video.language_menu.hidden", "edx.video.transcript.shown",
                             "edx.video.closed_captions.shown"})


def max_rate() -> float:
    return float(getattr(settings, "CARBON_STUDY_MAX_RATE", 1.0))


def idle_seconds() -> float:
    return float(getattr(settings, "CARBON_STUDY_IDLE_SECONDS", core.DEFAULT_IDLE_SECONDS))


def grace_seconds() -> float:
    return float(getattr(settings, "CARBON_STUDY_READING_GRACE_SECONDS", 3.0))


def reading_types() -> tuple:
    return tuple(getattr(settings, "CARBON_STUDY_READING_TYPES", ("html",)))


# ---------------------------------------------------------------- recording

def record_event(event: dict) -> None:
    """Record one event-tracking event (``name``, ``timestamp``, ``data``, ``context``) if it is evidence.

    Video events of a learner in a course are stored and the course's credits recomputed; any other event of the
    learner ends their open reading (if any). Events without a user are ignored.
    """
    context = event.get("context") or {}
    user_id = _int(context.get("user_id"))
    name = event.get("name") or event.get("event_type") or ""
    if not user_id or name in NOT_THE_LEARNER:
        return
    at = _server_time(event.get("timestamp"))
    session = str(context.get("session") or "")[:64]
    if name in VIDEO_EVENT_NAMES and VIDEO_EVENT_NAMES[name]:
        row = _video_row(VIDEO_EVENT_NAMES[name], _data(event), context, user_id, at, session)
        if row is not None:
            _store_and_recompute(row)
            return
    _end_open_readings(user_id, name, at, session)


def record_reading_arrival(user_id, course_key, usage_key, when=None, session="") -> None:
    """The learner arrived at a reading (its completion reached the server)."""
    from carbon_common.models import StudyEvent

    _store_and_recompute(StudyEvent(user_id=user_id, course_key=str(course_key), usage_key=str(usage_key),
                                    kind=core.READING, name="completion", session=session,
                                    server_time=when or timezone.now()))


def record_practice(user_id, course_key, usage_key, answered: bool, when=None) -> None:
    """A practice check was submitted; only a submission with answers (``answered``) credits it."""
    from carbon_common.models import StudyEvent

    name = core.EVIDENCE_PRACTICE if answered else core.EVIDENCE_PRACTICE_EMPTY
    _store_and_recompute(StudyEvent(user_id=user_id, course_key=str(course_key), usage_key=str(usage_key),
                                    kind=core.PRACTICE, name=name, server_time=when or timezone.now()))


def on_completion_saved(sender, instance, **kwargs):
    """``post_save`` of edx-completion's ``BlockCompletion``: a reading's completion marks its arrival."""
    block_key = getattr(instance, "block_key", None)
    if block_key is None or block_key.block_type not in reading_types() or not instance.completion:
        return
    try:
        record_reading_arrival(instance.user_id, instance.context_key, block_key, session=_tracking_session())
    except Exception:  # noqa: BLE001  (the ledger never breaks the learner's request)
        log.exception("study ledger: reading arrival not recorded")


def _tracking_session():
    """The request's tracking session id, as the platform's tracker context holds it ("" outside a request)."""
    try:
        from eventtracking.tracker import get_tracker

        return str(get_tracker().resolve_context().get("session") or "")[:64]
    except Exception:  # noqa: BLE001  (no tracker configured)
        return ""


def _video_row(name, data, context, user_id, at, session):
    from carbon_common.models import StudyEvent

    usage_key = _video_usage_key(data.get("id") or data.get("module_id"), context.get("course_id"))
    if usage_key is None:
        return None
    if name == core.SEEK:
        position, target = _float(data.get("old_time")), _float(data.get("new_time"))
    else:
        position, target = _float(data.get("currentTime", data.get("current_time"))), None
    speed = _float(data.get("new_speed", data.get("speed")))
    return StudyEvent(user_id=user_id, course_key=str(usage_key.course_key), usage_key=str(usage_key),
                      kind=core.VIDEO, name=name, position=position, target=target, speed=speed, session=session,
                      server_time=at)


def _video_usage_key(block_id, course_id):
    """The player sends the block id (``location.html_id()``); a full usage key is accepted too."""
    if not block_id:
        return None
    try:
        return UsageKey.from_string(str(block_id)).map_into_course(CourseKey.from_string(str(course_id))) \
            if course_id else UsageKey.from_string(str(block_id))
    except InvalidKeyError:
        pass
    try:
        return CourseKey.from_string(str(course_id)).make_usage_key("video", str(block_id))
    except InvalidKeyError:
        return None


def _end_open_readings(user_id, name, at, session, except_course=None):
    """The learner's next event ends their open readings (in ``except_course`` the stored event itself does):
    one evidence row per open reading, then one recompute per course they are in."""
    from carbon_common.models import StudyCredit, StudyEvent

    open_rows = StudyCredit.objects.filter(user_id=user_id, open_since__isnull=False, open_since__lt=at)
    if except_course is not None:
        open_rows = open_rows.exclude(course_key=except_course)
    ends = [StudyEvent(user_id=user_id, course_key=course_key, usage_key=usage_key, kind=core.NEXT, name=name[:64],
                       session=session, server_time=at)
            for course_key, usage_key in open_rows.values_list("course_key", "usage_key")]
    if not ends:
        return
    StudyEvent.objects.bulk_create(ends)
    for course_key in dict.fromkeys(row.course_key for row in ends):
        _recompute_retrying(user_id, course_key)


def _store_and_recompute(row) -> None:
    """Store the evidence (kept even if the recompute fails), end open readings elsewhere, recompute its course."""
    row.save()
    _end_open_readings(row.user_id, row.name, row.server_time, row.session, except_course=row.course_key)
    _recompute_retrying(row.user_id, row.course_key)


def _recompute_retrying(user_id, course_key) -> None:
    """:func:`recompute`, once more if a concurrent recompute created the same first credit row."""
    for attempt in range(2):
        try:
            recompute(user_id, course_key)
            return
        except IntegrityError:
            if attempt:
                raise


@transaction.atomic
def recompute(user_id, course_key) -> None:
    """Rebuild the learner's ``StudyCredit`` rows in ``course_key`` from all their evidence there."""
    from carbon_common.models import StudyCredit

    # Lock the learner's credit rows first, so concurrent recomputes of one learner run one after the other and
    # each reads the evidence the previous one committed (a first-ever row clashes instead: the caller retries).
    existing = {str(row.usage_key): row for row in StudyCredit.objects.select_for_update().filter(
        user_id=user_id, course_key=str(course_key))}
    result = core.credit_course(_pure_events(user_id, course_key), max_rate=max_rate(), idle_seconds=idle_seconds(),
                                grace_seconds=grace_seconds())
    create, update = [], []
    for item, credit in result.items.items():
        values = {"kind": credit.kind, "seconds": credit.seconds, "evidence": credit.evidence,
                  "intervals": [list(pair) for pair in credit.intervals],
                  "open_since": _datetime(credit.open_since) if credit.open_since is not None else None}
        row = existing.get(item)
        if row is None:
            create.append(StudyCredit(user_id=user_id, course_key=str(course_key), usage_key=item, **values))
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            update.append(row)
    StudyCredit.objects.bulk_create(create)  # stamps ``updated`` (auto_now)
    if update:  # bulk_update does not stamp ``updated``: the gate's fingerprint (credit_fingerprint) needs it
        now = timezone.now()
        for row in update:
            row.updated = now
        StudyCredit.objects.bulk_update(update, ["kind", "seconds", "evidence", "intervals", "open_since", "updated"])


def _pure_events(user_id, course_key):
    from carbon_common.models import StudyEvent
    from carbon_common.models.base import stored_text

    rows = StudyEvent.objects.filter(user_id=user_id, course_key=str(course_key)).values_list(
        "server_time", stored_text("usage_key"), "kind", "name", "position", "target", "speed", "session")
    return [core.Event(at.timestamp(), item, kind, name, position, target, speed, session)
            for at, item, kind, name, position, target, speed, session in rows]


# ---------------------------------------------------------------- reading

def studied(course_key, user_ids, needs: dict) -> dict:
    """``{user_id: {usage_key: Studied}}`` for every user and every item of ``needs`` (one query)."""
    from carbon_common.models import StudyCredit
    from carbon_common.models.base import stored_text

    user_ids = [int(user_id) for user_id in user_ids]
    found = {}
    rows = StudyCredit.objects.filter(course_key=str(course_key), user_id__in=user_ids,
                                      usage_key__in=[str(key) for key in needs]).values_list(
        "user_id", stored_text("usage_key"), "kind", "seconds", "evidence")
    for user_id, usage_key, kind, seconds, evidence in rows:
        found[(user_id, usage_key)] = core.ItemCredit(usage_key, kind, seconds, [], evidence)
    return {user_id: {str(key): core.studied_item(need, found.get((user_id, str(key))))
                      for key, need in needs.items()}
            for user_id in user_ids}


def credit_fingerprint(course_key, user_id) -> tuple:
    """(count, latest ``updated``) of the learner's credit rows in the course: one aggregate query that moves with
    every write of a ``StudyCredit`` (each write path stamps ``updated``)."""
    from django.db.models import Count, Max

    from carbon_common.models import StudyCredit

    found = StudyCredit.objects.filter(course_key=str(course_key), user_id=int(user_id)).aggregate(
        count=Count("id"), latest=Max("updated"))
    return found["count"], found["latest"]


def credit_rows(course_key, user_id, since=None) -> list:
    """[(row id, usage key, ItemCredit)] of the learner's credit rows in the course (``since``: those updated then
    or later), as :func:`studied` reads them."""
    from carbon_common.models import StudyCredit
    from carbon_common.models.base import stored_text

    rows = StudyCredit.objects.filter(course_key=str(course_key), user_id=int(user_id))
    if since is not None:
        rows = rows.filter(updated__gte=since)
    return [(row_id, usage_key, core.ItemCredit(usage_key, kind, seconds, [], evidence))
            for row_id, usage_key, kind, seconds, evidence in rows.values_list(
                "id", stored_text("usage_key"), "kind", "seconds", "evidence")]


def timeline(course_key, user_id, closes: dict | None = None) -> list:
    """The learner's study in the course, oldest first: each video span, reading and practice submission as the
    ledger credited it (manual and imported hour credits are the gate's: ``HourCredit``)."""
    return [_dated(entry) for entry in _course_credit(course_key, user_id, closes).timeline]


def anomalies(course_key, user_id, closes: dict | None = None) -> list:
    """What staff should look at in the learner's study (``closes``: usage key → when the item closed)."""
    return [Anomaly(a.kind, a.usage_key, _datetime(a.when), a.session, a.detail)
            for a in _course_credit(course_key, user_id, closes).anomalies]


def _course_credit(course_key, user_id, closes):
    closes = {str(key): value.timestamp() for key, value in (closes or {}).items() if value is not None}
    return core.credit_course(_pure_events(user_id, course_key), max_rate=max_rate(),
                              idle_seconds=idle_seconds(), closes=closes, grace_seconds=grace_seconds())


def _dated(entry):
    from dataclasses import replace

    return replace(entry, when=_datetime(entry.when),
                   until=_datetime(entry.until) if entry.until is not None else None)


# ---------------------------------------------------------------- small parsers

def _data(event):
    import json

    data = event.get("data") or event.get("event") or {}
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return {}
    return data if isinstance(data, dict) else {}


def _server_time(value):
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    return timezone.now()


def _datetime(seconds):
    return datetime.fromtimestamp(seconds, tz=UTC)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) < 1e9 else None
