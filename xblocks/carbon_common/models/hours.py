"""Hours-gate records: manual and imported hour credits, and when each learner's gate opened."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from carbon_common.models.base import LearnerBlockRecord

__all__ = ["HourCredit", "GateUnlock"]


class HourCredit(LearnerBlockRecord):
    """学时 granted (or withdrawn, when negative) by staff or an import, with who, when and why.

    A credit is never deleted: revoking it records who, when and why. Imported credits keep the row's
    fingerprint so the same row sent again is recognised and not applied twice.

    .. pii: ``reason`` and ``revoked_reason`` are staff text about the learner; ``fingerprint`` is a hash of the
       imported row (username or email, hours, reason) that anyone holding the row can recompute. On retirement
       the texts and the fingerprint are blanked; hours, source and dates stay (the learner's total is kept).
    .. pii_types: other
    .. pii_retirement: local_api
    """

    MANUAL, IMPORT = "manual", "import"
    SOURCES = [(MANUAL, "manual"), (IMPORT, "import")]

    hours = models.DecimalField(max_digits=7, decimal_places=2)
    reason = models.TextField()
    source = models.CharField(max_length=16, choices=SOURCES, default=MANUAL)
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    # The fingerprint of an imported row, NULL for every other credit: a plain unique key (usage_key,
    # import_key) holds on every database (MySQL/MariaDB create no conditional unique constraints, W036;
    # NULLs never clash), so two concurrent imports of one file credit each row once.
    import_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked_reason = models.TextField(blank=True)

    class Meta:
        app_label = "carbon_common"
        ordering = ("created", "id")
        indexes = [models.Index(fields=("usage_key", "user"), name="hour_credit_block_user")]
        constraints = [models.UniqueConstraint(fields=("usage_key", "import_key"), name="hour_credit_import_once")]

    def save(self, *args, **kwargs):
        self.import_key = self.fingerprint or None
        if kwargs.get("update_fields") is not None and "fingerprint" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "import_key"}
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.usage_key} {self.user_id} {self.hours}"


class GateUnlock(LearnerBlockRecord):
    """Since when a learner's gate has been open (removed if the gate closes again).

    .. pii: None of its own: the user foreign key and a time. Kept on retirement (it names the retired user only).
    .. pii_types: other
    .. pii_retirement: retained
    """

    unlocked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "carbon_common"
        constraints = [models.UniqueConstraint(fields=("usage_key", "user"), name="one_unlock_per_gate")]

    def __str__(self):
        return f"{self.usage_key} {self.user_id} {self.unlocked_at:%Y-%m-%d %H:%M}"
