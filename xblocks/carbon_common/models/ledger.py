"""Study ledger records: the server-received evidence of study, and what it credits per learner and item."""
from django.db import models
from django.utils import timezone

from carbon_common.models.base import LearnerBlockRecord

__all__ = ["StudyEvent", "StudyCredit"]

KIND_CHOICES = [("video", "video"), ("reading", "reading"), ("practice", "practice"), ("next", "next")]


class StudyEvent(LearnerBlockRecord):
    """One piece of study evidence as the server received it (a video event, a reading's arrival, a practice
    submission, or the learner's next event that ends an open reading).

    .. pii: What the learner did and when: the item, the event name, the video position and speed, the server
       receive time and the platform's tracking session id (a keyed hash of the Django session key, not the key
       itself). No IP address, user agent or page content. Deleted on retirement (the credits stay).
    .. pii_types: other
    .. pii_retirement: local_api
    """

    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    name = models.CharField(max_length=64)
    position = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)  # a seek's new position
    speed = models.FloatField(null=True, blank=True)
    session = models.CharField(max_length=64, blank=True, default="")
    server_time = models.DateTimeField(default=timezone.now)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "carbon_common"
        ordering = ("server_time", "id")
        indexes = [models.Index(fields=("user", "course_key", "server_time"), name="study_event_learner_time")]

    def __str__(self):
        return f"{self.user_id} {self.name} {self.usage_key} {self.server_time:%H:%M:%S}"


class StudyCredit(LearnerBlockRecord):
    """What a learner's evidence credits for one item: seconds, the evidence kind, the intervals (video positions,
    or server times for a reading), and since when a reading awaits the learner's next event.

    .. pii: Derived study figures about the learner (seconds, intervals, evidence kind). Kept on retirement: they
       name the retired user only, and the hours already counted stay auditable.
    .. pii_types: other
    .. pii_retirement: retained
    """

    kind = models.CharField(max_length=16, choices=KIND_CHOICES[:3])
    seconds = models.FloatField(default=0.0)
    evidence = models.CharField(max_length=32, default="none")
    intervals = models.JSONField(default=list)
    open_since = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "carbon_common"
        indexes = [models.Index(fields=("course_key", "user"), name="study_credit_course_user"),
                   models.Index(fields=("user", "open_since"), name="study_credit_open")]
        constraints = [models.UniqueConstraint(fields=("usage_key", "user"), name="one_study_credit")]

    def __str__(self):
        return f"{self.user_id} {self.usage_key} {self.seconds:.0f}s"
