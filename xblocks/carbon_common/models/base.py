"""What every per-learner record of a block has: the course, the block and the learner."""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class LearnerBlockRecord(models.Model):
    """Abstract base: `course_key` and `usage_key` as opaque keys (stored as their strings), `user` as a foreign
    key. The key fields accept a key or a string that parses and read back as `CourseKey` / `UsageKey`."""

    course_key = CourseKeyField(max_length=255, db_index=True)
    usage_key = UsageKeyField(max_length=255, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
        app_label = "carbon_common"


def stored_text(field_name):
    """The column `field_name` as the text stored, unparsed: for bulk reads (``values_list``) that hand the keys
    to a pure core as strings without parsing every row into a key and back."""
    return models.ExpressionWrapper(models.F(field_name), output_field=models.CharField())
