"""Django app config: the plugin app that holds the suite's records (attempts, applications, credits, audit)."""
from django.apps import AppConfig
from django.core import checks


class CarbonCommonConfig(AppConfig):
    """Registered in the LMS and Studio through the `lms.djangoapp` / `cms.djangoapp` entry points."""

    name = "carbon_common"
    verbose_name = "Carbon XBlocks"
    default_auto_field = "django.db.models.BigAutoField"

    # Open edX plugin app configuration (edx-django-utils plugins).
    plugin_app = {}

    def ready(self):
        checks.register(check_private_storage, checks.Tags.security)
        # Erasure: the platform's user retirement signals (guarded: a site without them still loads), and
        # documents' files deleted with their rows.
        from carbon_common import retirement

        retirement.connect()


def check_private_storage(app_configs=None, **kwargs):
    """``carbon_common.E001``: learners' documents must not go to a publicly served storage."""
    from carbon_common.storage import storage_problems

    return [checks.Error(problem, id="carbon_common.E001", hint="See the README: Installing into an Open edX site.")
            for problem in storage_problems()]
