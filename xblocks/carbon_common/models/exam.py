"""Exam records: each learner's attempts at a carbon_exam block, and extra time granted by staff."""
from django.db import models

from carbon_common.models.base import LearnerBlockRecord

__all__ = ["ExamAttempt", "ExamExtraTime"]


class ExamAttempt(LearnerBlockRecord):
    """One attempt: the drawn paper, saved answers, timing, integrity counters and the result.

    .. pii: ``answers`` are what the learner typed (free-text answers may contain anything they write);
       ``reset_reason`` is staff text about the attempt. Kept on retirement as the exam record of the (renamed,
       retired) user; ``reset_reason`` is blanked.
    .. pii_types: other
    .. pii_retirement: retained
    """

    IN_PROGRESS, SUBMITTED, RESET = "in_progress", "submitted", "reset"
    STATUSES = [(IN_PROGRESS, "in progress"), (SUBMITTED, "submitted"), (RESET, "reset")]

    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=STATUSES, default=IN_PROGRESS)
    seed = models.CharField(max_length=64)
    drawn = models.JSONField(default=dict)
    answers = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submit_reason = models.CharField(max_length=16, blank=True)
    session_token = models.CharField(max_length=64, blank=True)
    focus_losses = models.PositiveIntegerField(default=0)
    pastes = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    earned = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    possible = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    pending = models.BooleanField(default=False)
    #: Short answers waiting for a staff grade (``carbon_exam.scoring.pending_answers`` of the stored result), kept
    #: with every write of ``result`` and ``status``, so the grading queue sums them without reading results.
    pending_answers = models.PositiveIntegerField(default=0)
    staff_grades = models.JSONField(default=dict, blank=True)
    submission_uuid = models.CharField(max_length=64, blank=True)
    reset_reason = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "carbon_common"
        ordering = ("usage_key", "user_id", "number")
        constraints = [models.UniqueConstraint(fields=("usage_key", "user", "number"), name="exam_attempt_number")]
        # The staff views' reads of one exam without its rows (answers and drawn papers make them large): the
        # grading queue's page of ids in its order (submitted, awaiting grading first) stops after one page,
        # and every attempt's stored score (the distribution, the total) is read from the index alone, as is the
        # number of answers waiting (the sum of ``pending_answers`` over the exam's pending attempts).
        indexes = [models.Index(fields=("usage_key", "status", "-pending", "user", "number", "earned", "possible",
                                        "passed", "pending_answers"), name="exam_attempt_queue")]

    def __str__(self):
        return f"{self.usage_key} {self.user_id} #{self.number} {self.status}"


class ExamExtraTime(LearnerBlockRecord):
    """Extra minutes a learner gets on every attempt at one exam (an accommodation set by staff).

    .. pii: That a learner has an accommodation may reveal a health condition or disability. Deleted on
       retirement.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    minutes = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "carbon_common"
        constraints = [models.UniqueConstraint(fields=("usage_key", "user"), name="exam_extra_time_once")]

    def __str__(self):
        return f"{self.usage_key} {self.user_id} +{self.minutes} min"
