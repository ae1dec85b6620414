"""Django app config: the plugin app that holds the suite's records (attempts, applications, credits, audit)."""
from django.apps import AppConfig


class CarbonCommonConfig(AppConfig):
    """Registered in the LMS and Studio through the `lms.djangoapp` / `cms.djangoapp` entry points."""

    name = "carbon_common"
    verbose_name = "Carbon XBlocks"
    default_auto_field = "django.db.models.BigAutoField"

    # Open edX plugin app configuration (edx-django-utils plugins).
    plugin_app = {}
