"""The CMS (Studio) tier: the packed course imported once by the platform importer."""
import pytest

from tests_platform.common import Figures, enable_completion_tracking, import_course, packed_course_dir


@pytest.fixture(scope="session", autouse=True)
def course(django_db_setup, django_db_blocker):
    """The course as ``make course`` packs it, imported by the platform's importer (DB open for the session)."""
    django_db_blocker.unblock()
    enable_completion_tracking()
    data_dir, folder = packed_course_dir()
    imported = import_course(data_dir, folder)
    yield imported
    django_db_blocker.restore()


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"platform tier (CMS): {Figures.checks} checks, {Figures.requests} requests")
