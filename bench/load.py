"""An exam window under load: gunicorn (4 workers) serving devsite on MariaDB, N simulated examinees over HTTP.

    .venv/bin/python bench/load.py [--examinees 50,200,500] [--saves 20] [--interval 3] [--budget 240]

What it does, all on this machine (127.0.0.1 only, nothing else is contacted):
1. starts a throw-away MariaDB on loopback (tools/mariadb.sh, its own directory) and migrates devsite into it;
2. packs the real course (31 lessons, the 367-question final exam inside its hours gate, a bench-only
   do-nothing handler beside it), creates the examinees (enrolled, lessons complete, application approved);
3. runs gunicorn with 4 sync workers (bench/load_settings.py) and, for each N, N examinees at once on an
   asyncio client (httpx): each signs in, starts the exam, autosaves `--saves` times (one answer each, one
   save at a time, `--interval` seconds apart with jitter) and submits; then the same N clients call the
   do-nothing handler a quarter as often (at least 5 times), paced alike, for the floor;
4. checks in the database that every examinee has exactly one attempt, submitted, holding every answer a
   save acknowledged ("saved");
5. prints throughput, p50/p99 per handler and errors, and where the time went: CPU seconds of the client, the
   gunicorn workers and MariaDB, the client's event-loop lag, MariaDB's connections and row-lock waits, each
   handler's time inside the worker (gunicorn's access log, ``%(D)s``: what the client's figure adds on top is
   queueing for a free worker and the client), and the saves sent before and after the last start was answered;
   appends it all to docs/benchmarks.md (``--no-write`` to leave it), and stops gunicorn and MariaDB.

Arrivals: each examinee enters at a uniformly random moment within ``--ramp`` seconds (30 with ``--browser-rate``,
every one of N at once in practice); ``N@S`` in ``--examinees`` spreads that level's arrivals over S seconds instead
(a window whose examinees trickle in), with its own examinees.

Bounded: at most 500 examinees, each request times out after 60 s, each level after ``--budget`` seconds.
"""
import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from _timing import put_section

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(REPO / "xblocks"), str(BENCH)]
HOST = "127.0.0.1"
MAX_EXAMINEES = 500
REQUEST_TIMEOUT = 60.0
PASSWORD = "bench-load"
#: The exam page saves at least every 30 s (exam.js HEARTBEAT_MS); --browser-rate runs at that rate, 8 saves each
#: (about 4 minutes a level: bounded in time, and long enough for every examinee to overlap the others).
BROWSER_INTERVAL, BROWSER_SAVES = 30.0, 8
WARM = 8  # examinees who sit the exam first, untimed, so that every worker has loaded the course and paper
DOC = REPO / "docs" / "benchmarks.md"
MARK_BEGIN, MARK_END = "<!-- bench_load:begin -->", "<!-- bench_load:end -->"


# Services ------------------------------------------------------------------------------------------------

def start_mariadb(state_dir):
    env = dict(os.environ, CARBON_MARIADB_DIR=str(state_dir))
    out = subprocess.run(["bash", str(REPO / "tools" / "mariadb.sh"), "start"], env=env, check=True,
                         capture_output=True, text=True).stdout
    found = dict(re.findall(r"export (\w+)=(\S*)", out))
    os.environ.update(found)
    os.environ["CARBON_MARIADB_DIR"] = str(state_dir)
    os.environ["CARBON_DB_NAME"] = "carbon_load"
    import MySQLdb

    connection = MySQLdb.connect(unix_socket=found["CARBON_DB_SOCKET"], user="root")
    connection.cursor().execute("CREATE DATABASE IF NOT EXISTS carbon_load CHARACTER SET utf8mb4 "
                                "COLLATE utf8mb4_unicode_ci")
    connection.close()


def stop_mariadb(state_dir):
    env = dict(os.environ, CARBON_MARIADB_DIR=str(state_dir))
    subprocess.run(["bash", str(REPO / "tools" / "mariadb.sh"), "stop"], env=env, check=False,
                   capture_output=True)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, log_path, access_path):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="load_settings",
               PYTHONPATH=os.pathsep.join([str(BENCH), str(REPO), str(REPO / "xblocks")]))
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "devsite.wsgi:application", "--workers", str(workers),
         "--bind", f"{HOST}:{port}", "--timeout", "120", "--backlog", "2048", "--chdir", str(REPO),
         "--error-logfile", str(log_path), "--access-logfile", str(access_path),
         # method, path, status, microseconds in the worker (from taking the request to the response's end)
         "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not start; see " + str(log_path))


