"""The exam's autosave and submit run a fixed, small number of queries (issue 13), whatever the number of answers.

Counted on the real course (the exam inside the hours gate and its eligibility form), for a learner the gate has
let in. The budgets below are today's counts: a change that adds a query fails here and must say why.
"""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carbon_common.models import ExamAttempt, GateUnlock
from devsite.lms.demo import seed_application
from tests.integration.helpers import body, client_for, post_json

pytestmark = pytest.mark.django_db(transaction=True)  # real transactions, as in a request: no test savepoints

#: The floor (session, user, course role: every request of the runtime) + profile and anonymous id (the user
#: service, read once per request) + enrolment + the gate's one unlock query, then BEGIN, the attempt read once
#: under its row lock (SELECT ... FOR UPDATE), the UPDATE and COMMIT: no savepoint, no second read of the user
#: service, no unlocked read of the attempt before the locked one.
SAVE_QUERIES = 11
#: As the save (the answers, status and score in one UPDATE under the lock), then the counted scores, the
#: completion event (edx-completion's read, savepoints and insert), COMMIT, and the state sent back (the attempts
#: once, without their papers and answers: the submitted one is reviewed from memory, scored once; the `attempts`
#: user-state field; the gate's decision of this request reused). No gradebook write here: the paper's short
#: answers wait for staff grading (tests/integration/test_carbon_exam.py covers that path), so no user is read.
SUBMIT_QUERIES = 21
IDENTITY = {name: re.compile(rf'FROM ["`]{name}["`]') for name in ("devsite_lms_profile", "devsite_lms_anonymoususerid")}


def answers_of(state, count=None):
    found = {q["id"]: ([q["options"][0]["id"]] if q.get("options") else "排放量等于活动数据乘以排放因子")
             for part in state["attempt"]["paper"]["parts"] for q in part["questions"]}
    return dict(list(found.items())[:count]) if count else found


@pytest.fixture
def examinee(real_course, make_user, completion_on):
    """A learner with an approved application whom the gate has let in (its unlock record), the exam started."""
    course = real_course
    user = make_user("examinee", course)
    seed_application(user, course, "approved")
    gate = course.course_key.make_usage_key("hours_gate", "exam_gate")
    GateUnlock.objects.create(course_key=str(course.course_key), usage_key=str(gate), user=user)
    client = client_for(user)
    exam = course.course_key.make_usage_key("carbon_exam", "final_exam")
    response = post_json(client, exam, "start_exam", {})
    assert response.status_code == 200, response.content[:300]
    return client, exam, body(response)


def counted(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content[:300]
    return [q["sql"] for q in captured.captured_queries], body(response)


def test_an_autosave_runs_a_fixed_number_of_queries(examinee):
    client, exam, state = examinee
    session = state["attempt"]["session"]
    counts = []
    for size in (1, 20):
        data = {"session": session, "answers": answers_of(state, size)}
        sql, saved = counted(lambda: post_json(client, exam, "save_answers", data))  # noqa: B023 (called at once)
        assert len(saved["saved"]) == size
        counts.append(len(sql))
    assert counts[0] == counts[1] <= SAVE_QUERIES, sql
    for name, pattern in IDENTITY.items():  # the user service is read once, though the exam and the gate ask
        assert len([q for q in sql if pattern.search(q)]) == 1, (name, sql)
    assert not [q for q in sql if "SAVEPOINT" in q.upper()], sql
    attempt_reads = [q for q in sql if "carbon_common_examattempt" in q and q.lstrip().upper().startswith("SELECT")]
    assert len(attempt_reads) == 1, attempt_reads  # the locked read only
    begins = [n for n, q in enumerate(sql) if q.upper().startswith("BEGIN")]  # SQLite's; MariaDB logs none
    assert not begins or sql.index(attempt_reads[0]) > begins[0], sql  # read inside the transaction
    stored = ExamAttempt.objects.get(user__username="examinee", status="in_progress")
    assert stored.answers == answers_of(state, 20)


def test_a_submit_runs_a_fixed_number_of_queries(examinee):
    client, exam, state = examinee
    sql, result = counted(lambda: post_json(client, exam, "submit_exam",
                                            {"session": state["attempt"]["session"], "answers": answers_of(state)}))
    assert result["status"] == "submitted" and result["review"]
    assert len(sql) <= SUBMIT_QUERIES, "\n".join(sql)
    attempt_reads = [q for q in sql if "carbon_common_examattempt" in q and q.lstrip().upper().startswith("SELECT")]
    assert len(attempt_reads) == 3, attempt_reads  # under the lock, the counted scores, the state's list
    assert '"carbon_common_examattempt"."answers"' not in attempt_reads[2], attempt_reads[2]  # a light list
    for name, pattern in IDENTITY.items():
        assert len([q for q in sql if pattern.search(q)]) == 1, (name, sql)  # the user service, once
    attempt = ExamAttempt.objects.get(user__username="examinee")
    assert attempt.status == "submitted" and attempt.answers == answers_of(state)
    assert attempt.session_token == "" and attempt.possible is not None
