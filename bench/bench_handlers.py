"""Handlers measured in process on the local LMS (devsite), as issue 13 asks: medians, x the floor, CPU, queries.

The floor is a do-nothing handler of a bench-only probe block (bench/probe_block.py) in the same course, run
through the same URL, session and middleware; every handler's samples are interleaved with the floor's, so
a noisy 2-core machine moves both alike. Courses: the real one (31 lessons, 367-question bank) packed as
`make course` does, and a generated one of 800 lessons with a gate crediting every lesson around a copy of
the real exam. Staff views run over 5,000 attempts made with bulk_create. Asserts nothing: it prints the
table and writes it to docs/benchmarks.md (``--no-write`` to leave the docs alone).

    .venv/bin/python bench/bench_handlers.py [--quick] [--no-write] [--attempts 5000] [--lessons 800]
        [--enrolled 550] [--repeat 15] [--staff-repeat 5] [--out FILE] [--skip-staff]
"""
import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from _setup import REPO, devsite, prepare_database

WORK = devsite("bench-handlers-")

import json  # noqa: E402
from urllib.parse import quote  # noqa: E402

from _attempts import AttemptCycle  # noqa: E402
from _timing import interleaved, put_section  # noqa: E402
from courses import big_course, real_course  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def _option(name, default):
    """``--name N`` from the command line (a whole number), else ``default``."""
    if f"--{name}" in sys.argv:
        return int(sys.argv[sys.argv.index(f"--{name}") + 1])
    return default


QUICK = "--quick" in sys.argv
REPEAT = _option("repeat", 5 if QUICK else 15)
STAFF_REPEAT = _option("staff-repeat", 3 if QUICK else 5)
ATTEMPTS = _option("attempts", 500 if QUICK else 5000)
ENROLLED = _option("enrolled", 550)  # of the learners with an attempt, how many the gate's roster lists
LESSONS = _option("lessons", 100 if QUICK else 800)
DOC = REPO / "docs" / "benchmarks.md"
MARK_BEGIN, MARK_END = "<!-- bench_handlers:begin -->", "<!-- bench_handlers:end -->"


# Courses -------------------------------------------------------------------------------------------------

def use_course(folder):
    from devsite.lms import course as course_module

    settings.COURSE_CONTENT_DIR = Path(folder)
    return course_module.get_course(folder)


# Calls ---------------------------------------------------------------------------------------------------

def url(key, handler):
    return f"/courses/{key.context_key}/xblock/{quote(str(key), safe='')}/handler/{handler}/"


def post(client, key, handler, data):
    response = client.post(url(key, handler), data=json.dumps(data), content_type="application/json")
    assert response.status_code == 200, (handler, response.status_code, response.content[:300])
    return json.loads(response.content)


def get(client, key, handler, query=""):
    response = client.get(url(key, handler) + query)
    assert response.status_code == 200, (handler, response.status_code)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


class Table:
    def __init__(self):
        self.rows = []  # (name, wall median, cpu median, floor median, queries, floor cpu median)

    def measure(self, name, call, floor, repeat=REPEAT, before=None):
        """Median of `repeat` calls of `call`, each right after a floor call; `before` runs untimed first."""
        walls, cpus, floors, floor_cpus = interleaved(call, floor, repeat, before)
        if before:
            before()
        count = queries(call)
        row = (name, statistics.median(walls), statistics.median(cpus), statistics.median(floors), count,
               statistics.median(floor_cpus))
        self.rows.append(row)
        print(f"  {name:<58} {row[1] * 1000:10.1f} ms  x{row[1] / row[3]:8.1f}  cpu {row[2] * 1000:8.1f} ms "
              f"(x{row[2] / row[5]:.1f})  {count:4d} queries", flush=True)
        return row

    def markdown(self):
        lines = ["| handler | median | × floor | CPU per call | CPU × floor | queries |", "|---|---|---|---|---|---|"]
        for name, wall, cpu, floor, count, floor_cpu in self.rows:
            lines.append(f"| {name} | {_ms(wall)} | ×{wall / floor:.1f} | {_ms(cpu)} | ×{cpu / floor_cpu:.1f} | {count} |")
        return "\n".join(lines)


def _ms(seconds):
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


# Data ----------------------------------------------------------------------------------------------------

def learner(username, course, lessons=None, application=False):
    from django.contrib.auth import get_user_model

    from devsite.lms.demo import complete_lessons, seed_application
    from devsite.lms.models import CourseEnrollment

    user = get_user_model().objects.create_user(username, password="x", email=f"{username}@example.com")
    CourseEnrollment.objects.create(user=user, course_id=str(course.course_key))
    if lessons:
        complete_lessons(user, course, lessons)
    if application:
        seed_application(user, course, "approved")
    client = Client()
    client.force_login(user)
    return user, client