def stop_gunicorn(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# Data ----------------------------------------------------------------------------------------------------

def level_names(specs):
    """The examinees of each level, in order; a level run twice (N and N@S) has fresh examinees the second time."""
    used, names = defaultdict(int), []
    for level, _ramp in specs:
        tag = f"n{level}" + (f"r{used[level]}" if used[level] else "")
        used[level] += 1
        names.append([f"{tag}_{n:03d}" for n in range(level)])
    return names


def prepare(examinees):
    """Migrate, and create the examinees (bulk: one row per table per learner)."""
    import django

    django.setup()
    from completion.models import BlockCompletion
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from waffle.models import Switch

    from carbon_common.models import Application, GateUnlock
    from devsite.lms.course import get_course
    from devsite.lms.demo import DEMO_APPLICATION
    from devsite.lms.models import CourseEnrollment

    call_command("migrate", verbosity=0)
    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})
    course = get_course()
    leaves = [leaf for lesson in course.of_type("sequential") if "lesson" in lesson.block_id
              for unit in course.children(lesson) for leaf in course.children(unit)]
    form = course.of_type("eligibility_form")[0]
    User = get_user_model()
    password = make_password(PASSWORD)
    names = [name for level in examinees for name in level] + [f"warm_{n}" for n in range(WARM)]
    User.objects.bulk_create([User(username=name, email=f"{name}@example.com", password=password)
                              for name in names], batch_size=500)
    users = list(User.objects.filter(username__in=names))
    now = timezone.now()
    CourseEnrollment.objects.bulk_create([CourseEnrollment(user=u, course_id=str(course.course_key)) for u in users],
                                         batch_size=500)
    BlockCompletion.objects.bulk_create([
        BlockCompletion(user=u, context_key=course.course_key, block_key=leaf, block_type=leaf.block_type,
                        completion=1.0) for u in users for leaf in leaves], batch_size=2000)
    Application.objects.bulk_create([Application(
        usage_key=str(form), user=u, course_key=str(course.course_key), anonymous_id="", status="approved",
        answers=dict(DEMO_APPLICATION, name=u.username, email=u.email), consent_at=now, consent_version="bench",
        submitted_at=now, decided_at=now) for u in users], batch_size=500)
    # Let in by the gate (its unlock record, as a full evaluation leaves it): the course's gate counts verified
    # study time (the study ledger), which bulk completions alone do not give.
    gate = course.of_type("hours_gate")[0]
    GateUnlock.objects.bulk_create([GateUnlock(usage_key=str(gate), course_key=str(course.course_key), user=u)
                                    for u in users], batch_size=500)
    from django.db import connections

    connections.close_all()
    exam = course.course_key.make_usage_key("carbon_exam", "final_exam")
    probe = course.course_key.make_usage_key("bench_probe", "bench-floor")
    return exam, probe


def verify(exam, usernames, acknowledged):
    """{"examinees", "one_submitted", "missing_answers", "problems": [...]} from the database."""
    from carbon_common.models import ExamAttempt

    attempts = defaultdict(list)
    for attempt in ExamAttempt.objects.filter(usage_key=str(exam), user__username__in=usernames).select_related("user"):
        attempts[attempt.user.username].append(attempt)
    problems, ok, missing = [], 0, 0
    for name in usernames:
        found = attempts.get(name, [])
        if len(found) != 1 or found[0].status != "submitted":
            problems.append(f"{name}: {[a.status for a in found]}")
            continue
        ok += 1
        stored = found[0].answers
        lost = [qid for qid, value in acknowledged.get(name, {}).items() if stored.get(qid) != value]
        missing += len(lost)
        if lost:
            problems.append(f"{name}: {len(lost)} acknowledged answers not stored")
    return {"examinees": len(usernames), "one_submitted": ok, "missing_answers": missing, "problems": problems}


# Where the time goes -------------------------------------------------------------------------------------

