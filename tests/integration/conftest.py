"""Fixtures shared by the integration tests (helpers that are no fixtures live in helpers.py)."""
import pytest
from django.conf import settings as django_settings
from django.utils import translation


@pytest.fixture
def course(request, load_course, settings, tmp_path):
    """The course in the directory named by the test module's FIXTURE; uploads go to a folder of the test's own."""
    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "uploads")}}}
    return load_course(request.module.FIXTURE)


@pytest.fixture
def exam_key(course):
    return course.course_key.make_usage_key("carbon_exam", "final_exam")


@pytest.fixture
def learner(course, make_user):
    return make_user("learner", course)


@pytest.fixture
def staff(course, make_user):
    return make_user("teacher", course, role="staff")


@pytest.fixture
def key(course):
    """The eligibility form of the module's course (the eligibility modules' FIXTURE)."""
    return course.course_key.make_usage_key("eligibility_form", "application")


@pytest.fixture
def people(course, make_user):
    """Two applicants and a staff member of the course."""
    return {"amy": make_user("amy", course), "bob": make_user("bob", course),
            "sam": make_user("sam", course, role="staff")}


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request in English leaves English active in this thread: give the next test the default back."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
