"""What every per-learner record of a block has: the course, the block and the learner."""
from django.conf import settings
from django.db import models


class LearnerBlockRecord(models.Model):
    """Abstract base: `course_key` and `usage_key` as strings, `user` as a foreign key."""

    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
        app_label = "carbon_common"
