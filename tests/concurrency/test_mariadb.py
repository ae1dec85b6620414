"""Real races from threads on MariaDB, and injected faults: no acknowledged answer or grade is ever lost.

Each thread is a browser (its own Django test client, its own database connection); a barrier starts
the requests of a round together. The database is migrated from scratch with the real migrations
(pytest-django's test database, edx-submissions' included). Figures are printed at the end of the run.
"""
from decimal import Decimal
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from carbon_common.models import Application, ApplicationMaterial, AuditEntry, ExamAttempt, HourCredit
from devsite.lms.models import Score
from tests.concurrency import support
from tests.concurrency.conftest import MARIADB, SKIP_REASON
from tests.concurrency.support import (
    FIGURES,
    QUESTIONS,
    fault_once,
    grade,
    in_parallel,
    learner_client,
    reset,
    save,
    start,
    submit,
)
from tests.integration.helpers import body, csrf_client, handler_url, post_json

pytestmark = [pytest.mark.skipif(not MARIADB, reason=SKIP_REASON), pytest.mark.django_db(transaction=True)]

THREADS = 6
ROUNDS = 10
ESSAYS = [f"e{i}" for i in range(1, 7)]


@pytest.fixture
def course(load_course, completion_on):  # a transactional test's flush removes the migration's switch
    return load_course(support.NOTHING_LOST_COURSE)


def exam_key(course, name):
    return course.course_key.make_usage_key("carbon_exam", name)


@pytest.fixture
def people(course, make_user):
    def make(prefix, count, role=None):
        return [make_user(f"{prefix}{i}", course, role=role) for i in range(count)]

    return make


def test_migrated_from_scratch_with_the_real_migrations_and_no_w036():
    from django.core.checks import run_checks
    from django.db.migrations.executor import MigrationExecutor

    assert connection.vendor == "mysql" and "mariadb" in connection.mysql_server_info.lower()
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []  # every migration applied
    applied = executor.loader.applied_migrations
    assert ("carbon_common", "0002_hour_credit_import_key") in applied
    assert any(app == "submissions" for app, _name in applied)
    warnings = [m.id for m in run_checks(databases=["default"])]
    assert "models.W036" not in warnings
    with connection.cursor() as cursor:
        cursor.execute("SHOW INDEX FROM carbon_common_hourcredit WHERE Key_name = 'hour_credit_import_once'")
        assert {row[4] for row in cursor.fetchall()} == {"usage_key", "import_key"}
    call_command("makemigrations", "carbon_common", "--check", "--dry-run", verbosity=0)


def test_parallel_saves_of_one_attempt_keep_every_acknowledged_answer(course, people):
    key = exam_key(course, "essay")
    [learner] = people("saver", 1)
    clients = [learner_client(learner) for _ in range(THREADS)]
    session = start(clients[0], key)
    for round_ in range(ROUNDS):
        calls = [partial(save, clients[t], key, session, {ESSAYS[t]: f"t{t} r{round_}"}) for t in range(THREADS)]
        statuses = [response.status_code for response in in_parallel(calls)]
        stored = ExamAttempt.objects.get(user=learner, usage_key=str(key)).answers
        for t, status in enumerate(statuses):
            assert status in (200, 409), status
            if status == 200:
                FIGURES["saves_acknowledged"] += 1
                if stored.get(ESSAYS[t]) != f"t{t} r{round_}":
                    FIGURES["acknowledged_answers_lost"] += 1
            else:
                FIGURES["saves_refused_409"] += 1
        assert statuses == [200] * THREADS
        assert stored == {ESSAYS[t]: f"t{t} r{round_}" for t in range(THREADS)}
    assert FIGURES["acknowledged_answers_lost"] == 0


def test_saves_racing_a_submit_are_stored_or_refused_never_falsely_acknowledged(course, people):
    key = exam_key(course, "essay")
    for learner in people("racer", 5):
        clients = [learner_client(learner) for _ in range(THREADS)]
        session = start(clients[0], key)
        calls = [partial(save, clients[t], key, session, {ESSAYS[t]: f"late {t}"}) for t in range(THREADS - 1)]
        calls.append(partial(submit, clients[-1], key, session))
        *saves, submitted = in_parallel(calls)
        assert submitted.status_code == 200, submitted.content
        FIGURES["submits"] += 1
        attempt = ExamAttempt.objects.get(user=learner, usage_key=str(key))
        assert attempt.status == "submitted"
        for t, response in enumerate(saves):
            assert response.status_code in (200, 409), response.content
            if response.status_code == 200:
                FIGURES["saves_acknowledged"] += 1
                if attempt.answers.get(ESSAYS[t]) != f"late {t}":
                    FIGURES["acknowledged_answers_lost"] += 1
                assert attempt.answers.get(ESSAYS[t]) == f"late {t}"
            else:
                FIGURES["saves_refused_409"] += 1
                assert ESSAYS[t] not in attempt.answers


