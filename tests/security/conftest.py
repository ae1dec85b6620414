"""The adversarial suite's world: one course with all three blocks, seven actors, data to attack, figures.

Actors: anonymous (the no-auth handler URL, so the block itself must refuse), the learner who owns the data,
another learner, a signed-in user not enrolled, course staff, the instructor, and a Studio author (course staff
through devsite's Studio handler URL, the only place blocks get ``studio_user_permissions``).
"""
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.integration.helpers import client_for
from tests.security.figures import FIGURES

SECURITY_COURSE = Path(__file__).parent / "fixtures" / "security_course"
ACTORS = ("anonymous", "learner", "other_learner", "unenrolled", "staff", "instructor", "studio_author")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The suite's figures, printed whatever the capture mode (-s or not)."""
    if not FIGURES:
        return
    terminalreporter.write_sep("-", "adversarial suite (tests/security)")
    for name, label in (
        ("cells", "handler x actor cells checked"),
        ("cells_denied", "  of which refused (403)"),
        ("bodies_scanned", "learner-visible bodies scanned for answer keys, rubrics, reference answers"),
        ("payloads", "hand-written bad payloads sent"),
        ("fuzz_examples", "hypothesis examples run (handlers and parsers)"),
        ("refusals_unchanged", "refusals verified to change nothing (database snapshot)"),
    ):
        terminalreporter.write_line(f"{label}: {FIGURES.get(name, 0)}")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Seven users per test: PBKDF2 would cost more than the tests themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def course(load_course, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "uploads")}}}
    return load_course(SECURITY_COURSE)


@dataclass
class World:
    """The course, its blocks' keys, the actors and the records they attack."""

    course: object
    users: dict
    keys: dict
    ids: dict = field(default_factory=dict)

    def client(self, actor):
        if actor == "anonymous":
            return Client()
        return client_for(self.users[actor])

    def studio(self, actor):
        return actor == "studio_author"


@pytest.fixture
def world(course, make_user):
    """Lena (learner) has an exam attempt in progress, a manual hours credit and a submitted application with a
    photo; Otto (another learner) has a submitted exam attempt with a short answer waiting for grading."""
    from decimal import Decimal

    from carbon_common.models import Application, ApplicationMaterial
    from carbon_common.storage import save_upload
    from devsite.lms.runtime import LmsRuntime
    from eligibility_form import workflow
    from hours_gate import records
    from tests.integration.helpers import body, post_json

    users = {
        "learner": make_user("lena", course), "other_learner": make_user("otto", course),
        "unenrolled": get_user_model().objects.create_user("uma", "uma@example.com", "pw"),
        "staff": make_user("sam", course, role="staff"), "instructor": make_user("ines", course, role="instructor"),
        "studio_author": make_user("abe", course, role="staff"),
    }
    key = course.course_key.make_usage_key
    keys = {"exam": key("carbon_exam", "final_exam"), "gate": key("hours_gate", "gate"),
            "gated_exam": key("carbon_exam", "gated_exam"), "form": key("eligibility_form", "application")}
    world = World(course, users, keys)

    # Otto: a submitted attempt with a short answer to grade.
    otto = client_for(users["other_learner"])
    state = body(post_json(otto, keys["exam"], "start_exam", {}))
    session = state["attempt"]["session"]
    answers = {q["id"]: ("活动数据" if q["type"] == "short" else [q["options"][0]["id"]])
               for part in state["attempt"]["paper"]["parts"] for q in part["questions"]}
    submitted = post_json(otto, keys["exam"], "submit_exam", {"session": session, "answers": answers})
    assert submitted.status_code == 200, submitted.content
    from carbon_common.models import ExamAttempt

    world.ids["otto_attempt"] = ExamAttempt.objects.get(user=users["other_learner"]).id

    # Lena: an attempt in progress.
    lena = client_for(users["learner"])
    state = body(post_json(lena, keys["exam"], "start_exam", {}))
    world.ids["lena_session"] = state["attempt"]["session"]
    world.ids["lena_questions"] = [q["id"] for part in state["attempt"]["paper"]["parts"] for q in part["questions"]]

    # Lena: a manual hours credit (staff-given).
    gate = LmsRuntime(course, users["staff"]).get_block(keys["gate"])
    world.ids["credit"] = records.add_credit(gate, users["learner"].id, Decimal("0.5"), "线下课", users["staff"].id).id

    # Lena: a submitted application with a photo.
    form = LmsRuntime(course, users["learner"]).get_block(keys["form"])
    from carbon_common.identity import current_learner

    application = workflow.get_or_create(form, current_learner(form))
    application.answers = {"name": "李娜", "pi_consent": True, "law_abiding": True}
    application.status = Application.SUBMITTED
    from django.utils import timezone

    application.consent_at = application.submitted_at = timezone.now()
    application.save()
    storage_key = save_upload(keys["form"], application.anonymous_id, "photo", "jpg", b"\xff\xd8\xff\xe0fake")
    ApplicationMaterial.objects.create(application=application, kind="photo", storage_key=storage_key,
                                       original_name="me.jpg", file_type="jpeg", size=10)
    world.ids["application"] = application.id
    return world
