"""Application numbers (报名编号): programme-year-sequence, e.g. ``CRS101-2026-00017``.

Given once, when an application is first submitted (a returned application keeps its number), unique
across the site (a unique column; a concurrent submission that took the same number retries with the next).
The programme is the course key's course code, the year the submission's year in the site's time zone.
"""
from __future__ import annotations

import re

WIDTH = 5  # zero-padded so that the numbers sort as text


def format_number(programme: str, year: int, sequence: int) -> str:
    """``CRS101-2026-00017``; the programme code loses any character other than letters, digits, '_' and '.'."""
    code = re.sub(r"[^0-9A-Za-z_.]", "", programme or "") or "APP"
    return f"{code}-{year:04d}-{sequence:0{WIDTH}d}"


def sequence_of(number: str | None) -> int:
    """The sequence at the end of an application number (0 when there is none)."""
    match = re.search(r"-(\d+)$", number or "")
    return int(match.group(1)) if match else 0


def assign(application, attempts: int = 5) -> str:
    """Give ``application`` (being submitted, ``submitted_at`` set) its number and save it; keep an existing one."""
    from django.db import IntegrityError, transaction

    from carbon_common.compat import user_time_zone
    from carbon_common.models import Application

    if application.number:
        return application.number
    programme = application.course_key.course if application.course_key else ""
    year = application.submitted_at.astimezone(user_time_zone(None)).year
    prefix = format_number(programme, year, 0)[: -WIDTH]
    for _ in range(attempts):
        last = (Application.objects.filter(number__startswith=prefix).order_by("-number")
                .values_list("number", flat=True).first())
        number = prefix + f"{sequence_of(last) + 1:0{WIDTH}d}"
        try:
            with transaction.atomic():
                updated = Application.objects.filter(pk=application.pk, number__isnull=True).update(number=number)
        except IntegrityError:  # another submission took this number between the read and the write
            continue
        if updated:
            application.number = number
        else:
            application.number = Application.objects.values_list("number", flat=True).get(pk=application.pk)
        return application.number
    raise RuntimeError("no free application number after several attempts")