def test_double_and_triple_submits_answer_200_once_then_409_and_count_once(course, people):
    key = exam_key(course, "auto")
    answers = {q: ["A"] for q in QUESTIONS}
    for learner in people("double", 5):
        clients = [learner_client(learner) for _ in range(3)]
        session = start(clients[0], key)
        statuses = sorted(r.status_code for r in in_parallel([partial(submit, c, key, session, answers)
                                                                for c in clients]))
        FIGURES["submits"] += len(statuses)
        FIGURES["double_submits_500"] += statuses.count(500)
        assert statuses == [200, 409, 409]
        score = Score.objects.get(user=learner, usage_key=str(key))
        assert score.earned == score.possible > 0
    assert support.submissions_for(key) == 5


def test_parallel_grading_keeps_every_grade(course, people):
    key = exam_key(course, "essay")
    graders = [learner_client(user) for user in people("grader", THREADS, role="staff")]
    for learner in people("graded", 3):
        client = learner_client(learner)
        session = start(client, key)
        assert submit(client, key, session, {e: "排放因子" for e in ESSAYS}).status_code == 200
        attempt = ExamAttempt.objects.get(user=learner, usage_key=str(key))
        responses = in_parallel([partial(grade, graders[t], key, attempt.id, ESSAYS[t], (10,))
                                 for t in range(THREADS)])
        assert [r.status_code for r in responses] == [200] * THREADS
        FIGURES["grades_acknowledged"] += THREADS
        attempt.refresh_from_db()
        FIGURES["grades_lost"] += THREADS - len(attempt.staff_grades)
        assert sorted(attempt.staff_grades) == ESSAYS and attempt.pending is False
        assert attempt.earned == Decimal("60")
        assert AuditEntry.objects.filter(action="exam_grade", subject=learner).count() == THREADS
    assert FIGURES["grades_lost"] == 0


def test_a_reset_racing_a_grade_always_ends_reset(course, people):
    key = exam_key(course, "essay")
    grader, resetter = [learner_client(user) for user in people("staffer", 2, role="staff")]
    for learner in people("reset", 5):
        client = learner_client(learner)
        session = start(client, key)
        assert submit(client, key, session, {e: "排放因子" for e in ESSAYS}).status_code == 200
        attempt = ExamAttempt.objects.get(user=learner, usage_key=str(key))
        graded, was_reset = in_parallel([partial(grade, grader, key, attempt.id, "e1", (10,)),
                                         partial(reset, resetter, key, attempt.id)])
        assert was_reset.status_code == 200 and graded.status_code in (200, 409)
        attempt.refresh_from_db()
        assert attempt.status == "reset"
        audited = AuditEntry.objects.filter(action="exam_grade", subject=learner).count()
        assert audited == (1 if graded.status_code == 200 else 0)
        assert ("e1" in attempt.staff_grades) == (graded.status_code == 200)


def test_two_concurrent_imports_of_one_file_credit_each_row_once(gate_course, make_user):
    learners = [make_user(f"imp{i}", gate_course) for i in range(8)]
    staff = [learner_client(make_user(f"boss{i}", gate_course, role="staff")) for i in range(2)]
    gate = gate_course.course_key.make_usage_key("hours_gate", "exam_gate")
    content = "\n".join(["用户名,学时,原因"] + [f"{u.username},1.5,外部平台学时" for u in learners]).encode()

    def import_file(client):
        token = csrf_client(client)
        return client.post(handler_url(gate, "staff_import_hours"),
                           {"file": SimpleUploadedFile("hours.csv", content)}, HTTP_X_CSRFTOKEN=token)

    for _round in range(3):
        responses = in_parallel([partial(import_file, c) for c in staff])
        assert [r.status_code for r in responses] == [200, 200], [r.content for r in responses]
        applied = sum(len(body(r)["applied"]) for r in responses)
        credited = HourCredit.objects.filter(usage_key=str(gate)).count()
        FIGURES["import_rows_credited_twice"] += credited - len(learners)
        assert credited == len(learners)
        assert applied == (len(learners) if _round == 0 else 0)
    for learner in learners:
        assert HourCredit.objects.filter(user=learner).count() == 1


