"""Nothing lost (issue 10), on SQLite: races replayed deterministically, and injected faults.

A race is replayed by running the other request *inside* the first one, at the last point where a
real database lets it in: for learner saves and submits just before the first request opens its
transaction (``_conflicts``; its locked read, checks, clean and write all happen inside it, under the
row lock, so nothing can land between them), for grades at ``check_staff_grade``. A handler that read the
attempt earlier than its lock, or wrote what it read before the other request, loses the other
request's answers here. The same scenarios run with real threads on MariaDB in tests/concurrency/.
"""
import pytest

from carbon_common.models import Application, ApplicationMaterial, AuditEntry, ExamAttempt, HourCredit
from carbon_exam import learner_api, staff_api
from devsite.lms.models import Score
from tests.concurrency import support
from tests.concurrency.support import QUESTIONS, fault_once, grade, learner_client, reset, save, start, submit
from tests.integration.helpers import body, post_json

FIXTURE = support.NOTHING_LOST_COURSE

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(course):
    return course.course_key.make_usage_key("carbon_exam", "exam")


@pytest.fixture
def auto(course):
    return course.course_key.make_usage_key("carbon_exam", "auto")


@pytest.fixture
def amy(course, make_user):
    return make_user("amy", course)


@pytest.fixture
def teachers(course, make_user):
    return [learner_client(make_user(name, course, role="staff")) for name in ("tess", "tom")]


def during_first(monkeypatch, owner, name, action):
    """Run ``action`` once, inside the first call of ``owner.name`` (then call the original)."""
    original = getattr(owner, name)
    outcome = []

    def wrapper(*args, **kwargs):
        if not outcome:
            outcome.append(None)
            outcome[0] = action()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return outcome


def in_between_learner_requests(monkeypatch, action):
    return during_first(monkeypatch, learner_api.LearnerApiMixin, "_conflicts", action)


def in_between_grades(monkeypatch, action):
    return during_first(monkeypatch, staff_api, "check_staff_grade", action)


def the_attempt(user, key):
    return ExamAttempt.objects.get(user=user, usage_key=str(key))


# --- learner saves and submits ------------------------------------------------------------------


def test_two_overlapping_saves_keep_both_answers(exam, amy, monkeypatch):
    client = learner_client(amy)
    session = start(client, exam)
    inner = in_between_learner_requests(monkeypatch, lambda: save(client, exam, session, {"s2": ["A"]}))
    outer = save(client, exam, session, {"s1": ["A"]})
    assert inner[0].status_code == 200 and outer.status_code == 200
    assert the_attempt(amy, exam).answers == {"s1": ["A"], "s2": ["A"]}


def test_a_save_landing_during_submit_is_refused_not_acknowledged(exam, amy, monkeypatch):
    client = learner_client(amy)
    session = start(client, exam)
    inner = in_between_learner_requests(monkeypatch, lambda: submit(client, exam, session, {"s1": ["A"]}))
    late = save(client, exam, session, {"s2": ["A"]})
    assert inner[0].status_code == 200
    assert late.status_code == 409, late.content
    assert body(late)["error"]["code"] == "no_attempt"
    attempt = the_attempt(amy, exam)
    assert attempt.status == "submitted" and attempt.answers == {"s1": ["A"]}


def test_double_submit_answers_409_and_counts_once(auto, amy, monkeypatch):
    client = learner_client(amy)
    session = start(client, auto)
    answers = {q: ["A"] for q in QUESTIONS}
    inner = in_between_learner_requests(monkeypatch, lambda: submit(client, auto, session, answers))
    second = submit(client, auto, session, answers)
    assert inner[0].status_code == 200
    assert second.status_code == 409, second.content
    assert support.submissions_for(auto) == 1
    assert Score.objects.get(user=amy, usage_key=str(auto)).earned == Score.objects.get(
        user=amy, usage_key=str(auto)).possible


def test_a_save_from_a_window_taken_over_meanwhile_is_refused(exam, amy, monkeypatch):
    client = learner_client(amy)
    session = start(client, exam)
    in_between_learner_requests(monkeypatch, lambda: post_json(client, exam, "start_exam", {"take_over": True}))
    stale = save(client, exam, session, {"s1": ["A"]})
    assert stale.status_code == 409 and body(stale)["error"]["code"] == "session_taken"
    assert the_attempt(amy, exam).answers == {}


