"""The same handler medians in the real Open edX (Teak) LMS: the platform tier's settings and imported course.

Run with the platform's python, as the platform tier runs (``bash bench/platform_handlers.sh``). A pytest module
only to reuse the tier's session fixtures (databases, the packed course imported by the platform's importer);
it asserts nothing about time. Prints the table and writes it to ``$CARBON_BENCH_OUT`` (markdown) when set.

The floor here is the LMS's own ``publish_completion`` handler of an HTML block (what the courseware's
JavaScript calls when a learner reads a page): the cheapest handler the platform offers, one completion
write; the bench-only probe block of devsite is not installed in the platform.
"""
import json
import os
import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench._attempts import AttemptCycle
from bench._timing import interleaved, put_section
from tests_platform.common import client_for, course_key, handler_url, leaves_under, make_user, record_study, usage
from tests_platform.conftest import course, django_db_setup  # noqa: F401 (the tier's session fixtures)

GATE = usage("hours_gate", "exam_gate")
FORM = usage("eligibility_form", "application")
EXAM = usage("carbon_exam", "final_exam")
REPEAT = int(os.environ.get("CARBON_BENCH_REPEAT", "9"))


def _post(client, key, handler, data):
    response = client.post(handler_url(key, handler), json.dumps(data), content_type="application/json")
    assert response.status_code == 200, (handler, response.status_code, response.content[:300])
    return json.loads(response.content)


def _answers(state, count=None):
    answers = {}
    for part in state["attempt"]["paper"]["parts"]:
        for question in part["questions"]:
            answers[question["id"]] = ([question["options"][0]["id"]] if question.get("options")
                                       else "排放量等于活动数据乘以排放因子")
    return dict(list(answers.items())[:count]) if count else answers


def test_handler_medians_in_the_platform():
    from completion.models import BlockCompletion
    from django.utils import timezone
    from xmodule.modulestore.django import modulestore

    from carbon_common.models import Application

    user = make_user("bench_platform", course_key(), name="测试")
    client = client_for(user)
    gate = modulestore().get_item(GATE)
    leaves = [leaf for credit in gate.credits
              for leaf in leaves_under(course_key().make_usage_key(credit["block_type"], credit["url_name"]))]
    for leaf in leaves:
        BlockCompletion.objects.submit_completion(user, leaf, 1.0)
    # The packed gate counts the study ledger (hours_mode="verified"): the evidence studying would have left.
    record_study(user, leaves)
    Application.objects.create(course_key=str(course_key()), usage_key=str(FORM), user=user, anonymous_id="",
                               status=Application.APPROVED, submitted_at=timezone.now(), decided_at=timezone.now())
    reading = next(leaf for credit in gate.credits
                   for leaf in leaves_under(course_key().make_usage_key(credit["block_type"], credit["url_name"]))
                   if leaf.block_type == "html")

    def floor():
        return _post(client, reading, "publish_completion", {"completion": 1.0})

    rows = []

    def measure(name, call, before=None):
        walls, cpus, floors, _floor_cpus = interleaved(call, floor, REPEAT, before)
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            call()
        row = (name, statistics.median(walls), statistics.median(cpus), statistics.median(floors), len(queries))
        rows.append(row)
        print(f"  {name:<50} {row[1] * 1000:9.1f} ms  x{row[1] / row[3]:6.1f}  cpu {row[2] * 1000:7.1f} ms  "
              f"{row[4]:3d} queries", flush=True)

    measure("floor: `publish_completion` of an HTML block", floor)
    measure("`gate_status`, 31 lessons (verified mode)", lambda: _post(client, GATE, "gate_status", {}))
    state = _post(client, EXAM, "start_exam", {})
    session, one = state["attempt"]["session"], _answers(state, 1)
    measure("`save_answers`, 1 answer", lambda: _post(client, EXAM, "save_answers",
                                                      {"session": session, "answers": one}))
    _post(client, EXAM, "submit_exam", {"session": session, "answers": {}})
    _clear_attempt_limit()
    attempts = AttemptCycle(lambda handler, data: _post(client, EXAM, handler, data), _answers)
    measure("`start_exam`", attempts.start, before=attempts.finish)
    attempts.finish()
    measure(f"`submit_exam`, {len(_answers(state))} answers", attempts.submit, before=attempts.restart)

    lines = ["| handler | median | × floor | CPU per call | queries |", "|---|---|---|---|---|"]
    lines += [f"| {n} | {w * 1000:,.1f} ms | ×{w / f:.1f} | {c * 1000:,.1f} ms | {q} |" for n, w, c, f, q in rows]
    print("\n" + "\n".join(lines))
    if os.environ.get("CARBON_BENCH_OUT"):
        with open(os.environ["CARBON_BENCH_OUT"], "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    if os.environ.get("CARBON_BENCH_DOC"):
        _write_doc(os.environ["CARBON_BENCH_DOC"], lines)


def _write_doc(path, lines):
    from datetime import UTC, datetime

    begin, end = "<!-- bench_platform:begin -->", "<!-- bench_platform:end -->"
    section = "\n".join([
        begin, "## The same handlers in the platform tier (Open edX Teak LMS, `make bench-platform`)", "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores with the platform tier's "
        "settings (SQLite, mongomock) and the course imported by the platform's importer; Django test client "
        f"through the LMS's URLs and middleware, medians of {REPEAT} calls, each right after a floor call. The "
        "floor is the LMS's own `publish_completion` handler of an HTML block (one completion write): every LMS "
        "handler call pays the platform's block loading (course structure, field data, user state), which is "
        "why it costs ~20 times devsite's do-nothing handler.", "", *lines, end])
    with open(path, encoding="utf-8") as doc:
        text = doc.read()
    with open(path, "w", encoding="utf-8") as doc:
        doc.write(put_section(text, begin, end, section))


def _clear_attempt_limit():
    """The packed course allows one attempt: let the bench start many (its own user only, in its own database)."""
    from xmodule.modulestore import ModuleStoreEnum
    from xmodule.modulestore.django import modulestore

    store = modulestore()
    with store.branch_setting(ModuleStoreEnum.Branch.draft_preferred, course_key()):
        block = store.get_item(EXAM)
        block.max_attempts = 0
        block.time_limit_minutes = 0
        store.update_item(block, ModuleStoreEnum.UserID.test)
        store.publish(EXAM, ModuleStoreEnum.UserID.test)