def complete_all(user, course, count):
    """Every video and reading of the generated course complete (bulk: 2 x `count` rows)."""
    from completion.models import BlockCompletion

    key = course.course_key
    BlockCompletion.objects.bulk_create([
        BlockCompletion(user=user, context_key=key, block_key=key.make_usage_key(kind, f"{kind}-{n}"),
                        block_type=kind, completion=1.0)
        for n in range(count) for kind in ("video", "html")], batch_size=1000)
    # the readings' usage ids are html-N in the OLX above: name them as the OLX does
    BlockCompletion.objects.filter(user=user, block_type="html").delete()
    BlockCompletion.objects.bulk_create([
        BlockCompletion(user=user, context_key=key, block_key=key.make_usage_key("html", f"reading-{n}"),
                        block_type="html", completion=1.0) for n in range(count)], batch_size=1000)


def answers_for(state, count=None):
    answers = {}
    for part in state["attempt"]["paper"]["parts"]:
        for question in part["questions"]:
            if question.get("options"):
                answers[question["id"]] = [question["options"][0]["id"]]
            else:
                answers[question["id"]] = "排放量等于活动数据乘以排放因子，排放因子等于单位热值含碳量乘碳氧化率乘44/12"
    return dict(list(answers.items())[:count]) if count else answers


def many_attempts(course, exam_key, template, count):
    """`count` learners, enrolled, each with a copy of `template` (a submitted attempt), by bulk_create."""
    from django.contrib.auth import get_user_model

    from carbon_common.models import ExamAttempt
    from devsite.lms.models import CourseEnrollment

    User = get_user_model()
    User.objects.bulk_create([User(username=f"bulk{n:05d}", email=f"bulk{n:05d}@example.com", password="!")
                              for n in range(count)], batch_size=1000)
    users = list(User.objects.filter(username__startswith="bulk").order_by("id").values_list("id", flat=True))
    CourseEnrollment.objects.bulk_create([CourseEnrollment(user_id=uid, course_id=str(course.course_key))
                                          for uid in users[:ENROLLED]], batch_size=1000)
    fields = {f.attname: getattr(template, f.attname) for f in ExamAttempt._meta.concrete_fields
              if f.attname not in ("id", "user_id")}
    ExamAttempt.objects.bulk_create([ExamAttempt(**{**fields, "user_id": uid}) for uid in users], batch_size=500)
    return len(users)


# Main ----------------------------------------------------------------------------------------------------

def main():
    try:
        from carbon_exam.block import clear_paper_cache
    except ImportError:  # a version before the paper cache (for a before/after run)
        def clear_paper_cache():
            return None

    prepare_database()
    print(f"In process on devsite ({connection.vendor}); {REPEAT} interleaved samples per handler", flush=True)

    real_dir, exam_xml = real_course(WORK / "real" / "course")
    big_dir = big_course(WORK / "big", LESSONS, exam_xml)
    table = Table()

    # --- the real course: 31 lessons --------------------------------------------------------------------
    course = use_course(real_dir)
    exam = course.course_key.make_usage_key("carbon_exam", "final_exam")
    gate = course.course_key.make_usage_key("hours_gate", "exam_gate")
    probe = course.course_key.make_usage_key("bench_probe", "bench-floor")
    lessons = len([k for k in course.of_type("sequential") if "lesson" in k.block_id])
    user, client = learner("bench_learner", course, lessons=lessons, application=True)
    floor = lambda: post(client, probe, "noop", {})  # noqa: E731
    table.measure("do-nothing handler (floor)", floor, floor)
    state = post(client, exam, "start_exam", {})
    session, one = state["attempt"]["session"], answers_for(state, 1)
    table.measure(f"`save_answers`, 1 answer, course of {lessons} lessons",
                  lambda: post(client, exam, "save_answers", {"session": session, "answers": one}), floor)
    table.measure(f"`gate_status`, {lessons} lessons", lambda: post(client, gate, "gate_status", {}), floor)
    post(client, exam, "submit_exam", {"session": session, "answers": answers_for(state)})

    attempts = AttemptCycle(lambda handler, data: post(client, exam, handler, data), answers_for)
    table.measure("`start_exam`", attempts.start, floor, before=attempts.finish)
    attempts.finish()
    table.measure(f"`submit_exam`, {len(answers_for(state))} answers", attempts.submit, floor, before=attempts.restart)

    clear_paper_cache()
    cold_state = {}

    def cold_save():
        clear_paper_cache()
        post(client, exam, "save_answers", {"session": cold_state["session"], "answers": cold_state["one"]})

    started = post(client, exam, "start_exam", {})
    cold_state.update(session=started["attempt"]["session"], one=answers_for(started, 1))
    table.measure("`save_answers`, 1 answer, paper cache cleared before each call", cold_save, floor)
    post(client, exam, "submit_exam", {"session": cold_state["session"], "answers": {}})

    if "--skip-staff" in sys.argv:
        run_big(table, big_dir)
        return finish(table)

    # --- staff views over many attempts ---------------------------------------------------------------
    from carbon_common.models import ExamAttempt

    template = ExamAttempt.objects.filter(user=user, status="submitted").order_by("number").first()
    made = many_attempts(course, exam, template, ATTEMPTS)
    total = ExamAttempt.objects.filter(usage_key=str(exam)).count()
    from devsite.lms.models import CourseRole

    staff, staff_client = learner("bench_staff", course)
    CourseRole.objects.create(user=staff, course_id=str(course.course_key), role="staff")
    print(f"  ({made} learners added by bulk_create; {total} attempts)", flush=True)
    table.measure(f"`staff_submissions`, {total:,} attempts (first page)",
                  lambda: get(staff_client, exam, "staff_submissions"), floor, repeat=STAFF_REPEAT)
    table.measure(f"`export_results` csv, {total:,} attempts",
                  lambda: get(staff_client, exam, "export_results", "?format=csv"), floor, repeat=STAFF_REPEAT)
    table.measure(f"`export_results` xlsx, {total:,} attempts",
                  lambda: get(staff_client, exam, "export_results", "?format=xlsx"), floor, repeat=STAFF_REPEAT)
    enrolled = min(made, ENROLLED) + 1
    table.measure(f"`staff_roster` (gate), {enrolled:,} learners",
                  lambda: get(staff_client, gate, "staff_roster"), floor, repeat=STAFF_REPEAT)
    table.measure(f"`export_hours` csv (gate), {enrolled:,} learners",
                  lambda: get(staff_client, gate, "export_hours", "?format=csv"), floor, repeat=STAFF_REPEAT)

    run_big(table, big_dir)
    finish(table)


