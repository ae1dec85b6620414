"""``identity.current_learner`` reads the runtime's user service once per request, never across users or
requests (issue 13: the exam and its gate both ask on every autosave)."""
import pytest
from crum import set_current_request
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from carbon_common.identity import current_learner
from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import EXAM_COURSE, usage_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def blocks(load_course, make_user):
    """``(runtime for ann, runtime for bob)`` and the key of an exam (a block that asks for the user service)."""
    course = load_course(EXAM_COURSE)
    ann, bob = make_user("ann", course), make_user("bob", course)
    return LmsRuntime(course, ann), LmsRuntime(course, bob), usage_key(course, "carbon_exam", "final_exam")


def test_one_read_per_request_and_per_user(blocks):
    ann_runtime, bob_runtime, key = blocks
    first, second = ann_runtime.get_block(key), ann_runtime.get_block(key)
    assert current_learner(first).username == "ann"
    with CaptureQueriesContext(connection) as again:
        assert current_learner(second).username == "ann"  # another block of the same request: no query
    assert len(again) == 0
    assert current_learner(bob_runtime.get_block(key)).username == "bob"  # another user's runtime: read afresh
    assert current_learner(first).username == "ann"


def test_a_new_request_reads_afresh(blocks):
    ann_runtime, _bob, key = blocks
    block = ann_runtime.get_block(key)
    factory = RequestFactory()
    try:
        set_current_request(factory.get("/one"))
        assert current_learner(block).username == "ann"
        with CaptureQueriesContext(connection) as cached:
            current_learner(block)
        assert len(cached) == 0
        set_current_request(factory.get("/two"))  # a service kept past its request must not answer from before
        with CaptureQueriesContext(connection) as fresh:
            assert current_learner(block).username == "ann"
        assert len(fresh) > 0
    finally:
        set_current_request(None)
