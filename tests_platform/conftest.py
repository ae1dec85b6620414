"""Both platform tiers (LMS and CMS, chosen by --ds): the databases created once, the course imported once.

The tier runs as one scenario per test module against one imported course, as a site would: requests
commit for real (so the platform's ``on_commit`` work runs), and each test makes its own users.
"""
import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    from django.conf import settings
    from django.test.utils import setup_databases

    with django_db_blocker.unblock():
        setup_databases(verbosity=0, interactive=False, aliases=set(settings.DATABASES))
    yield


@pytest.fixture(scope="session", autouse=True)
def course(django_db_setup, django_db_blocker):
    """The course as ``make course`` packs it, imported by the platform's importer, completion tracking on
    (the database stays open for the session)."""
    from tests_platform.common import enable_completion_tracking, import_course, packed_course_dir

    django_db_blocker.unblock()
    enable_completion_tracking()
    data_dir, folder = packed_course_dir()
    imported = import_course(data_dir, folder)
    yield imported
    django_db_blocker.restore()


def pytest_terminal_summary(terminalreporter):
    import os

    from tests_platform.common import Figures

    tier = os.environ.get("DJANGO_SETTINGS_MODULE", "").rsplit(".", 1)[-1].upper() or "?"
    terminalreporter.write_line(f"platform tier ({tier}): {Figures.checks} checks, {Figures.requests} requests")