def _ticks(pid):
    """CPU seconds (user + system) of one process, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_pressure():
    """Microseconds during which some runnable task waited for a CPU (Linux PSI), None without PSI."""
    try:
        return int(Path("/proc/pressure/cpu").read_text().split("total=", 1)[1].split()[0])
    except (OSError, IndexError, ValueError):
        return None


def _children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


class Probe:
    """Before/after a level: CPU of the client, the gunicorn workers and MariaDB, MariaDB's counters, the
    access log's offset (the workers' own time per request)."""

    COUNTERS = ("Connections", "Innodb_row_lock_waits", "Innodb_row_lock_time", "Threads_created")

    def __init__(self, server, state_dir, access_path):
        self.server, self.access_path = server, access_path
        self.db_pid = int((state_dir / "mariadbd.pid").read_text())

    def snapshot(self):
        import resource

        import MySQLdb

        usage = resource.getrusage(resource.RUSAGE_SELF)
        connection = MySQLdb.connect(unix_socket=os.environ["CARBON_DB_SOCKET"], user="root")
        cursor = connection.cursor()
        cursor.execute("SHOW GLOBAL STATUS WHERE Variable_name IN (%s)" % ",".join(["%s"] * len(self.COUNTERS)),
                       self.COUNTERS)
        counters = {name: int(value) for name, value in cursor.fetchall()}
        connection.close()
        return {"wall": time.perf_counter(), "client": usage.ru_utime + usage.ru_stime,
                "workers": {pid: _ticks(pid) for pid in _children(self.server.pid)}, "db": _ticks(self.db_pid),
                "counters": counters, "offset": self.access_path.stat().st_size, "load": os.getloadavg()[0],
                "pressure": _cpu_pressure()}

    def between(self, before, after):
        wall = after["wall"] - before["wall"]
        workers = sum(after["workers"].get(pid, 0) - before["workers"].get(pid, 0) for pid in after["workers"])
        with self.access_path.open("rb") as log:
            log.seek(before["offset"])
            lines = log.read(after["offset"] - before["offset"]).decode(errors="replace").splitlines()
        served = defaultdict(list)
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[2].isdigit() and parts[2][0] in "23":
                served[_handler_name(parts[1])].append(int(parts[3]) / 1e6)
        counters = {k: after["counters"].get(k, 0) - before["counters"].get(k, 0) for k in self.COUNTERS}
        waited = None if None in (before["pressure"], after["pressure"]) else \
            (after["pressure"] - before["pressure"]) / 1e6 / wall
        return {"wall": wall, "client": after["client"] - before["client"], "workers": workers, "waited": waited,
                "db": after["db"] - before["db"], "counters": counters, "served": served,
                "load": (before["load"], after["load"])}


def _handler_name(path):
    if "/handler/" in path:
        name = path.rstrip("/").rsplit("/", 1)[1]
        return "floor (do-nothing handler)" if name == "noop" else name
    return "sign_in" if path.startswith("/login") else path


def diagnose(where, stats, starts_done):
    """Lines saying where a level's time went: CPU shares, the workers' own time, the client's lag, waits."""
    wall = where["wall"]
    lag = stats.lag or [0.0]
    lines = [f"CPU over {wall:.0f} s (2 cores = {2 * wall:.0f} CPU-s): gunicorn workers {where['workers']:.1f} s, "
             f"MariaDB {where['db']:.1f} s, the load client {where['client']:.1f} s; load average "
             f"{where['load'][0]:.1f} → {where['load'][1]:.1f}; client event-loop lag p50/p99 "
             f"{percentile(lag, 0.5) * 1000:.0f} / {percentile(lag, 0.99) * 1000:.0f} ms"
             + ("" if where["waited"] is None else f"; some task waiting for a CPU {where['waited']:.0%} of the "
                "time (Linux CPU pressure, every process on the machine)"),
             "MariaDB: {Connections} connections opened, {Innodb_row_lock_waits} row-lock waits "
             "({Innodb_row_lock_time} ms in all)".format(**where["counters"])]
    for name in sorted(where["served"]):
        values = where["served"][name]
        lines.append(f"in the worker (access log) {name}: {len(values)} served, p50 / p99 "
                     f"{percentile(values, 0.5) * 1000:,.0f} / {percentile(values, 0.99) * 1000:,.0f} ms")
    saves = stats.sent.get("save_answers", [])
    if saves and starts_done is not None:
        during = [latency for sent, latency in saves if sent <= starts_done]
        after = [latency for sent, latency in saves if sent > starts_done]
        for label, values in (("before", during), ("after", after)):
            if values:
                lines.append(f"save_answers sent {label} the last start was answered ({starts_done:.0f} s "
                             f"into the level): {len(values)}, p50 / p99 "
                             f"{percentile(values, 0.5) * 1000:,.0f} / {percentile(values, 0.99) * 1000:,.0f} ms")
    return lines