@pytest.mark.django_db(transaction=True)
def test_parallel_saves_from_threads_on_sqlite_are_all_stored(course, make_user, completion_on):
    """Real threads on the file-backed SQLite test database: each atomic block takes the write lock when it
    starts (transaction_mode IMMEDIATE), so overlapping saves wait for each other instead of failing."""
    from functools import partial

    key = course.course_key.make_usage_key("carbon_exam", "essay")
    learner = make_user("threads", course)
    clients = [learner_client(learner) for _ in range(6)]
    session = start(clients[0], key)
    for round_ in range(3):
        answers = {f"e{t + 1}": f"t{t} r{round_}" for t in range(6)}
        responses = support.in_parallel([partial(save, clients[t], key, session, {f"e{t + 1}": answers[f"e{t + 1}"]})
                                         for t in range(6)])
        assert [r.status_code for r in responses] == [200] * 6
        assert the_attempt(learner, key).answers == answers


# --- staff grading and resets -------------------------------------------------------------------


def submitted_with_short_answers(client, exam):
    session = start(client, exam)
    assert submit(client, exam, session, {"q1": "排放因子", "q2": "排放因子"}).status_code == 200


def test_two_graders_at_once_keep_both_grades(exam, amy, teachers, monkeypatch):
    submitted_with_short_answers(learner_client(amy), exam)
    attempt = the_attempt(amy, exam)
    first, second = teachers
    inner = in_between_grades(monkeypatch, lambda: grade(second, exam, attempt.id, "q2"))
    outer = grade(first, exam, attempt.id, "q1")
    assert inner[0].status_code == 200 and outer.status_code == 200, outer.content
    attempt.refresh_from_db()
    assert sorted(attempt.staff_grades) == ["q1", "q2"] and attempt.pending is False
    assert body(outer)["pending"] is False


def test_a_reset_racing_a_grade_stays_reset(exam, amy, teachers, monkeypatch):
    submitted_with_short_answers(learner_client(amy), exam)
    attempt = the_attempt(amy, exam)
    grader, resetter = teachers
    inner = in_between_grades(monkeypatch, lambda: reset(resetter, exam, attempt.id))
    late = grade(grader, exam, attempt.id, "q1")
    assert inner[0].status_code == 200
    assert late.status_code == 409 and body(late)["error"]["code"] == "not_submitted"
    attempt.refresh_from_db()
    assert attempt.status == "reset" and attempt.staff_grades == {}
    assert not AuditEntry.objects.filter(action="exam_grade").exists()


# --- injected faults ----------------------------------------------------------------------------


def test_a_gradebook_fault_during_submit_loses_nothing_and_the_retry_counts_once(auto, amy, monkeypatch):
    from submissions import api as submissions_api

    client = learner_client(amy)
    session = start(client, auto)
    answers = {q: ["A"] for q in QUESTIONS}
    with fault_once(monkeypatch, submissions_api, "set_score"):
        failed = submit(client, auto, session, answers)
    assert failed.status_code == 500
    attempt = the_attempt(amy, auto)
    assert attempt.status == "in_progress" and attempt.session_token == session and attempt.answers == {}
    assert support.submissions_for(auto) == 0 and not Score.objects.filter(user=amy).exists()

    retry = submit(client, auto, session, answers)
    assert retry.status_code == 200, retry.content
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.answers == answers
    assert support.submissions_for(auto) == 1
    score = Score.objects.get(user=amy, usage_key=str(auto))
    assert score.earned == score.possible and score.earned > 0


def test_a_fault_in_the_focus_limit_submit_keeps_the_save_unacknowledged_and_retryable(auto, amy, monkeypatch):
    from submissions import api as submissions_api

    client = learner_client(amy)
    session = start(client, auto)
    with fault_once(monkeypatch, submissions_api, "set_score"):
        failed = save(client, auto, session, {"s1": ["A"]}, events={"focus_losses": 3})
    assert failed.status_code == 500
    attempt = the_attempt(amy, auto)
    assert (attempt.status, attempt.answers, attempt.focus_losses) == ("in_progress", {}, 0)
    again = save(client, auto, session, {"s1": ["A"]}, events={"focus_losses": 3})
    assert again.status_code == 200 and body(again)["status"] == "submitted"
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submit_reason == "focus_limit"
    assert support.submissions_for(auto) == 1


def test_a_gradebook_fault_during_grading_keeps_the_attempt_as_it_was(exam, amy, teachers, monkeypatch):
    from submissions import api as submissions_api

    submitted_with_short_answers(learner_client(amy), exam)
    attempt = the_attempt(amy, exam)
    grade(teachers[0], exam, attempt.id, "q1")
    with fault_once(monkeypatch, submissions_api, "set_score"):
        failed = grade(teachers[1], exam, attempt.id, "q2")
    assert failed.status_code == 500
    attempt.refresh_from_db()
    assert sorted(attempt.staff_grades) == ["q1"] and attempt.pending is True
    assert AuditEntry.objects.filter(action="exam_grade").count() == 1
    assert grade(teachers[1], exam, attempt.id, "q2").status_code == 200
    attempt.refresh_from_db()
    assert attempt.pending is False and support.submissions_for(exam) == 1


