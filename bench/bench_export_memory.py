"""Exports at 50,000 attempts: peak memory and time of `export_results` (CSV and XLSX), in process on devsite.

Baseline, measured in the same run: a plain ``csv.writer`` over the same rows read with ``values_list`` (what
writing the file costs at all). Memory is the process's resident set size sampled while the response streams
(psutil), as growth over the size before the call. Asserts nothing; writes its section of docs/benchmarks.md
(``--no-write`` to leave it, ``--attempts N`` for another size).
"""
import csv
import io
import os
import sys
import time

from _setup import REPO, devsite

WORK = devsite("bench-export-")

import psutil  # noqa: E402
from _timing import put_section  # noqa: E402
from courses import EXTRA_BLOCKS, real_course  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

ATTEMPTS = int(sys.argv[sys.argv.index("--attempts") + 1]) if "--attempts" in sys.argv else 50_000
DOC = REPO / "docs" / "benchmarks.md"
MARK_BEGIN, MARK_END = "<!-- bench_export_memory:begin -->", "<!-- bench_export_memory:end -->"


def consume(run):
    """(seconds, peak RSS growth in MB, bytes) of `run()`'s chunks, RSS sampled every 50 chunks."""
    process = psutil.Process()
    base = process.memory_info().rss
    peak, size, start = base, 0, time.perf_counter()
    for n, chunk in enumerate(run()):
        size += len(chunk)
        if n % 50 == 0:
            peak = max(peak, process.memory_info().rss)
    peak = max(peak, process.memory_info().rss)
    return time.perf_counter() - start, (peak - base) / 2**20, size


QUEUE_INDEX = "exam_attempt_queue"


def _index_sql():
    from django.db import connection

    from carbon_common.models import ExamAttempt

    index = next(i for i in ExamAttempt._meta.indexes if i.name == QUEUE_INDEX)
    with connection.schema_editor() as editor:
        return str(index.create_sql(ExamAttempt, editor))


def _run_sql(sql):
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()
    return time.perf_counter() - start


def _what(sql):
    if " IN (" in sql:
        return "rows fetched by id"
    if '"pending_answers")' in sql:
        return "the answers and attempts waiting in all"
    if '"pending"' in sql and "LIMIT" in sql:
        return "the grading queue's page of ids"
    if "ORDER BY" in sql and "LIMIT" in sql and '"auth_user"."username"' in sql:
        return "the page of attempts in username order"
    if '"earned"' in sql and "LIMIT" not in sql:
        return "every stored score"
    return "other"


def main():
    from bench_handlers import answers_for, get, learner, many_attempts, post, url, use_course
    from django.contrib.auth import get_user_model
    from django.test import Client

    from carbon_common.models import ExamAttempt
    from devsite.lms.models import CourseRole

    settings.DEVSITE_EXTRA_BLOCKS = EXTRA_BLOCKS
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", run_syncdb=True, verbosity=0)
    packed, _exam_xml = real_course(WORK / "real" / "course")
    course = use_course(packed)
    exam = course.course_key.make_usage_key("carbon_exam", "final_exam")
    lessons = len([k for k in course.of_type("sequential") if "lesson" in k.block_id])
    user, client = learner("export_learner", course, lessons=lessons, application=True)
    state = post(client, exam, "start_exam", {})
    post(client, exam, "submit_exam", {"session": state["attempt"]["session"], "answers": answers_for(state)})
    template = ExamAttempt.objects.get(user=user)
    print(f"creating {ATTEMPTS:,} attempts (bulk_create) ...", flush=True)
    many_attempts(course, exam, template, ATTEMPTS - 1)
    staff = get_user_model().objects.create_user("export_staff", password="x")
    CourseRole.objects.create(user=staff, course_id=str(course.course_key), role="staff")
    staff_client = Client()
    staff_client.force_login(staff)
    get(staff_client, exam, "staff_submissions")  # loads the course and the paper
    index_sql = _index_sql()
    from statistics import median

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def staff_panel():  # what the exam's staff panel loads when opened: the table and chart, the queue's first page
        get(staff_client, exam, "staff_submissions")
        get(staff_client, exam, "grading_queue")

    def timed_view():
        start = time.perf_counter()
        staff_panel()
        return time.perf_counter() - start

    samples, without = [], []
    for _ in range(3):  # interleaved with the covering index dropped (issue 13: what the index changes, same run)
        samples.append(timed_view())
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {QUEUE_INDEX}")
        without.append(timed_view())
        with connection.cursor() as cursor:
            cursor.execute(index_sql)
    with CaptureQueriesContext(connection) as captured:
        staff_panel()
    slowest = sorted((_run_sql(q["sql"]), q["sql"]) for q in captured.captured_queries
                     if "carbon_common_examattempt" in q["sql"])[-3:]
    queue_line = (f"`staff_submissions` (first page of attempts, the distribution) then `grading_queue` (its first "
                  f"page, the answers left in all) at "
                  f"{ATTEMPTS:,} attempts: median {median(samples) * 1000:,.0f} ms of 3, {len(captured)} queries "
                  f"(without the covering index `{QUEUE_INDEX}`, interleaved: {median(without) * 1000:,.0f} ms). "
                  "Its slowest queries of the attempts, run alone: " + "; ".join(
                      f"{seconds * 1000:,.0f} ms ({_what(sql)})" for seconds, sql in reversed(slowest)) + ".")
    print("  " + queue_line, flush=True)
    if "--queue-only" in sys.argv:
        return

    def plain_csv():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        rows = ExamAttempt.objects.filter(usage_key=str(exam)).order_by("user__username", "number").values_list(
            "user__username", "number", "status", "started_at", "submitted_at", "earned", "possible", "passed")
        for row in rows.iterator(chunk_size=500):
            writer.writerow(row)
            if buffer.tell() > 65536:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    def export(fmt):
        def run():
            response = staff_client.get(url(exam, "export_results") + f"?format={fmt}")
            assert response.status_code == 200
            return response.streaming_content if response.streaming else [response.content]
        return run

    rows = []
    for name, run in (("plain `csv.writer` over `values_list` (baseline)", plain_csv),
                      ("`export_results` csv", export("csv")), ("`export_results` xlsx", export("xlsx"))):
        seconds, grown, size = consume(run)
        rows.append((name, seconds, grown, size))
        print(f"  {name:<52} {seconds:7.1f} s  +{grown:7.1f} MB RSS  {size / 2**20:6.1f} MB file", flush=True)
    lines = [f"| {ATTEMPTS:,} attempts | time | peak RSS growth | file |", "|---|---|---|---|"]
    lines += [f"| {n} | {s:,.1f} s | +{g:,.1f} MB | {z / 2**20:,.1f} MB |" for n, s, g, z in rows]
    print("\n" + "\n".join(lines))
    if "--no-write" not in sys.argv:
        from datetime import UTC, datetime

        section = "\n".join([
            MARK_BEGIN, "## Exports at scale (devsite, `make bench`: bench/bench_export_memory.py)", "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, SQLite, in process "
            "through devsite's handler view, which, like the LMS's, joins the streamed body into one response (so "
            "the growth includes the finished file once).",
            "", *lines, "", queue_line, MARK_END])
        text = DOC.read_text(encoding="utf-8")
        DOC.write_text(put_section(text, MARK_BEGIN, MARK_END, section), encoding="utf-8")


if __name__ == "__main__":
    main()
