"""The gate's resolved credits are kept per (gate, content version, credits, user) (hours_gate/structure.py,
issue 13): a learner's next ``gate_status`` binds no credited block again, an edit of the course resolves afresh,
and what is withheld from one user never reaches another."""
import pytest

from devsite.lms.runtime import LmsRuntime
from hours_gate import structure
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db


class CountingRuntime(LmsRuntime):
    """devsite's LMS runtime, counting the blocks bound through ``get_block``."""

    bound = 0

    def get_block(self, usage_id, for_parent=None):
        type(self).bound += 1
        return super().get_block(usage_id, for_parent=for_parent)


def resolved(course, user):
    """The gate's credits resolved in a new runtime (a new request) for ``user``, and the blocks it bound."""
    runtime = CountingRuntime(course, user)
    gate = runtime.get_block(key(course, "hours_gate", "exam_gate"))
    CountingRuntime.bound = 0
    found = structure.resolve_credits(gate, gate.credit_refs())
    return found, CountingRuntime.bound


def test_a_second_request_binds_no_credited_block(gate_course, make_user):
    structure.forget_resolved()
    ann, bob = make_user("ann", gate_course), make_user("bob", gate_course)
    first, bound = resolved(gate_course, ann)
    assert bound >= len(first.items) > 0
    again, bound_again = resolved(gate_course, ann)
    assert again is first and bound_again == 0
    other, bound_other = resolved(gate_course, bob)  # another learner resolves for themself, sharing the answer
    assert bound_other == bound and other is first


def test_an_edit_resolves_afresh_and_withheld_items_stay_per_user(gate_course, make_user):
    structure.forget_resolved()
    ann, sam = make_user("ann", gate_course), make_user("sam", gate_course, role="staff")
    lesson = key(gate_course, "sequential", "lesson-1")
    before, _ = resolved(gate_course, ann)
    assert str(lesson) not in before.unavailable
    gate_course.values[("settings", str(lesson), "visible_to_staff_only")] = True  # an edit: a new version
    as_staff, _ = resolved(gate_course, sam)  # staff first: their answer must not reach the learner
    as_learner, bound = resolved(gate_course, ann)
    assert str(lesson) not in as_staff.unavailable
    assert str(lesson) in as_learner.unavailable and bound > 0
    assert resolved(gate_course, ann)[0] is as_learner and resolved(gate_course, sam)[0] is as_staff
