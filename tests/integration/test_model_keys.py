"""The plugin's models keep course and block keys as edx-opaque-keys fields and Application's timestamps as
model_utils' TimeStampedModel: strings that are no keys are refused before they reach the database, keys come
back as keys, and migration 0006 changes no column."""
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from carbon_common.models import Application, AuditEntry, ExamAttempt, HourCredit, StudyCredit
from carbon_common.models.base import stored_text

COURSE = "course-v1:Org+C+R"
EXAM = "block-v1:Org+C+R+type@carbon_exam+block@x"
FORM = "block-v1:Org+C+R+type@eligibility_form+block@application"


@pytest.fixture
def amy(db, django_user_model):
    return django_user_model.objects.create_user("amy")


@pytest.mark.parametrize("course_key, usage_key", [("course", EXAM), (COURSE, "block"), (EXAM, EXAM), (COURSE, COURSE)])
def test_a_string_that_is_not_a_key_of_the_right_kind_is_refused(amy, course_key, usage_key):
    with pytest.raises(InvalidKeyError):
        HourCredit.objects.create(course_key=course_key, usage_key=usage_key, user=amy, hours=1, reason="r")
    with pytest.raises(InvalidKeyError):
        StudyCredit.objects.filter(course_key=course_key, usage_key=usage_key).exists()
    assert not HourCredit.objects.exists()


def test_keys_stored_as_strings_come_back_as_keys(amy):
    attempt = ExamAttempt.objects.create(course_key=COURSE, usage_key=EXAM, user=amy, number=1, seed="s",
                                         started_at=timezone.now())
    found = ExamAttempt.objects.get(pk=attempt.pk)
    assert isinstance(found.course_key, CourseKey) and isinstance(found.usage_key, UsageKey)
    assert (found.course_key, found.usage_key) == (CourseKey.from_string(COURSE), UsageKey.from_string(EXAM))
    assert found.usage_key.context_key == found.course_key and found.usage_key.block_type == "carbon_exam"
    assert list(ExamAttempt.objects.values_list("course_key", "usage_key")) == [(found.course_key, found.usage_key)]
    # a key and its string find the same row; the pure cores' bulk reads get the stored text unparsed
    assert ExamAttempt.objects.get(usage_key=UsageKey.from_string(EXAM)).pk == ExamAttempt.objects.get(usage_key=EXAM).pk
    assert list(ExamAttempt.objects.values_list(stored_text("usage_key"), flat=True)) == [EXAM]


def test_audit_entries_record_the_blocks_keys(amy):
    class Block:
        class scope_ids:  # noqa: N801 (an XBlock's scope_ids, as AuditEntry.record reads it)
            usage_id = UsageKey.from_string(FORM)

    entry = AuditEntry.record(Block, "application_submitted", subject_id=amy.id)
    entry.refresh_from_db()
    assert (entry.course_key, entry.usage_key) == (CourseKey.from_string(COURSE), UsageKey.from_string(FORM))


def test_an_application_is_time_stamped_and_every_save_refreshes_modified(amy):
    application = Application.objects.create(course_key=COURSE, usage_key=FORM, user=amy, anonymous_id="a")
    assert application.created is not None and application.modified is not None
    earlier = application.modified - timedelta(days=30)
    Application.objects.filter(pk=application.pk).update(created=earlier, modified=earlier)
    application.refresh_from_db()
    application.status = Application.SUBMITTED
    application.save(update_fields=["status"])  # TimeStampedModel adds `modified` to the fields saved
    application.refresh_from_db()
    assert application.modified > earlier and application.created == earlier


def test_migration_0006_changes_no_column(transactional_db):
    out = io.StringIO()
    call_command("sqlmigrate", "carbon_common", "0006", stdout=out)
    statements = [line for line in out.getvalue().splitlines() if line.strip() and not line.startswith("--")]
    assert statements == ["BEGIN;", "COMMIT;"] or statements == [], out.getvalue()
