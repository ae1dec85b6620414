"""The plugin app's migrations match its models (what the platform's migrate will apply)."""
import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_no_missing_migrations():
    out = io.StringIO()
    try:
        call_command("makemigrations", "carbon_common", "devsite_lms", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"models and migrations differ (exit {exit_.code}):\n{out.getvalue()}")
