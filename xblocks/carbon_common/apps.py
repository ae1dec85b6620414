"""Django app config: the plugin app that holds the suite's records (attempts, applications, credits, audit)."""
from django.apps import AppConfig
from django.core import checks


class CarbonCommonConfig(AppConfig):
    """Registered in the LMS and Studio through the `lms.djangoapp` / `cms.djangoapp` entry points."""

    name = "carbon_common"
    verbose_name = "Carbon XBlocks"
    default_auto_field = "django.db.models.BigAutoField"

    # Open edX plugin app configuration (edx-django-utils plugins).
    plugin_app = {
        # The staff results sheet at /carbon_xblocks/courses/<course_id>/results_sheet/ (carbon_common.urls).
        "url_config": {"lms.djangoapp": {"namespace": "carbon_common", "regex": r"^carbon_xblocks/",
                                         "relative_path": "urls"}},
        # The study ledger's event-tracking backend joins EVENT_TRACKING_BACKENDS (carbon_common.settings).
        "settings_config": {project: {"common": {"relative_path": "settings.common"},
                                      "production": {"relative_path": "settings.production"}}
                            for project in ("lms.djangoapp", "cms.djangoapp")},
    }

    def ready(self):
        checks.register(check_private_storage, checks.Tags.security)
        # Erasure: the platform's user retirement signals (guarded: a site without them still loads), and
        # documents' files deleted with their rows.
        from carbon_common import retirement

        retirement.connect()
        connect_study_ledger()


def connect_study_ledger():
    """A reading's arrival is its completion reaching the server: edx-completion's ``BlockCompletion`` saves."""
    from django.db.models.signals import post_save

    try:
        from completion.models import BlockCompletion
    except ImportError:  # a site without edx-completion: readings earn no verified time
        return
    from carbon_common.ledger import on_completion_saved

    post_save.connect(on_completion_saved, sender=BlockCompletion, dispatch_uid="carbon_common.study_ledger")


def check_private_storage(app_configs=None, **kwargs):
    """``carbon_common.E001``: learners' documents must not go to a publicly served storage."""
    from carbon_common.storage import storage_problems

    return [checks.Error(problem, id="carbon_common.E001", hint="See the README: Installing into an Open edX site.")
            for problem in storage_problems()]
