"""One audit log for every staff action and state change the blocks record."""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class AuditEntry(models.Model):
    """Who did what, when, to whom, in which block; `details` holds the action's own data.

    .. pii: ``details`` may hold staff-written text about the subject (decision reasons, item notes, hour-credit
       and reset reasons) and file names. On retirement every entry about the learner keeps only its
       non-personal detail keys (ids, counts, kinds, statuses; see ``carbon_common.retirement.KEPT_DETAILS``) and
       is marked ``retired``; actor and subject stay as the (retired) user ids.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    course_key = CourseKeyField(max_length=255, db_index=True)
    usage_key = UsageKeyField(max_length=255, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "carbon_common"
        ordering = ("created", "id")

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} by {self.actor_id} on {self.subject_id}"

    @classmethod
    def record(cls, block, action, actor_id=None, subject_id=None, **details):
        """Append an entry for `block` (an XBlock or anything with `scope_ids`)."""
        usage_key = block.scope_ids.usage_id
        return cls.objects.create(
            course_key=usage_key.context_key, usage_key=usage_key,
            actor_id=actor_id, subject_id=subject_id, action=action, details=details,
        )