# --- injected faults: no half-written record, and a retry that counts once ------------------------


def test_a_fault_mid_save_among_parallel_saves_loses_no_acknowledged_answer(course, people, monkeypatch):
    key = exam_key(course, "essay")
    [learner] = people("faulty", 1)
    clients = [learner_client(learner) for _ in range(THREADS)]
    session = start(clients[0], key)
    failures = []
    with fault_once(monkeypatch, ExamAttempt, "save", counter=failures):
        responses = in_parallel([partial(save, clients[t], key, session, {ESSAYS[t]: f"v{t}"})
                                 for t in range(THREADS)])
    FIGURES["faults_injected"] += len(failures)
    stored = ExamAttempt.objects.get(user=learner, usage_key=str(key)).answers
    failed = [t for t, r in enumerate(responses) if r.status_code == 500]
    assert len(failed) == 1 and all(r.status_code == 200 for t, r in enumerate(responses) if t not in failed)
    FIGURES["saves_acknowledged"] += THREADS - 1
    assert stored == {ESSAYS[t]: f"v{t}" for t in range(THREADS) if t not in failed}
    [t] = failed
    assert save(clients[t], key, session, {ESSAYS[t]: f"v{t}"}).status_code == 200
    FIGURES["saves_acknowledged"] += 1
    assert ExamAttempt.objects.get(user=learner, usage_key=str(key)).answers == {
        ESSAYS[t]: f"v{t}" for t in range(THREADS)}


@pytest.mark.parametrize("where", ["set_score", "create_submission"])
def test_a_fault_mid_submit_leaves_the_attempt_in_progress_and_the_retry_counts_once(course, people, monkeypatch,
                                                                                      where):
    from submissions import api as submissions_api

    key = exam_key(course, "auto")
    [learner] = people(f"sub{where[:3]}", 1)
    client = learner_client(learner)
    session = start(client, key)
    answers = {q: ["A"] for q in QUESTIONS}
    failures = []
    with fault_once(monkeypatch, submissions_api, where, counter=failures):
        assert submit(client, key, session, answers).status_code == 500
    FIGURES["faults_injected"] += len(failures)
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(key))
    half_written = attempt.status != "in_progress" or support.submissions_for(key) != 0 or \
        Score.objects.filter(user=learner).exists()
    FIGURES["half_written_records"] += int(half_written)
    assert not half_written
    assert submit(client, key, session, answers).status_code == 200
    assert support.submissions_for(key) == 1
    score = Score.objects.get(user=learner, usage_key=str(key))
    assert score.earned == score.possible > 0


def test_a_fault_mid_grade_keeps_the_attempt_and_the_retry_counts_once(course, people, monkeypatch):
    from submissions import api as submissions_api

    key = exam_key(course, "exam")
    [learner] = people("gradefault", 1)
    [teacher] = [learner_client(user) for user in people("gf", 1, role="staff")]
    client = learner_client(learner)
    session = start(client, key)
    assert submit(client, key, session, {"q1": "排放因子", "q2": "排放因子"}).status_code == 200
    attempt = ExamAttempt.objects.get(user=learner, usage_key=str(key))
    assert grade(teacher, key, attempt.id, "q1").status_code == 200
    failures = []
    with fault_once(monkeypatch, submissions_api, "set_score", counter=failures):
        assert grade(teacher, key, attempt.id, "q2").status_code == 500
    FIGURES["faults_injected"] += len(failures)
    attempt.refresh_from_db()
    half_written = sorted(attempt.staff_grades) != ["q1"] or not attempt.pending or support.submissions_for(key)
    FIGURES["half_written_records"] += int(bool(half_written))
    assert not half_written
    assert grade(teacher, key, attempt.id, "q2").status_code == 200
    attempt.refresh_from_db()
    assert attempt.pending is False and support.submissions_for(key) == 1
    assert AuditEntry.objects.filter(action="exam_grade", subject=learner).count() == 2


