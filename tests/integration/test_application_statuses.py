"""eligibility_form.api's batch form: the statuses of many learners in one query, as the one-learner form gives."""
from pathlib import Path

import pytest
from django.utils import timezone

from carbon_common.models import Application
from eligibility_form.api import application_status, application_statuses, form_key

FIXTURE = Path(__file__).parent.parent / "fixtures" / "eligibility_course"
XBLOCKS = Path(__file__).resolve().parents[2] / "xblocks"


@pytest.fixture
def course(load_course):
    return load_course(FIXTURE)


def test_batch_statuses_match_the_one_learner_answer_in_one_query(course, make_user, django_assert_num_queries):
    key = form_key(course.course_key, "application")
    people = {name: make_user(name, course) for name in ("amy", "bob", "cat", "dan")}
    decided = timezone.now()
    for name, status in [("amy", "approved"), ("bob", "submitted"), ("cat", "rejected")]:
        Application.objects.create(course_key=str(course.course_key), usage_key=str(key), user=people[name],
                                   anonymous_id=name, status=status, qualifying_condition=2,
                                   decided_at=decided if status != "submitted" else None)
    Application.objects.create(course_key=str(course.course_key), usage_key=str(key).replace("application", "other"),
                               user=people["dan"], anonymous_id="dan", status="approved")  # another form: not counted
    ids = [person.id for person in people.values()]
    with django_assert_num_queries(1):
        batch = application_statuses(key, ids)
    assert {user_id: found.status for user_id, found in batch.items()} == {
        people["amy"].id: "approved", people["bob"].id: "submitted", people["cat"].id: "rejected"}
    for person in people.values():
        single = application_status(course.course_key, person.id)
        assert batch.get(person.id, single) == single
    assert application_status(course.course_key, people["dan"].id).status == "none"
    assert batch[people["amy"].id].approved and batch[people["amy"].id].decided_at == decided


def test_the_gate_asks_the_api_not_the_model():
    source = (XBLOCKS / "hours_gate" / "evaluation.py").read_text(encoding="utf-8")
    assert "Application.objects" not in source and "application_statuses(" in source
