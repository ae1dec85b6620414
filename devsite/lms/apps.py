"""The LMS stand-in app: field data, scores, enrolments and roles of the local runtime."""
from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "devsite.lms"
    label = "devsite_lms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from devsite.lms import grades  # noqa: F401  (connects the submissions score_set receiver)