def test_a_fault_mid_upload_keeps_the_old_document_and_leaves_no_orphan(load_course, make_user, settings, tmp_path,
                                                                        monkeypatch):
    from tests.integration.test_eligibility_form import VALID, pdf
    from tests.integration.test_eligibility_form import upload as upload_file

    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "up")}}}
    course = load_course(support.NOTHING_LOST_COURSE.parent / "eligibility_course")
    key = course.course_key.make_usage_key("eligibility_form", "application")
    client = learner_client(make_user("uploader", course))
    assert post_json(client, key, "save_application", VALID).status_code == 200
    first = pdf("first")
    assert upload_file(client, key, "diploma", first, "a.pdf").status_code == 200
    stored = lambda: sorted(p.read_bytes() for p in (tmp_path / "up").rglob("*") if p.is_file())  # noqa: E731
    failures = []
    for owner, name in ((ApplicationMaterial.objects, "create"), (AuditEntry, "record")):
        with fault_once(monkeypatch, owner, name, counter=failures):
            assert upload_file(client, key, "diploma", pdf("second"), "b.pdf").status_code == 500
        half_written = stored() != [first] or ApplicationMaterial.objects.count() != 1
        FIGURES["half_written_records"] += int(half_written)
        assert not half_written
    with fault_once(monkeypatch, Application, "delete", counter=failures):
        assert post_json(client, key, "withdraw_application", {}).status_code == 500
    assert stored() == [first] and Application.objects.count() == 1
    FIGURES["faults_injected"] += len(failures)
    second = pdf("second")
    assert upload_file(client, key, "diploma", second, "b.pdf").status_code == 200
    assert stored() == [second] and ApplicationMaterial.objects.count() == 1
    assert body(post_json(client, key, "withdraw_application", {}))["status"] == "none"
    assert stored() == [] and not Application.objects.exists()


def test_many_attempts_with_four_overlapping_saves_each_lose_nothing(course, people):
    """What the exam's JavaScript sends when the server is slow: up to four saves of one attempt in flight,
    for several learners at once."""
    key = exam_key(course, "essay")
    learners = people("busy", 4)
    clients = {learner.id: [learner_client(learner) for _ in range(4)] for learner in learners}
    sessions = {learner.id: start(clients[learner.id][0], key) for learner in learners}
    for round_ in range(5):
        calls, expected = [], []
        for learner in learners:
            for t in range(4):
                calls.append(partial(save, clients[learner.id][t], key, sessions[learner.id],
                                     {ESSAYS[t]: f"{learner.username} t{t} r{round_}"}))
                expected.append((learner, ESSAYS[t], f"{learner.username} t{t} r{round_}"))
        responses = in_parallel(calls)
        stored = {a.user_id: a.answers for a in ExamAttempt.objects.filter(usage_key=str(key))}
        for response, (learner, question, value) in zip(responses, expected, strict=True):
            assert response.status_code == 200, response.content
            FIGURES["saves_acknowledged"] += 1
            if stored[learner.id].get(question) != value:
                FIGURES["acknowledged_answers_lost"] += 1
        assert all(stored[learner.id].get(q) == v for learner, q, v in expected)


def test_parallel_uploads_of_one_document_keep_one_row_and_its_file(load_course, make_user, settings, tmp_path):
    from tests.integration.test_eligibility_form import VALID, pdf
    from tests.integration.test_eligibility_form import upload as upload_file

    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "up")}}}
    course = load_course(support.NOTHING_LOST_COURSE.parent / "eligibility_course")
    key = course.course_key.make_usage_key("eligibility_form", "application")
    user = make_user("parallel_uploader", course)
    clients = [learner_client(user) for _ in range(4)]
    assert post_json(clients[0], key, "save_application", VALID).status_code == 200
    documents = [pdf(f"version {i}") for i in range(4)]
    for _round in range(2):
        responses = in_parallel([partial(upload_file, clients[i], key, "diploma", documents[i], f"{i}.pdf")
                                 for i in range(4)])
        assert [r.status_code for r in responses] == [200] * 4
        [material] = ApplicationMaterial.objects.all()
        on_disk = [p for p in (tmp_path / "up").rglob("*") if p.is_file()]
        assert len(on_disk) == 1 and on_disk[0].read_bytes() in documents
        assert str(on_disk[0]).endswith(material.storage_key)
