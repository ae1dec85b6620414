"""The staff table's stored scores are read from the covering index ``exam_attempt_queue`` (the grading queue's
pages too: test_exam_grading_queue_pages, test_exam_pending_answers), and the page of attempts' ids from an index (issue 13: the first page under 1 s at 50,000 attempts), not from the
attempts' rows, which carry answers and drawn papers."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carbon_common.models import ExamAttempt
from tests.integration.helpers import EXAM_COURSE, body, client_for, handler_url
from tests.integration.test_exam_staff_scale import add_learners, sit

pytestmark = pytest.mark.django_db


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_the_scores_and_the_page_read_indexes(load_course, make_user):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; the MariaDB tier runs the views' query counts")
    course = load_course(EXAM_COURSE)
    key = course.course_key.make_usage_key("carbon_exam", "final_exam")
    first = make_user("first", course)
    sit(client_for(first), key)
    add_learners(course, key, make_user, ExamAttempt.objects.get(user=first), 0, 20)
    staff = client_for(make_user("teacher", course, role="staff"))
    with CaptureQueriesContext(connection) as captured:
        found = body(staff.get(handler_url(key, "staff_submissions")))
    assert found["attempts_total"] == 21
    attempts = [q["sql"] for q in captured.captured_queries if 'FROM "carbon_common_examattempt"' in q["sql"]]
    scores = [sql for sql in attempts if '"carbon_common_examattempt"."earned"' in sql and "LIMIT" not in sql
              and " IN (" not in sql and '"carbon_common_examattempt"."answers"' not in sql]
    page = [sql for sql in attempts if sql.startswith('SELECT "carbon_common_examattempt"."id" AS "id"')
            and '"auth_user"."username" ASC' in sql]
    assert len(scores) == 1 and len(page) == 1, attempts
    scores_plan, page_plan = plan(scores[0]), plan(page[0])
    assert "COVERING INDEX exam_attempt_queue" in scores_plan, scores_plan
    # the page of attempts in username order: its ids read from an index, the rows then fetched by id
    assert "carbon_common_examattempt USING COVERING INDEX" in page_plan, page_plan
