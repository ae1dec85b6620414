"""The hours gate in verified mode (the study ledger) at 800 lessons: a learner's later ``gate_status``, one after a
ledger write, and a learner's first call in the process, each interleaved with the floor (a do-nothing handler of
the bench-only probe block in the same course). The generated course of bench_handlers.py with its gate switched to
verified mode; the learner has reading arrivals on every fourth lesson. Prints medians (wall and CPU) and ratios
to the floor; asserts nothing.

    .venv/bin/python bench/bench_gate_verified_big.py [--lessons 800] [--repeat 15]
"""
import sys
from datetime import timedelta
from pathlib import Path

from _setup import devsite, prepare_database

WORK = devsite("bench-gate-verified-")

from _timing import interleaved, print_medians  # noqa: E402
from courses import big_course, real_course  # noqa: E402
from django.utils import timezone  # noqa: E402

LESSONS = int(sys.argv[sys.argv.index("--lessons") + 1]) if "--lessons" in sys.argv else 800
REPEAT = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 15


def main():
    from bench_handlers import learner, post, queries, use_course

    from carbon_common import ledger

    prepare_database()
    _real, exam_xml = real_course(WORK / "real" / "course")
    folder = big_course(WORK / "big", LESSONS, exam_xml)
    for olx in Path(folder).rglob("*.xml"):  # the same course, its gate counting the study ledger
        text = olx.read_text(encoding="utf-8")
        if 'url_name="gate"' in text:
            olx.write_text(text.replace('<hours_gate url_name="gate"', '<hours_gate url_name="gate" hours_mode="verified"'),
                           encoding="utf-8")
    course = use_course(folder)
    key = course.course_key
    gate, probe = key.make_usage_key("hours_gate", "gate"), key.make_usage_key("bench_probe", "bench-floor")
    user, client = learner("bench_verified", course)
    clock = {"at": timezone.now() - timedelta(hours=5)}

    def arrive(n):
        clock["at"] += timedelta(seconds=20)
        ledger.record_reading_arrival(user.id, key, key.make_usage_key("html", f"reading-{n}"), when=clock["at"])

    for n in range(0, LESSONS, 4):
        arrive(n)
    try:
        from hours_gate.evaluation import forget_kept
    except ImportError:  # a version before the kept records
        def forget_kept():
            return None
    floor = lambda: post(client, probe, "noop", {})  # noqa: E731
    status = lambda: post(client, gate, "gate_status", {})  # noqa: E731
    print(f"verified gate, {LESSONS} lessons, earned {status()['earned']}; {REPEAT} calls each after a floor call")
    for name, before in (("floor", None), ("gate_status, a later call", None),
                         ("gate_status, a ledger write before each call", lambda: arrive(1)),
                         ("gate_status, a learner's first call in the process", forget_kept)):
        call = floor if before is None and name == "floor" else status
        if before:
            before()
        count = queries(call)
        print_medians(name, 52, interleaved(call, floor, REPEAT, before), count)


if __name__ == "__main__":
    main()
