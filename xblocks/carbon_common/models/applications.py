"""Application records of the eligibility_form block: one application per learner and block, its documents."""
from django.conf import settings
from django.db import models
from model_utils.models import TimeStampedModel

from carbon_common.models.base import LearnerBlockRecord

__all__ = ["Application", "ApplicationMaterial"]


class Application(TimeStampedModel, LearnerBlockRecord):
    """A learner's application: answers, state, the consent given, and the staff decision; `created` and
    `modified` come from `TimeStampedModel` (`modified` is refreshed by every save, ``update_fields`` too).

    .. pii: ``answers`` holds the form: name, ID type and number, gender, birth date, mobile, email, employer,
       job title, education, major, work years; ``decision_reason`` and ``item_notes`` are staff text about the
       applicant. Retired by ``carbon_common.retirement`` on the platform's USER_RETIRE_LMS_MISC /
       USER_RETIRE_LMS_CRITICAL signals (answers, reasons, notes and the anonymous id blanked; status, condition
       and dates kept for statistics); purged after CARBON_XBLOCKS_RETENTION_DAYS by carbon_purge_applications.
    .. pii_types: name, id, gender, birth_date, phone_number, email_address, other
    .. pii_retirement: local_api
    """

    DRAFT, SUBMITTED, RETURNED, APPROVED, REJECTED = "draft", "submitted", "returned", "approved", "rejected"
    STATUSES = (DRAFT, SUBMITTED, RETURNED, APPROVED, REJECTED)
    EDITABLE = (DRAFT, RETURNED)

    anonymous_id = models.CharField(max_length=128)
    # 报名编号, programme-year-sequence (eligibility_form.numbering), given at the first submission
    number = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    status = models.CharField(max_length=16, choices=[(s, s) for s in STATUSES], default=DRAFT, db_index=True)
    answers = models.JSONField(default=dict, blank=True)
    qualifying_condition = models.PositiveSmallIntegerField(null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_reason = models.TextField(blank=True)
    item_notes = models.JSONField(default=dict, blank=True)  # {field or material kind: note} when returned

    class Meta:
        app_label = "carbon_common"
        constraints = [models.UniqueConstraint(fields=("usage_key", "user"), name="one_application_per_block")]
        ordering = ("-submitted_at", "-modified")

    def __str__(self):
        return f"{self.usage_key} {self.user_id} {self.status}"

    @property
    def editable(self):
        return self.status in self.EDITABLE


class ApplicationMaterial(models.Model):
    """One uploaded document of an application, stored under `storage_key` (see carbon_common.storage).

    .. pii: The file itself: a 2-inch photo, both sides of the ID document, diploma, degree certificate, proof of
       work, the signed review form; ``original_name`` is the learner's file name. Deleted with its file (on
       commit) on retirement, withdrawal of consent, withdrawal of the application, purge, and whenever the row is
       deleted (a post_delete receiver, so deleting the Django user leaves no file behind).
    .. pii_types: image, id, name, birth_date, other
    .. pii_retirement: local_api
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(max_length=32)
    storage_key = models.CharField(max_length=512)
    original_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=8)  # jpeg | png | pdf, by content
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "carbon_common"
        constraints = [models.UniqueConstraint(fields=("application", "kind"), name="one_material_per_kind")]

    def __str__(self):
        return f"{self.application_id} {self.kind}"
