"""Study ledger: the cost of recording one event, and of the gate's query, as a learner's evidence grows.

Baseline, measured in the same run: a bare ``StudyEvent`` insert (what storing the evidence costs at least).
``record_event`` stores the event and recomputes the learner's credits in the course from all their evidence
there, so its cost grows with that evidence; an event that is no evidence (no open reading) costs one indexed
query. ``studied`` is what the gate asks (one query for all items). Prints medians, query counts and ratios;
asserts nothing.
"""

from _setup import devsite

WORK = devsite("bench-ledger-")

from _timing import median_seconds, report  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

COURSE = "course-v1:Bench+LEDGER+2026"
VIDEOS, READINGS = 30, 30


def key(kind, n):
    return f"block-v1:Bench+LEDGER+2026+type@{kind}+block@{kind}-{n}"


def history(user, count):
    """``count`` evidence rows over an afternoon: play/pause pairs on the videos, readings between them."""
    from datetime import timedelta

    from carbon_common.models import StudyEvent

    start, rows = timezone.now() - timedelta(days=1), []
    for n in range(count):
        at = start + timedelta(seconds=30 * n)
        if n % 5 == 4:
            rows.append(StudyEvent(user=user, course_key=COURSE, usage_key=key("html", n % READINGS), kind="reading",
                                   name="completion", server_time=at))
            continue
        video, playing = key("video", n % VIDEOS), n % 2 == 0
        rows.append(StudyEvent(user=user, course_key=COURSE, usage_key=video, kind="video",
                               name="play_video" if playing else "pause_video", position=float(30 * (n // 2)),
                               session="s", server_time=at))
    StudyEvent.objects.bulk_create(rows)


def main():
    from django.contrib.auth import get_user_model

    from carbon_common import ledger
    from carbon_common.models import StudyEvent
    from carbon_common.study_intervals import Need

    call_command("migrate", run_syncdb=True, verbosity=0)
    users = get_user_model().objects
    needs = {key("video", n): Need("video", 600) for n in range(VIDEOS)}
    needs.update({key("html", n): Need("reading", 300) for n in range(READINGS)})
    for count in (0, 100, 1000):
        user = users.create_user(f"bench{count}", password="x")
        history(user, count)
        ledger.recompute(user.id, COURSE)
        position = [0.0]

        def bare_insert(user=user):
            StudyEvent.objects.create(user=user, course_key="course-v1:Bench+OTHER+2026",
                                      usage_key="block-v1:Bench+OTHER+2026+type@video+block@x",
                                      kind="video", name="pause_video", position=1.0)

        def video_event(user=user, position=position):
            position[0] += 1
            ledger.record_event({"name": "pause_video", "timestamp": timezone.now(),
                                 "data": {"id": key("video", 0), "currentTime": position[0]},
                                 "context": {"user_id": user.id, "course_id": COURSE, "session": "s"}})

        def other_event(user=user):
            ledger.record_event({"name": "edx.ui.lms.link_clicked", "timestamp": timezone.now(), "data": {},
                                 "context": {"user_id": user.id, "course_id": COURSE, "session": "s"}})

        def gate_query(user=user):
            return ledger.studied(COURSE, [user.id], needs)

        counted = {}
        for name, func in (("video", video_event), ("other", other_event), ("studied", gate_query)):
            with CaptureQueriesContext(connection) as queries:
                func()
            counted[name] = len(queries)
        rows = [
            ("baseline: a bare StudyEvent insert", median_seconds(bare_insert, 15)),
            (f"record_event: a video event ({counted['video']} queries)", median_seconds(video_event, 15)),
            (f"record_event: no evidence, no open reading ({counted['other']} queries)",
             median_seconds(other_event, 15)),
            (f"studied: {len(needs)} items, one learner ({counted['studied']} query)", median_seconds(gate_query, 15)),
            ("timeline: the staff view of the learner", median_seconds(lambda u=user: ledger.timeline(COURSE, u.id), 5)),
        ]
        report(f"learner with {StudyEvent.objects.filter(user=user).count()} evidence rows in the course", rows,
               rows[0][0])


if __name__ == "__main__":
    main()
