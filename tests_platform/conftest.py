"""Both platform tiers: every database created once for the session, and left open.

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
