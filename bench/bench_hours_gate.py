"""hours_gate: one learner's status check as the number of credited lessons grows.

Baseline, measured in the same run: asking the completion service about each credited leaf in its own
call (what a naive gate would do). The gate asks once for all items. Prints medians, query counts and
ratios; asserts nothing.
"""

from _setup import devsite

WORK = devsite("bench-gate-")

from _timing import median_seconds, report  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from opaque_keys.edx.keys import UsageKey  # noqa: E402


def write_course(folder, lessons):
    """A course with `lessons` lessons (video + reading each) and a gate crediting every lesson."""
    (folder / "course").mkdir(parents=True)
    (folder / "course.xml").write_text('<course url_name="B" org="Bench" course="GATE"/>', encoding="utf-8")
    body = []
    for n in range(lessons):
        body.append(
            f'<sequential url_name="lesson-{n}" display_name="L{n}"><vertical url_name="unit-{n}">'
            f'<video url_name="video-{n}"><source src="/static/x.wav"/></video>'
            f'<html url_name="reading-{n}">&lt;p&gt;r&lt;/p&gt;</html></vertical></sequential>')
    credits = "".join(f'<credit block_type="sequential" url_name="lesson-{n}" hours="1"/>' for n in range(lessons))
    (folder / "course" / "B.xml").write_text(
        f'<course display_name="Bench"><chapter url_name="c">{"".join(body)}'
        f'<sequential url_name="gate-seq"><vertical url_name="gate-unit">'
        f'<hours_gate url_name="gate" required_hours="{lessons}" require_application="false">{credits}</hours_gate>'
        f'</vertical></sequential></chapter></course>', encoding="utf-8")


def main():
    from completion.models import BlockCompletion
    from django.contrib.auth import get_user_model

    from devsite.lms.course import Course
    from devsite.lms.runtime import LmsRuntime
    from hours_gate.evaluation import evaluate_learner
    from hours_gate.hours import all_completion_keys

    call_command("migrate", run_syncdb=True, verbosity=0)
    from waffle.models import Switch

    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})
    user = get_user_model().objects.create_user("bench", password="x")
    for lessons in (10, 100, 400):
        folder = WORK / f"course-{lessons}"
        write_course(folder, lessons)
        course = Course(folder).load()
        for n in range(0, lessons, 2):
            BlockCompletion.objects.submit_completion(user, course.course_key.make_usage_key("video", f"video-{n}"), 1.0)
        runtime = LmsRuntime(course, user)
        gate = runtime.get_block(course.course_key.make_usage_key("hours_gate", "gate"))
        service = runtime.service(gate, "completion")
        keys = [UsageKey.from_string(key) for key in sorted(all_completion_keys(gate.credit_items()))]

        def per_leaf(service=service, keys=keys):
            return {key: service.get_completions([key])[key] for key in keys}

        def gate_check(gate=gate):
            return evaluate_learner(gate, user.id, sync=False)

        with CaptureQueriesContext(connection) as baseline_queries:
            per_leaf()
        with CaptureQueriesContext(connection) as gate_queries:
            state = gate_check()
        rows = [
            (f"baseline: a completion query per leaf ({len(baseline_queries)} queries)", median_seconds(per_leaf, 9)),
            (f"gate status check ({len(gate_queries)} queries, earned {state.status.earned})", median_seconds(gate_check, 9)),
        ]
        report(f"{lessons} credited lessons ({len(keys)} completable leaves)", rows, rows[0][0])


if __name__ == "__main__":
    main()
