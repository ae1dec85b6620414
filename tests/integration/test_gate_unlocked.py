"""A learner the gate has let in is re-checked in one query (hours_gate/unlocked.py, issue 13); what closes the
gate again still does."""
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carbon_common.models import Application, GateUnlock, HourCredit
from devsite.lms.runtime import LmsRuntime
from hours_gate.api import gate_decision
from tests.integration.helpers import body, client_for, handler_url, post_json
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db
# SQLite quotes names with "", MySQL/MariaDB with ``: the MariaDB tier runs this too.
IDENTITY = re.compile(r'FROM ["`](auth_user|devsite_lms_profile|devsite_lms_anonymoususerid)["`]')


def probe_decision(course, user):
    block = LmsRuntime(course, get_user_model().objects.get(id=user.id)).get_block(key(course, "gated_probe", "probe"))
    with CaptureQueriesContext(connection) as queries:
        decision = gate_decision(block)
    # the runtime's user service reads the user, profile and anonymous id (every handler pays that): not counted
    return decision, len([q for q in queries.captured_queries if not IDENTITY.search(q["sql"])])


def open_gate(course, user, application=True):
    gate = key(course, "hours_gate", "exam_gate")
    course.values[("settings", str(gate), "require_application")] = application
    credit = HourCredit.objects.create(course_key=str(course.course_key), usage_key=str(gate), user=user,
                                       hours=Decimal("5"), reason="x")
    found = None
    if application:
        found = Application.objects.create(course_key=str(course.course_key), user=user, anonymous_id="x",
                                           status=Application.APPROVED,
                                           usage_key=str(key(course, "eligibility_form", "application")))
    client = client_for(user)
    assert body(client.get(handler_url(gate, "gate_status")))["open"]  # a full evaluation records the unlock
    assert GateUnlock.objects.filter(user=user, usage_key=str(gate)).exists()
    return gate, credit, found


@pytest.mark.parametrize("application", [True, False])
def test_an_unlocked_learner_costs_one_query(gate_course, make_user, completion_on, application):
    ann = make_user("ann", gate_course)
    open_gate(gate_course, ann, application)
    decision, queries = probe_decision(gate_course, ann)
    assert decision.open and decision.reasons == [] and queries == 1


def test_a_learner_not_yet_unlocked_is_evaluated_in_full(gate_course, make_user, completion_on):
    bob = make_user("bob", gate_course)
    decision, queries = probe_decision(gate_course, bob)
    assert not decision.open and decision.reasons and queries > 1
    assert not GateUnlock.objects.filter(user=bob).exists()


def test_a_withdrawn_application_closes_the_gate_again(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    gate, _credit, application = open_gate(gate_course, ann)
    application.status = Application.RETURNED
    application.save()
    decision, _queries = probe_decision(gate_course, ann)
    assert not decision.open and decision.reasons
    assert not GateUnlock.objects.filter(user=ann, usage_key=str(gate)).exists()  # the full evaluation removed it


def test_a_revoked_credit_closes_the_gate_again(gate_course, make_user, completion_on):
    ann = make_user("ann", gate_course)
    gate, credit, _application = open_gate(gate_course, ann)
    staff = client_for(make_user("sam", gate_course, role="staff"))
    response = post_json(staff, gate, "staff_revoke_credit", {"credit_id": credit.id, "reason": "录入错误"})
    assert response.status_code == 200, response.content
    decision, _queries = probe_decision(gate_course, ann)
    assert not decision.open
