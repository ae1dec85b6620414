"""The verified hours gate's ``gate_status`` when each learner has 1,000 study-ledger events (issue 11's "Done
when"), beside the same call for a learner with none and the runtime's floor (a do-nothing handler of a
bench-only probe block in the same unit), all through the same URL, session and middleware on devsite.

The real course (its gate is in verified mode). Samples are interleaved (floor, 0 events, 1,000 events, ...),
so a noisy machine moves them alike. Prints medians, query counts and ratios to the floor; asserts nothing.

    .venv/bin/python bench/bench_ledger_gate.py [--repeat 21]
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "xblocks"), str(Path(__file__).resolve().parent)]
WORK = Path(tempfile.mkdtemp(prefix="bench-ledger-gate-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
os.environ["DEVSITE_VAR_DIR"] = str(WORK / "var")
os.environ["DEVSITE_DEBUG"] = "0"

import django  # noqa: E402

django.setup()

import json  # noqa: E402
from datetime import timedelta  # noqa: E402
from urllib.parse import quote  # noqa: E402

from _timing import report  # noqa: E402
from courses import EXTRA_BLOCKS, real_course  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

REPEAT = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 21
EVENTS = 1000


def post(client, key, handler):
    url = f"/courses/{key.context_key}/xblock/{quote(str(key), safe='')}/handler/{handler}/"
    response = client.post(url, data="{}", content_type="application/json")
    assert response.status_code == 200, (handler, response.status_code, response.content[:300])
    return json.loads(response.content)


def learner(username, course):
    from django.contrib.auth import get_user_model

    from devsite.lms.demo import seed_application
    from devsite.lms.models import CourseEnrollment

    user = get_user_model().objects.create_user(username, password="x", email=f"{username}@example.com")
    CourseEnrollment.objects.create(user=user, course_id=str(course.course_key))
    seed_application(user, course, "approved")
    client = Client()
    client.force_login(user)
    return user, client


def history(user, course, count):
    """``count`` ledger events over the lessons' videos and readings (play/pause pairs, arrivals between)."""
    from carbon_common import ledger
    from carbon_common.models import StudyEvent

    videos = [str(block) for block in course.of_type("video")]
    readings = [str(block) for block in course.of_type("html")]
    start, rows = timezone.now() - timedelta(days=2), []
    for n in range(count):
        at = start + timedelta(seconds=30 * n)
        if n % 5 == 4:
            rows.append(StudyEvent(user=user, course_key=str(course.course_key), usage_key=readings[n % len(readings)],
                                   kind="reading", name="completion", server_time=at))
            continue
        rows.append(StudyEvent(user=user, course_key=str(course.course_key), usage_key=videos[n % len(videos)],
                               kind="video", name="play_video" if n % 2 == 0 else "pause_video",
                               position=float(30 * (n // 2)), session="s", server_time=at))
    StudyEvent.objects.bulk_create(rows)
    ledger.recompute(user.id, course.course_key)
    return StudyEvent.objects.filter(user=user).count()


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def main():
    from waffle.models import Switch

    from devsite.lms import course as course_module

    settings.DEVSITE_EXTRA_BLOCKS = EXTRA_BLOCKS
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", run_syncdb=True, verbosity=0)
    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})
    folder, _exam = real_course(WORK / "real" / "course")
    settings.COURSE_CONTENT_DIR = Path(folder)
    course = course_module.get_course(folder)
    gate = course.course_key.make_usage_key("hours_gate", "exam_gate")
    probe = course.course_key.make_usage_key("bench_probe", "bench-floor")
    empty_user, empty = learner("bench_none", course)
    busy_user, busy = learner("bench_busy", course)
    stored = history(busy_user, course, EVENTS)
    calls = {
        "floor: the probe's do-nothing handler": lambda: post(empty, probe, "noop"),
        "gate_status (verified), 0 ledger events": lambda: post(empty, gate, "gate_status"),
        f"gate_status (verified), {stored:,} ledger events": lambda: post(busy, gate, "gate_status"),
    }
    counts = {name: queries(call) for name, call in calls.items()}  # also the warm-up call of each
    samples = {name: [] for name in calls}
    for _ in range(REPEAT):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            samples[name].append(time.perf_counter() - started)
    earned = post(busy, gate, "gate_status")["earned"]
    print(f"devsite ({connection.vendor}), real course, {REPEAT} interleaved samples; the busy learner earned {earned}")
    rows = [(f"{name} ({counts[name]} queries)", statistics.median(samples[name])) for name in calls]
    report("verified gate_status beside the floor", rows, rows[0][0])
    zero, busy_row = rows[1][1], rows[2][1]
    print(f"  {EVENTS:,} events over 0 events: x{busy_row / zero:.2f}")


if __name__ == "__main__":
    main()