def last_start(stats):
    """Seconds after the level began when the last start_exam was answered (None without starts)."""
    ends = [sent + latency for sent, latency in stats.sent.get("start_exam", [])]
    return max(ends) if ends else None


# Load ----------------------------------------------------------------------------------------------------

def handler_path(key, name):
    from urllib.parse import quote

    return f"/courses/{key.context_key}/xblock/{quote(str(key), safe='')}/handler/{name}/"


class Stats:
    def __init__(self):
        self.latencies = defaultdict(list)
        self.errors = defaultdict(lambda: defaultdict(int))
        self.t0 = time.perf_counter()
        self.sent = defaultdict(list)  # name -> [(seconds after the level began when sent, latency)]

    def record(self, name, seconds, outcome, sent_at=None):
        if outcome == 200:
            self.latencies[name].append(seconds)
            if sent_at is not None:
                self.sent[name].append((sent_at - self.t0, seconds))
        else:
            self.errors[name][outcome] += 1


async def call(client, stats, name, method, path, **kwargs):
    """One request, timed; returns the response or None (timeout, connection error)."""
    start = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)
    except Exception as error:  # timeouts and refused connections are outcomes to count, not crashes
        stats.record(name, time.perf_counter() - start, type(error).__name__)
        return None
    outcome = response.status_code if response.status_code != 302 or name != "sign_in" else 200
    stats.record(name, time.perf_counter() - start, outcome, start)
    return response


