"""Fixtures shared by the integration tests (helpers that are no fixtures live in helpers.py)."""
import pytest


@pytest.fixture
def course(request, load_course):
    """The course in the directory named by the test module's FIXTURE."""
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
