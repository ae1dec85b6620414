"""The grading queue's own handler pages through every attempt waiting for grading (issue 12: the queue stopped at
its first 50 attempts): keyset pages that grading does not shift, a fixed number of queries per page, an exact
count of the attempts still waiting, staff only."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carbon_common.models import ExamAttempt
from tests.integration.helpers import body, client_for, handler_url, post_json
from tests.integration.test_exam_staff_scale import add_learners, exam_sat_once

pytestmark = pytest.mark.django_db


def queue(client, key, query=""):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(handler_url(key, "grading_queue") + query)
    assert response.status_code == 200, response.content[:300]
    return body(response), len(captured)


def test_pages_follow_each_other_and_grading_does_not_shift_them(load_course, make_user):
    course, key, staff, template = exam_sat_once(load_course, make_user, "first")
    queue(staff, key)  # warm up: the session's first request reads what later ones keep
    _, queries_alone = queue(staff, key)
    add_learners(course, key, make_user, template, 0, 60)  # 61 attempts, one pending short answer each

    first, queries_first = queue(staff, key)
    assert len(first["queue"]) == 50 and first["pending_attempts"] == 61 and first["after"] is None
    assert first["pending_answers"] == 61  # every page's answers (one short answer per attempt), not this page's
    assert all(item["pending"] for item in first["queue"])
    second, queries_second = queue(staff, key, f"?after={first['next']}")
    assert len(second["queue"]) == 11 and second["next"] is None
    assert {item["attempt"] for item in first["queue"]}.isdisjoint(item["attempt"] for item in second["queue"])
    assert queries_alone == queries_first == queries_second  # a fixed number of queries per page

    # Grading the first page's first answer takes its attempt out; the second page stays the same.
    item = first["queue"][0]
    graded = post_json(staff, key, "staff_grade", {"attempt": item["attempt"], "question": item["question"],
                                                   "points": [point["points"] for point in item["rubric"]], "comment": ""})
    assert graded.status_code == 200, graded.content
    again, _ = queue(staff, key, f"?after={first['next']}")
    assert [i["attempt"] for i in again["queue"]] == [i["attempt"] for i in second["queue"]]
    assert again["pending_attempts"] == again["pending_answers"] == 60
    refreshed, _ = queue(staff, key)
    assert item["attempt"] not in [i["attempt"] for i in refreshed["queue"]]
    every, _ = queue(staff, key, "?pending=0")  # every submitted attempt, the graded one included, not pending
    graded_item = next(i for i in every["queue"] if i["attempt"] == item["attempt"])
    assert graded_item["grade"] is not None and graded_item["pending"] is False


def test_the_queue_is_for_staff_and_a_bad_cursor_reads_the_first_page(load_course, make_user):
    course, key, staff, template = exam_sat_once(load_course, make_user, "first")
    learner = client_for(ExamAttempt.objects.get(pk=template.pk).user)
    assert learner.get(handler_url(key, "grading_queue")).status_code == 403
    for cursor in ("x", "1", "1.y", "-1.2", "1.2.3"):
        page, _ = queue(staff, key, f"?after={cursor}")
        assert page["after"] is None and [i["attempt"] for i in page["queue"]] == [template.pk]


def test_a_later_pending_page_is_searched_in_index_order_without_a_sort(load_course, make_user):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    from tests.integration.test_exam_queue_index import plan

    course, key, staff, template = exam_sat_once(load_course, make_user, "first")
    with CaptureQueriesContext(connection) as captured:
        staff.get(handler_url(key, "grading_queue") + f"?after={template.user_id}.1")
    ids = [q["sql"] for q in captured.captured_queries if '"pending"' in q["sql"] and "LIMIT 51" in q["sql"]]
    assert len(ids) == 1, [q["sql"][:300] for q in captured.captured_queries]
    found = plan(ids[0])
    # an index gives the (user, number) order from the cursor on: no scan of the exam's attempts, no sort of them
    assert found.startswith("SEARCH carbon_common_examattempt USING") and "INDEX" in found, found
    assert "TEMP B-TREE" not in found and "SCAN" not in found, found
