"""Shared fixtures: the local runtime on a course, demo users, and a logged-in client."""
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from devsite.lms import course as course_module
from devsite.lms.models import CourseEnrollment, CourseRole

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
GATE_PROBE = "tests.integration.hours_gate_probe.GatedProbe"


_PACKED = {}


def packed_course(course_dir):
    """The OLX source as ``make course`` packs it (pure XBlocks inline), once per test session.

    Runtimes only ever load the packed form: the platform does not resolve pointer tags to pure XBlocks.
    """
    import tempfile

    from course_content.tools.make_media import generate
    from course_content.tools.pack import write_tree

    course_dir = Path(course_dir)
    if course_dir not in _PACKED:
        generate(course_dir)  # the stand-in media are build outputs, not committed
        target = Path(tempfile.mkdtemp(prefix="carbon-course-")) / course_dir.name
        _PACKED[course_dir] = write_tree(target, course_dir, prepared=False)
    return _PACKED[course_dir]


@pytest.fixture
def load_course(settings):
    """Load an OLX directory as the course the local LMS serves."""
    def _load(course_dir):
        packed = packed_course(course_dir)
        settings.COURSE_CONTENT_DIR = packed
        course_module._COURSES.clear()
        return course_module.get_course(packed)

    yield _load
    course_module._COURSES.clear()


@pytest.fixture
def mini_course(load_course, settings):
    settings.DEVSITE_EXTRA_BLOCKS = {"scored_probe": "tests.probe_blocks.ScoredProbe"}
    return load_course(FIXTURES / "mini_course")


@pytest.fixture
def real_course(load_course):
    return load_course(REPO / "course_content")


@pytest.fixture
def gate_course(load_course, settings):
    """The hours_gate fixture course, its exam stood in for by the gated probe block."""
    settings.DEVSITE_EXTRA_BLOCKS = {"gated_probe": GATE_PROBE}
    return load_course(FIXTURES / "hours_gate_course")


@pytest.fixture
def make_user(db):
    """Create a user enrolled in `course`, with an optional course role."""
    def _make(username, course, role=None, **extra):
        user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.com", **extra)
        CourseEnrollment.objects.create(user=user, course_id=str(course.course_key))
        if role:
            CourseRole.objects.create(user=user, course_id=str(course.course_key), role=role)
        return user

    return _make


@pytest.fixture
def completion_on(db):
    from waffle.models import Switch

    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})
