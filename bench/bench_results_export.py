"""The results sheet at 50,000 learners: time and peak memory of the plugin app's view (CSV and XLSX, streamed)
and of its background task, in process on devsite with the real course.

Baseline, measured in the same run: a plain ``csv.writer`` over the same rows (the sheet's rows built once
beforehand, then written to memory): what writing the file costs at all. Time: median of ``--repeat`` runs
(default 3). Memory: the peak of Python's allocations while the file is produced (tracemalloc, one separate
run of the baseline and of the CSV view) and the resident set's growth (psutil, sampled while the response streams). Asserts nothing.

    .venv/bin/python bench/bench_results_export.py [--learners N] [--repeat R] [--quick]

``--quick``: the baseline and the CSV view only, the view without tracemalloc (RSS only).
"""
import csv
import io
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from _setup import devsite

WORK = devsite("bench-results-")

import psutil  # noqa: E402
from courses import EXTRA_BLOCKS, real_course  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402


def _arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


LEARNERS, REPEAT = _arg("--learners", 50_000), _arg("--repeat", 3)
BATCH = 2000


def seed(course):
    """LEARNERS enrolled learners, each with a profile, an application, an hour credit and a graded attempt."""
    from django.contrib.auth import get_user_model

    from carbon_common.models import Application, ExamAttempt, HourCredit
    from devsite.lms.models import CourseEnrollment, CourseRole, Profile

    User = get_user_model()
    key = str(course.course_key)
    exam = str(course.course_key.make_usage_key("carbon_exam", "final_exam"))
    gate = str(course.course_key.make_usage_key("hours_gate", "exam_gate"))
    form = str(course.course_key.make_usage_key("eligibility_form", "application"))
    staff = User.objects.create_user("bench_staff", password="x")
    CourseRole.objects.create(user=staff, course_id=key, role="staff")
    now = datetime(2026, 6, 1, tzinfo=UTC)
    for start in range(0, LEARNERS, BATCH):
        users = User.objects.bulk_create([User(username=f"learner{n:06d}", email=f"l{n}@example.com", password="!")
                                          for n in range(start, min(start + BATCH, LEARNERS))])
        Profile.objects.bulk_create([Profile(user=u, name=f"学员{u.username[-6:]}") for u in users])
        CourseEnrollment.objects.bulk_create([CourseEnrollment(user=u, course_id=key) for u in users])
        Application.objects.bulk_create([Application(
            course_key=key, usage_key=form, user=u, anonymous_id="", status="approved", qualifying_condition=3,
            answers={"id_number": "11010519491231002X", "mobile": "13800138000", "track": "management"})
            for u in users])
        HourCredit.objects.bulk_create([HourCredit(course_key=key, usage_key=gate, user=u, hours=Decimal("41.5"),
                                                   reason="bench", created_by=staff) for u in users])
        ExamAttempt.objects.bulk_create([ExamAttempt(
            course_key=key, usage_key=exam, user=u, number=1, seed="s", status="submitted", started_at=now,
            submitted_at=now + timedelta(hours=1), earned=Decimal("73.5"), possible=Decimal(100), passed=True,
            result={"parts": [{"part": "theory", "earned": 40.5}, {"part": "professional", "earned": 33}],
                    "questions": [{"question": f"q{i}", "earned": 1.0} for i in range(60)]})
            for u in users])
    return staff, course.course_key.make_usage_key("carbon_exam", "final_exam")


def drain(chunks):
    """(bytes, peak RSS growth in MB) of consuming ``chunks``."""
    process = psutil.Process()
    base = peak = process.memory_info().rss
    size = 0
    for n, chunk in enumerate(chunks):
        size += len(chunk)
        if n % 50 == 0:
            peak = max(peak, process.memory_info().rss)
    return size, (max(peak, process.memory_info().rss) - base) / 2**20


def measure(name, run, traced=True):
    """Median seconds of REPEAT runs, the RSS growth of the first, and (``traced``) the tracemalloc peak of one
    more run (tracing slows Python down several times: the XLSX and background runs are left untraced)."""
    seconds, grown, size = [], None, 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        size, rss = drain(run())
        seconds.append(time.perf_counter() - start)
        grown = rss if grown is None else grown
    peak = None
    if traced:
        tracemalloc.start()
        drain(run())
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    row = (name, statistics.median(seconds), peak, grown, size / 2**20)
    print(f"  {name:<44} median {row[1]:7.2f} s  tracemalloc peak {_mb(row[2])}  RSS +{row[3]:6.1f} MB"
          f"  file {row[4]:5.1f} MB", flush=True)
    return row


def _mb(value):
    return "-" if value is None else f"{value:,.1f} MB"


def main():
    from django.test import Client

    from carbon_common import results_data
    from devsite.lms import course as course_module

    settings.DEVSITE_EXTRA_BLOCKS = EXTRA_BLOCKS
    settings.ALLOWED_HOSTS = ["*"]
    settings.CARBON_XBLOCKS_RESULTS_INLINE_MAX = LEARNERS + 1
    call_command("migrate", run_syncdb=True, verbosity=0)
    packed, _exam_xml = real_course(WORK / "real" / "course")
    settings.COURSE_CONTENT_DIR = packed
    course = course_module.get_course(packed)
    print(f"seeding {LEARNERS:,} learners ...", flush=True)
    staff, exam_key = seed(course)
    client = Client()
    client.force_login(staff)
    url = f"/carbon_xblocks/courses/{course.course_key}/results_sheet/"
    exam = results_data.find_exam(course.course_key, str(exam_key))
    headers, rows = results_data.sheet_rows(exam)
    rows = list(rows)  # the baseline writes rows already built

    def baseline():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        yield buffer.getvalue().encode("utf-8")

    def view(fmt, extra=None):
        def run():
            response = client.get(url, {"format": fmt, **(extra or {})})
            assert response.status_code in (200, 202), response.status_code
            return response.streaming_content if response.streaming else [response.content]
        return run

    quick = "--quick" in sys.argv
    results = [measure("plain csv.writer over the same rows (baseline)", baseline)]
    rows.clear()  # the baseline is done: its rows need not stay in memory
    results.append(measure("results sheet view, csv (streamed)", view("csv"), traced=not quick))
    if not quick:
        results += [measure("results sheet view, xlsx (streamed)", view("xlsx"), traced=False),
                    measure("background task, csv (to report storage)", view("csv", {"background": "1"}),
                            traced=False)]
    base = results[0][1]
    print(f"\n| {LEARNERS:,} learners | median time | x baseline | tracemalloc peak | RSS growth | file |")
    print("|---|---|---|---|---|---|")
    for name, seconds, peak, grown, size in results:
        print(f"| {name} | {seconds:,.2f} s | x{seconds / base:,.1f} | {_mb(peak)} | +{grown:,.1f} MB | {size:,.1f} MB |")


if __name__ == "__main__":
    main()