def run_big(table, big_dir):
    """The generated course of LESSONS lessons: its own floor, an autosave and the gate's status."""
    course = use_course(big_dir)
    exam = course.course_key.make_usage_key("carbon_exam", "big_exam")
    gate = course.course_key.make_usage_key("hours_gate", "gate")
    probe = course.course_key.make_usage_key("bench_probe", "bench-floor")
    user, client = learner("bench_big", course)
    complete_all(user, course, LESSONS)
    floor = lambda: post(client, probe, "noop", {})  # noqa: E731
    table.measure(f"do-nothing handler (floor), course of {LESSONS} lessons", floor, floor)
    state = post(client, exam, "start_exam", {})
    session, one = state["attempt"]["session"], answers_for(state, 1)
    table.measure(f"`save_answers`, 1 answer, course of {LESSONS} lessons",
                  lambda: post(client, exam, "save_answers", {"session": session, "answers": one}), floor)
    table.measure(f"`gate_status`, {LESSONS} lessons", lambda: post(client, gate, "gate_status", {}), floor)
    from completion.models import BlockCompletion

    touched = {"value": 1.0}

    def change_a_completion():  # a completion written since the learner's last call: read and summed afresh
        touched["value"] = 0.5 if touched["value"] == 1.0 else 1.0  # of a block no gate credits: the verdict stays
        BlockCompletion.objects.submit_completion(user=user, block_key=course.course_key.make_usage_key(
            "html", "not-credited"), completion=touched["value"])

    table.measure(f"`gate_status`, {LESSONS} lessons, a completion written before each call",
                  lambda: post(client, gate, "gate_status", {}), floor, before=change_a_completion)
    from hours_gate.evaluation import forget_kept

    table.measure(f"`gate_status`, {LESSONS} lessons, a learner's first call (credits resolved in the process)",
                  lambda: post(client, gate, "gate_status", {}), floor, before=forget_kept)
    try:
        from hours_gate.structure import forget_resolved
    except ImportError:  # a version before the resolved credits were kept
        return
    table.measure(f"`gate_status`, {LESSONS} lessons, resolved afresh (a learner's first call)",
                  lambda: post(client, gate, "gate_status", {}), floor, before=forget_resolved)


def finish(table):
    print()
    print(table.markdown())
    if "--out" in sys.argv:
        Path(sys.argv[sys.argv.index("--out") + 1]).write_text(table.markdown() + "\n", encoding="utf-8")
    elif "--no-write" not in sys.argv:
        write_doc(table)


def _load():
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def write_doc(table):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    section = "\n".join([
        MARK_BEGIN,
        "## Handlers in process (devsite, `make bench`)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, database {connection.vendor}{' (--quick)' if QUICK else ''}. Django test "
        f"client in process; each figure is the median of {REPEAT} calls ({STAFF_REPEAT} for staff views), "
        "each call right after a call of the floor (a do-nothing handler of a bench-only probe block in the "
        "same course); × floor is the ratio of medians in the same run, CPU × floor the ratio of the process's "
        f"CPU time per call (steadier when other work shares the cores: load average {_load()} at the end).",
        "",
        table.markdown(),
        MARK_END,
    ])
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    DOC.write_text(put_section(text, MARK_BEGIN, MARK_END, section), encoding="utf-8")
    print(f"\nwritten to {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
