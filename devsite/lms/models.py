"""What the LMS keeps for the blocks: per-learner field data, scores, enrolments, roles, anonymous ids."""
import hashlib

from django.conf import settings
from django.db import models


class FieldValue(models.Model):
    """One XBlock field value outside content/settings scope (the LMS's StudentModule and friends)."""

    scope = models.CharField(max_length=32)
    user_id = models.CharField(max_length=64, blank=True, default="")
    block_scope_id = models.CharField(max_length=255)
    field_name = models.CharField(max_length=64)
    value = models.JSONField(null=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = ("scope", "user_id", "block_scope_id", "field_name")


class Score(models.Model):
    """A learner's score on a block, as the gradebook sees it (from `grade` events or edx-submissions)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255)
    earned = models.FloatField()
    possible = models.FloatField()
    source = models.CharField(max_length=32, default="grade_event")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = ("user", "usage_key")


class CourseEnrollment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = models.CharField(max_length=255, db_index=True)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = ("user", "course_id")


class CourseRole(models.Model):
    """Course staff and instructors (the LMS's CourseAccessRole)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = models.CharField(max_length=255)
    role = models.CharField(max_length=32, choices=[("staff", "staff"), ("instructor", "instructor")])

    class Meta:
        unique_together = ("user", "course_id", "role")


class AnonymousUserId(models.Model):
    """Per-course anonymous ids, derived as the LMS does (a hash of secret, user and course)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = models.CharField(max_length=255)
    anonymous_user_id = models.CharField(max_length=32, unique=True)

    class Meta:
        unique_together = ("user", "course_id")

    @staticmethod
    def derive(user_id, course_id):
        digest = hashlib.md5(f"{settings.SECRET_KEY}{user_id}{course_id}".encode(), usedforsecurity=False)
        return digest.hexdigest()


class Profile(models.Model):
    """A learner's full name where the platform keeps it (``UserProfile.name``, reached as ``user.profile.name``);
    the platform leaves ``first_name``/``last_name`` empty. Read it through ``carbon_common.compat.full_name``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    name = models.CharField(max_length=255, blank=True, db_index=True)