async def examinee(base, username, exam, args, stats, acknowledged, floor_only=False, probe=None):
    import httpx

    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        await asyncio.sleep(random.uniform(0, args.ramp))
        page = await call(client, stats, "sign_in (GET)", "GET", "/login/")
        if page is None or page.status_code != 200:
            return
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed = await call(client, stats, "sign_in", "POST", "/login/?next=/login/",
                            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        if signed is None or signed.status_code not in (200, 302):
            return
        headers = {"X-CSRFToken": client.cookies.get("csrftoken", ""), "Content-Type": "application/json"}
        if floor_only:
            for _ in range(max(5, args.saves // 4)):
                await call(client, stats, "floor (do-nothing handler)", "POST", handler_path(probe, "noop"),
                           content=b"{}", headers=headers)
                await asyncio.sleep(args.interval * random.uniform(0.5, 1.5))
            return
        import json

        started = await call(client, stats, "start_exam", "POST", handler_path(exam, "start_exam"),
                             content=b"{}", headers=headers)
        if started is None or started.status_code != 200:
            return
        attempt = started.json()["attempt"]
        session = attempt["session"]
        questions = [q for part in attempt["paper"]["parts"] for q in part["questions"]]
        mine = acknowledged.setdefault(username, {})
        for n in range(args.saves):
            await asyncio.sleep(args.interval * random.uniform(0.5, 1.5))
            question = questions[n % len(questions)]
            value = [random.choice(question["options"])["id"]] if question.get("options") else f"答案 {n}"
            body = json.dumps({"session": session, "answers": {question["id"]: value}}).encode()
            saved = await call(client, stats, "save_answers", "POST", handler_path(exam, "save_answers"),
                               content=body, headers=headers)
            if saved is not None and saved.status_code == 200 and question["id"] in saved.json().get("saved", []):
                mine[question["id"]] = value
        body = json.dumps({"session": session, "answers": {}}).encode()
        await call(client, stats, "submit_exam", "POST", handler_path(exam, "submit_exam"), content=body,
                   headers=headers)


async def loop_lag(samples, step=0.05):
    """How late the client's own event loop wakes up (its CPU share on the same cores shows here)."""
    while True:
        due = time.perf_counter() + step
        await asyncio.sleep(step)
        samples.append(max(0.0, time.perf_counter() - due))


async def run_level(base, usernames, exam, probe, args, floor_only=False):
    stats, acknowledged = Stats(), {}
    started = time.perf_counter()
    stats.lag = []
    monitor = asyncio.create_task(loop_lag(stats.lag))
    tasks = [asyncio.create_task(examinee(base, name, exam, args, stats, acknowledged, floor_only, probe))
             for name in usernames]
    done, pending = await asyncio.wait(tasks, timeout=args.budget)
    monitor.cancel()
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, monitor, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            stats.errors["client"][type(task.exception()).__name__] += 1
    return stats, acknowledged, time.perf_counter() - started, len(pending)


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarise(level, stats, elapsed, cut, check=None):
    total = sum(len(v) for v in stats.latencies.values())
    lines = []
    for name in sorted(set(stats.latencies) | set(stats.errors)):
        values = stats.latencies.get(name, [])
        errors = ", ".join(f"{code} ×{count}" for code, count in sorted(stats.errors.get(name, {}).items(),
                                                                        key=lambda item: str(item[0])))
        p50 = f"{percentile(values, 0.5) * 1000:,.0f}" if values else "—"
        p99 = f"{percentile(values, 0.99) * 1000:,.0f}" if values else "—"
        lines.append(f"| {level} | {name} | {len(values)} | {p50} / {p99} ms | {errors or 'none'} |")
    summary = f"{level}: {total} requests answered 200 in {elapsed:.1f} s ({total / elapsed:.1f}/s)"
    if cut:
        summary += f"; {cut} examinees cut off by the time budget"
    if check is not None:
        summary += (f"; {check['one_submitted']} of {check['examinees']} have exactly one submitted attempt; "
                    f"acknowledged answers not stored: {check['missing_answers']}")
    return summary, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examinees", default="50,200,500",
                        help="levels; N@S makes that level's examinees arrive over S seconds instead of --ramp")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3.0,
                        help="seconds between one examinee's saves (the exam's browser saves every 30 s or so)")
    parser.add_argument("--ramp", type=float, default=10.0, help="examinees arrive over this many seconds")
    parser.add_argument("--budget", type=float, default=240.0, help="seconds allowed for each level")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--conn-max-age", type=int, default=0,
                        help="Django's CONN_MAX_AGE for the server (0, the LMS's own default: a connection a request)")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--browser-rate", action="store_true",
                        help=f"save at the browser's rate: every {BROWSER_INTERVAL:g} s (the exam page's heartbeat; "
                             f"an answer changed saves sooner), {BROWSER_SAVES} saves, arrivals over one interval")
    args = parser.parse_args()
    if args.browser_rate:
        args.interval, args.saves = BROWSER_INTERVAL, min(args.saves, BROWSER_SAVES)
        args.ramp = max(args.ramp, BROWSER_INTERVAL)
        args.budget = max(args.budget, args.ramp + args.saves * args.interval * 1.5 + 120)
    specs = [(min(int(n.split("@")[0]), MAX_EXAMINEES), float(n.split("@")[1]) if "@" in n else None)
             for n in args.examinees.split(",") if n.strip()]
    examinees = level_names(specs)
    args.load_before = _load_average()

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    os.environ.update(DEVSITE_VAR_DIR=str(work / "var"), DEVSITE_DEBUG="0", DJANGO_SETTINGS_MODULE="load_settings",
                      DEVSITE_COURSE_DIR=str(work / "course"), BENCH_CONN_MAX_AGE=str(args.conn_max_age))
    (work / "var").mkdir()
    from courses import real_course

    real_course(work / "course")
    state_dir = work / "mariadb"
    server = None
    report = []
    try:
        print("starting MariaDB on loopback, migrating, creating examinees ...", flush=True)
        start_mariadb(state_dir)
        exam, probe = prepare(examinees)
        port = free_port()
        server = start_gunicorn(port, args.workers, work / "gunicorn.log", work / "access.log")
        base = f"http://{HOST}:{port}"
        print(f"gunicorn: {args.workers} workers at {base}; {args.saves} saves per examinee, "
              f"{args.interval:g} s apart (jittered)", flush=True)
        warm = argparse.Namespace(**{**vars(args), "saves": 2, "interval": 0.1, "ramp": 0.5})
        asyncio.run(run_level(base, [f"warm_{n}" for n in range(WARM)], exam, probe, warm))
        asyncio.run(run_level(base, [f"warm_{n}" for n in range(WARM)], exam, probe, warm, floor_only=True))
        watch = Probe(server, state_dir, work / "access.log")
        for (level, ramp), names in zip(specs, examinees, strict=True):
            label = f"{level}" if args.interval == 3.0 else f"{level}, every {args.interval:g} s"
            level_args = args
            if ramp is not None:
                label += f", arrivals over {ramp:g} s"
                level_args = argparse.Namespace(**{**vars(args), "ramp": ramp,
                                                   "budget": args.budget + max(0.0, ramp - args.ramp)})
            before = watch.snapshot()
            stats, acknowledged, elapsed, cut = asyncio.run(run_level(base, names, exam, probe, level_args))
            where = watch.between(before, watch.snapshot())
            check = verify(exam, names, acknowledged)
            summary, lines = summarise(label, stats, elapsed, cut, check)
            notes = diagnose(where, stats, last_start(stats))
            print(summary, flush=True)
            print("\n".join(lines + notes), flush=True)
            for problem in check["problems"][:5]:
                print("   ", problem)
            report.append((summary, lines, notes))
            if not args.no_floor:
                before = watch.snapshot()
                stats, _ack, elapsed, cut = asyncio.run(run_level(base, names, exam, probe, level_args,
                                                                  floor_only=True))
                where = watch.between(before, watch.snapshot())
                summary, lines = summarise(f"{label} (floor)", stats, elapsed, cut)
                notes = diagnose(where, stats, None)
                print(summary, flush=True)
                print("\n".join(lines + notes), flush=True)
                report.append((summary, [line for line in lines if "floor" in line], notes))
    finally:
        if server is not None:
            stop_gunicorn(server)
        stop_mariadb(state_dir)
    if not args.no_write and report:
        write_doc(args, report)