# --- hours imports: the once-only key holds on every database -------------------------------------


def test_the_import_once_constraint_is_unconditional_so_mysql_creates_it():
    [constraint] = [c for c in HourCredit._meta.constraints if c.name == "hour_credit_import_once"]
    assert constraint.condition is None and tuple(constraint.fields) == ("usage_key", "import_key")


COURSE, GATE = "course-v1:Org+C+R", "block-v1:Org+C+R+type@hours_gate+block@gate"


def test_import_key_is_the_fingerprint_and_null_for_manual_credits(exam, amy):
    manual = HourCredit.objects.create(course_key=COURSE, usage_key=GATE, user=amy, hours=1, reason="r")
    imported = HourCredit.objects.create(course_key=COURSE, usage_key=GATE, user=amy, hours=1, reason="r",
                                         source=HourCredit.IMPORT, fingerprint="f" * 64)
    again = HourCredit.objects.create(course_key=COURSE, usage_key=GATE, user=amy, hours=1, reason="r")
    assert (manual.import_key, again.import_key, imported.import_key) == (None, None, "f" * 64)


# --- documents: files are deleted only after the database commits ---------------------------------

ELIGIBILITY = support.NOTHING_LOST_COURSE.parent / "eligibility_course"


@pytest.fixture
def form(load_course, settings, tmp_path, make_user):
    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "uploads")}}}
    course = load_course(ELIGIBILITY)
    client = learner_client(make_user("ann", course))
    key = course.course_key.make_usage_key("eligibility_form", "application")
    from tests.integration.test_eligibility_form import VALID

    assert post_json(client, key, "save_application", VALID).status_code == 200
    return client, key, tmp_path / "uploads"


def upload(client, key, content, kind="diploma"):
    from tests.integration.test_eligibility_form import upload as upload_file

    return upload_file(client, key, kind, content, f"{kind}.pdf")


def files(root):
    return sorted(p.read_bytes() for p in root.rglob("*") if p.is_file())


def pdf(text):
    from tests.integration.test_eligibility_form import pdf as make_pdf

    return make_pdf(text)


@pytest.mark.django_db(transaction=True)
def test_a_failed_replacement_keeps_the_old_document_and_leaves_no_orphan(form, monkeypatch):
    client, key, root = form
    first = pdf("first")
    assert upload(client, key, first).status_code == 200
    with fault_once(monkeypatch, ApplicationMaterial.objects, "create"):
        failed = upload(client, key, pdf("second"))
    assert failed.status_code == 500
    [material] = ApplicationMaterial.objects.all()
    assert files(root) == [first]  # the old file is still there, the new one was removed
    assert b"".join(material_bytes(material)) == first
    second = pdf("second again")
    assert upload(client, key, second).status_code == 200
    assert files(root) == [second]


def material_bytes(material):
    from carbon_common.storage import open_upload

    with open_upload(material.storage_key) as handle:
        yield handle.read()


def upload_then_fail(form, monkeypatch, model, handler, data):
    """Upload a document, then call `handler` while ``model.delete`` fails once (answered 500); the document."""
    client, key, _root = form
    document = pdf("kept")
    assert upload(client, key, document).status_code == 200
    with fault_once(monkeypatch, model, "delete"):
        assert post_json(client, key, handler, data).status_code == 500
    return document


@pytest.mark.django_db(transaction=True)
def test_a_failed_delete_keeps_the_file_its_row_names(form, monkeypatch):
    client, key, root = form
    document = upload_then_fail(form, monkeypatch, ApplicationMaterial, "delete_material", {"kind": "diploma"})
    [material] = ApplicationMaterial.objects.all()
    assert b"".join(material_bytes(material)) == document
    assert post_json(client, key, "delete_material", {"kind": "diploma"}).status_code == 200
    assert files(root) == [] and not ApplicationMaterial.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_withdrawal_keeps_the_application_and_its_files(form, monkeypatch):
    client, key, root = form
    document = upload_then_fail(form, monkeypatch, Application, "withdraw_application", {})
    assert Application.objects.count() == 1 and files(root) == [document]
    assert not AuditEntry.objects.filter(action="application_withdrawn").exists()
    assert body(post_json(client, key, "withdraw_application", {}))["status"] == "none"
    assert files(root) == [] and not Application.objects.exists()
