"""Handler x actor: each actor calls every handler of every block; the outcome must be the table's, a refusal
must change nothing, and nothing a learner's browser receives may hold an answer key, a rubric keyword or a
reference answer."""
import pytest

from tests.security.conftest import ACTORS
from tests.security.figures import FIGURES
from tests.security.helpers import call, classify, leaked_secrets, snapshot, url_for, visible_text
from tests.security.matrix import CELLS

pytestmark = pytest.mark.django_db

LEARNER_SIDE = ("anonymous", "learner", "other_learner", "unenrolled")


def _lena_records(world):
    from carbon_common.models import Application, ExamAttempt, HourCredit

    lena = world.users["learner"]
    return (sorted(repr(r) for r in Application.objects.filter(user=lena).values_list("status", "answers")),
            sorted(repr(r) for r in ExamAttempt.objects.filter(user=lena).values_list("status", "answers")),
            sorted(repr(r) for r in HourCredit.objects.filter(user=lena).values_list("hours", "revoked_at")))


@pytest.mark.parametrize("actor", ACTORS)
def test_every_handler_answers_every_actor_as_the_table_says(world, actor):
    from devsite.lms.runtime import LmsRuntime

    exam = LmsRuntime(world.course, world.users["learner"]).get_block(world.keys["exam"])
    world.ids["questions_xml"] = exam._questions_text()
    client = world.client(actor)
    world.ids["actor"] = actor  # payloads that depend on who asks (the staff review's signed document links)
    lena_before = _lena_records(world)
    wrong, leaks = [], []
    for cell in CELLS:
        wanted = cell.expect[actor]
        before = snapshot(world.course) if wanted == "denied" else None
        response = call(client, url_for(actor, world.keys[cell.block], cell.handler), cell.method, cell.payload(world))
        outcome = classify(response)
        expected = wanted
        FIGURES["cells"] += 1
        if outcome != expected:
            wrong.append(f"{cell.name} as {actor}: {outcome} ({response.status_code}), wanted {expected}: "
                         f"{response.content[:200]!r}")
        if outcome == "denied":
            FIGURES["cells_denied"] += 1
            if before is not None:
                changed = [name for name, rows in snapshot(world.course).items() if rows != before[name]]
                FIGURES["refusals_unchanged"] += not changed
                if changed:
                    wrong.append(f"{cell.name} as {actor} was refused but changed {changed}")
        if actor in LEARNER_SIDE:
            FIGURES["bodies_scanned"] += 1
            found = leaked_secrets(visible_text(response))
            if found:
                leaks.append(f"{cell.name} as {actor}: {found}")
    assert wrong == [] and leaks == []
    if actor not in ("learner", "staff", "instructor", "studio_author"):
        assert _lena_records(world) == lena_before, "another user changed Lena's attempt, application or credits"


def test_the_table_covers_every_handler_of_every_block(world):
    """A handler added later without a row in the table fails here."""
    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(world.course, world.users["staff"])
    covered = {(cell.block, cell.handler) for cell in CELLS}
    missing = []
    for name in ("exam", "gate", "form"):
        block = runtime.get_block(world.keys[name])
        handlers = {attr for attr in dir(type(block))
                    if getattr(getattr(type(block), attr, None), "_is_xblock_handler", False)}
        missing += [(name, handler) for handler in sorted(handlers) if (name, handler) not in covered]
    assert missing == []


def test_learner_pages_hold_no_answer_key(world):
    """The rendered student_view of each block, for a learner with an attempt in progress."""
    from devsite.lms.runtime import LmsRuntime

    runtime = LmsRuntime(world.course, world.users["learner"])
    for name in ("exam", "gate", "form"):
        html = runtime.render(runtime.get_block(world.keys[name]), "student_view", {}).body_html()
        FIGURES["bodies_scanned"] += 1
        assert leaked_secrets(html) == [], name
