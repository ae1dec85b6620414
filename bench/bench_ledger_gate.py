"""The verified hours gate's ``gate_status`` when each learner has 1,000 study-ledger events (issue 11's "Done
when"), beside the same call for a learner with none and the runtime's floor (a do-nothing handler of a
bench-only probe block in the same unit), all through the same URL, session and middleware on devsite.

The real course (its gate is in verified mode). Samples are interleaved (floor, 0 events, 1,000 events, ...),
so a noisy machine moves them alike. Prints medians, query counts and ratios to the floor; asserts nothing.

    .venv/bin/python bench/bench_ledger_gate.py [--repeat 21]
"""
import sys
from pathlib import Path

from _setup import devsite, prepare_database

WORK = devsite("bench-ledger-gate-")

import json  # noqa: E402
from datetime import timedelta  # noqa: E402
from urllib.parse import quote  # noqa: E402

from _timing import interleaved, print_medians  # noqa: E402
from courses import real_course  # noqa: E402
from django.conf import settings  # noqa: E402
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
    from devsite.lms import course as course_module

    prepare_database()
    folder, _exam = real_course(WORK / "real" / "course")
    settings.COURSE_CONTENT_DIR = Path(folder)
    course = course_module.get_course(folder)
    gate = course.course_key.make_usage_key("hours_gate", "exam_gate")
    probe = course.course_key.make_usage_key("bench_probe", "bench-floor")
    empty_user, empty = learner("bench_none", course)
    busy_user, busy = learner("bench_busy", course)
    stored = history(busy_user, course, EVENTS)
    reading = [str(block) for block in course.of_type("html")][0]
    clock = {"at": timezone.now() - timedelta(hours=1)}

    def ledger_write():  # a reading arrival recorded before the call: the busy learner's kept credits re-read
        from carbon_common import ledger

        clock["at"] += timedelta(seconds=1)
        ledger.record_reading_arrival(busy_user.id, course.course_key, reading, when=clock["at"])

    floor = lambda: post(empty, probe, "noop")  # noqa: E731
    calls = [
        ("floor: the probe's do-nothing handler", floor, None),
        ("gate_status (verified), 0 ledger events", lambda: post(empty, gate, "gate_status"), None),
        (f"gate_status (verified), {stored:,} ledger events", lambda: post(busy, gate, "gate_status"), None),
        (f"gate_status (verified), {stored:,} ledger events, a ledger write before each call",
         lambda: post(busy, gate, "gate_status"), ledger_write),
    ]
    print(f"devsite ({connection.vendor}), real course, {REPEAT} samples each interleaved with the floor's")
    for name, call, before in calls:
        if before:
            before()
        count = queries(call)
        print_medians(name, 78, interleaved(call, floor, REPEAT, before), count)
    print(f"  the busy learner earned {post(busy, gate, 'gate_status')['earned']}")


if __name__ == "__main__":
    main()
