"""A learner's later ``gate_status`` reuses their completions and hour sums while one aggregate query says their
completions are unchanged (hours_gate/evaluation.py, issue 13); every change still shows on the next call."""
from decimal import Decimal

import pytest
from completion.models import BlockCompletion
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carbon_common.models import HourCredit
from hours_gate import evaluation
from tests.conftest import GATE_PROBE
from tests.integration.helpers import body, handler_url
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key
from tests.integration.test_hours_gate import lesson_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(load_course, make_user, settings, tmp_path, completion_on):
    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    evaluation.forget_kept()
    course = load_course(lesson_course(tmp_path / "many", 6))
    user = make_user("ann", course)
    client = client_for(user)
    url = handler_url(key(course, "hours_gate", "gate"), "gate_status")

    def status():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        completion_reads = [q["sql"] for q in captured.captured_queries
                            if "completion_blockcompletion" in q["sql"] and "COUNT(" not in q["sql"].upper()]
        return body(response), completion_reads

    def complete(kind, n, value=1.0):
        suffix = "v" if kind == "video" else "r"
        BlockCompletion.objects.submit_completion(user=user, block_key=key(course, kind, f"l{n}-{suffix}"),
                                                  completion=value)

    yield course, user, status, complete
    evaluation.forget_kept()


def test_an_unchanged_learner_is_not_read_again_and_every_change_shows(many):
    course, user, status, complete = many
    complete("video", 0)
    complete("html", 0)
    first, reads = status()
    assert first["earned"] == "1" and reads  # read in full
    again, reads = status()
    assert again == first and not reads  # reused: the aggregate query says nothing changed
    complete("video", 1)  # half of lesson 1
    half, reads = status()
    assert half["earned"] == "1.5" and reads
    complete("video", 1, 0.5)  # a completion lowered: an update stamps ``modified``
    lowered, _ = status()
    assert lowered["earned"] == "1.25"
    BlockCompletion.objects.filter(user=user, block_key=key(course, "html", "l0-r")).delete()  # taken back
    removed, _ = status()
    assert removed["earned"] == "0.75"
    HourCredit.objects.create(course_key=str(course.course_key), usage_key=str(key(course, "hours_gate", "gate")),
                              user=user, hours=Decimal("2"), reason="offline")  # a manual credit: read each call
    credited, reads = status()
    assert credited["earned"] == "2.75" and not reads
