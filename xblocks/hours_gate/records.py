"""The hours gate's records on the server: credits, unlocks, completions of many learners.

Django ORM only (no XBlock): the block checks who may do what and calls these functions. Every
function asks the database a fixed number of times, whatever the number of items or learners.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from carbon_common.models import AuditEntry, GateUnlock, HourCredit

from .hours import ManualCredit


def to_manual_credit(credit: HourCredit, names: dict[int, str] | None = None) -> ManualCredit:
    """The pure-core view of a credit record (``by``/``revoked_by`` as usernames when ``names`` knows them)."""
    names = names or {}
    return ManualCredit(
        id=credit.id, hours=credit.hours, reason=credit.reason,
        by=names.get(credit.created_by_id, str(credit.created_by_id or "")), at=credit.created,
        revoked_at=credit.revoked_at,
        revoked_by=names.get(credit.revoked_by_id, str(credit.revoked_by_id or "")) if credit.revoked_at else None,
        revoked_reason=credit.revoked_reason,
    )


def credits_for(usage_key, user_id) -> list[HourCredit]:
    """Every credit (active or revoked) of one learner in one gate, oldest first."""
    return list(HourCredit.objects.filter(usage_key=str(usage_key), user_id=user_id))


def credits_by_user(usage_key, user_ids=None) -> dict[int, list[HourCredit]]:
    """Credits of many learners (ids or an id queryset) in one query, with the staff usernames loaded."""
    query = HourCredit.objects.filter(usage_key=str(usage_key)).select_related("created_by", "revoked_by")
    if user_ids is not None:
        query = query.filter(user_id__in=user_ids)
    grouped = defaultdict(list)
    for credit in query:
        grouped[credit.user_id].append(credit)
    return grouped


def staff_names(credits: Iterable[HourCredit]) -> dict[int, str]:
    """Usernames of the staff who granted or revoked ``credits`` (loaded with select_related)."""
    names = {}
    for credit in credits:
        for user in (credit.created_by, credit.revoked_by):
            if user is not None:
                names[user.id] = user.username
    return names


def add_credit(block, user_id, hours: Decimal, reason: str, actor_id, source=HourCredit.MANUAL,
               fingerprint="") -> HourCredit:
    """Record a credit and its audit entry."""
    usage_key = block.scope_ids.usage_id
    credit = HourCredit.objects.create(
        course_key=str(usage_key.context_key), usage_key=str(usage_key), user_id=user_id, hours=hours,
        reason=reason, source=source, fingerprint=fingerprint, created_by_id=actor_id,
    )
    AuditEntry.record(block, "hours_credited", actor_id=actor_id, subject_id=user_id, credit=credit.id,
                      hours=str(hours), reason=reason, source=source)
    return credit


def revoke_credit(block, credit_id, reason: str, actor_id) -> HourCredit | None:
    """Revoke an active credit of this gate; None when there is no such active credit."""
    with transaction.atomic():
        credit = (HourCredit.objects.select_for_update()
                  .filter(id=credit_id, usage_key=str(block.scope_ids.usage_id), revoked_at=None).first())
        if credit is None:
            return None
        credit.revoked_at = timezone.now()
        credit.revoked_by_id = actor_id
        credit.revoked_reason = reason
        credit.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    AuditEntry.record(block, "hours_credit_revoked", actor_id=actor_id, subject_id=credit.user_id,
                      credit=credit.id, hours=str(credit.hours), reason=reason)
    return credit


def applied_fingerprints(usage_key, fingerprints: Iterable[str]) -> set[str]:
    """Which of ``fingerprints`` were already imported into this gate (revoked ones included)."""
    return set(HourCredit.objects.filter(usage_key=str(usage_key), fingerprint__in=list(fingerprints))
               .values_list("fingerprint", flat=True))


def import_credit(block, user_id, hours, reason, actor_id, fingerprint) -> HourCredit | None:
    """Apply one imported row; None when a concurrent import applied the same row first.

    The learner's row is locked first: two imports crediting the same learners wait for each other
    instead of deadlocking on the unique key's gap locks (MySQL/MariaDB), and the second finds the
    first's credits (the unique key (usage_key, import_key) refuses them: None).
    """
    from django.contrib.auth import get_user_model

    try:
        with transaction.atomic():
            list(get_user_model().objects.select_for_update().filter(id=user_id).values_list("id", flat=True))
            return add_credit(block, user_id, hours, reason, actor_id, HourCredit.IMPORT, fingerprint)
    except IntegrityError:
        return None


def sync_unlock(block, user_id, is_open: bool) -> datetime | None:
    """Keep the unlock record in step with the gate; return since when it is open (None when closed)."""
    usage_key = block.scope_ids.usage_id
    record = GateUnlock.objects.filter(usage_key=str(usage_key), user_id=user_id).first()
    if is_open and record is None:
        record, _created = GateUnlock.objects.get_or_create(
            usage_key=str(usage_key), user_id=user_id, defaults={"course_key": str(usage_key.context_key)})
    elif not is_open and record is not None:
        record.delete()
        record = None
    return record.unlocked_at if record else None


def unlocks_by_user(usage_key) -> dict[int, datetime]:
    """Since when each learner's gate has been open."""
    return dict(GateUnlock.objects.filter(usage_key=str(usage_key)).values_list("user_id", "unlocked_at"))


def completions_by_user(course_key, user_ids, keys: Iterable) -> dict[int, dict[str, float]]:
    """Completion of ``keys`` for many learners (ids or an id queryset) in one query, from edx-completion."""
    from completion.models import BlockCompletion

    keys = list(keys)
    grouped: dict[int, dict[str, float]] = defaultdict(dict)
    if not keys:
        return grouped
    rows = BlockCompletion.objects.filter(
        context_key=course_key, user_id__in=user_ids, block_key__in=keys,
    ).values_list("user_id", "block_key", "completion")
    for user_id, block_key, completion in rows:
        grouped[user_id][str(block_key)] = completion
    return grouped