def _load_average():
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} (1 min) / {five:.1f} (5 min)"


def write_doc(args, report):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "")
    body = [
        MARK_BEGIN, "## Under load (gunicorn + MariaDB, `make bench-load`)", "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}): gunicorn "
        f"{args.workers} sync workers serving devsite on MariaDB (Debian's package, on loopback), the client "
        f"(asyncio + httpx) on the same cores, load average {args.load_before} before the run and {_load_average()} after. Each examinee "
        "signs in, starts, autosaves (one answer a save, one save at a time, jittered ±50 %) and submits; "
        "then the same clients call the do-nothing handler a quarter as often (the floor). Levels labelled "
        f"\"every 30 s\" save at the exam page's own rate (`--browser-rate`: {BROWSER_SAVES} saves, arrivals "
        "spread over 30 s); the others every 3 s, ten times the page's rate, 20 saves. Rows of levels not "
        f"run this time are kept from earlier runs (this run: {args.saves} saves {args.interval:g} s apart).", "",
        "| examinees | handler | answered 200 | p50 / p99 | errors |", "|---|---|---|---|---|",
    ]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    # Levels not run this time keep their rows from the last run (`--examinees 500` redoes only that level).
    ran = {summary.split(":", 1)[0] for summary, _lines, _notes in report}
    old_rows, old_summaries = [], []
    if MARK_BEGIN in text:
        old = text[text.index(MARK_BEGIN):text.index(MARK_END)]
        old_rows = [line for line in old.splitlines() if re.match(r"\| \d", line)
                    and line.split("|")[1].strip() not in ran]
        old_summaries = [line for line in old.splitlines() if re.match(r"- \d", line)
                         and line[2:].split(":", 1)[0] not in ran]

    def level(line, start):
        head = line[start:].split("|")[0].split(":")[0]
        return int(re.match(r"\d+", head).group(0)), "every" in head, "(floor)" in head

    rows = old_rows + [line for _summary, lines, _notes in report for line in lines]
    body.extend(sorted(rows, key=lambda line: level(line, 2)))
    body.append("")
    summaries = old_summaries + [f"- {summary}" for summary, _lines, _notes in report]
    body.extend(sorted(summaries, key=lambda line: level(line, 2)))
    body.extend(["", "Where the time went (this run):", ""])
    body.extend(f"- {summary.split(':', 1)[0]}: {note}" for summary, _lines, notes in report for note in notes)
    body.append(MARK_END)
    section = "\n".join(body)
    DOC.write_text(put_section(text, MARK_BEGIN, MARK_END, section), encoding="utf-8")
    print(f"written to {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
