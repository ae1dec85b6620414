"""Issue 12, the demo: its people look real (distinct, valid resident ID numbers agreeing with birth date and
gender, plausible ages and dates), the pending application has every document it needs, and --reset starts over."""
from datetime import date

import pytest
from django.core.management import call_command

from carbon_common.models import Application
from eligibility_form import workflow
from eligibility_form.rules import DEFAULT_RELATED_MAJORS
from eligibility_form.validators import age_on, check_id_number, validate_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(real_course, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "carbon_uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    call_command("devsite_setup")
    return real_course


def test_demo_applicants_look_real(demo):
    applications = list(Application.objects.select_related("user").order_by("submitted_at"))
    assert {a.user.username: a.status for a in applications} == {"learner_ready": "approved",
                                                                 "learner_studying": "submitted"}
    numbers = [a.answers["id_number"] for a in applications]
    assert len(set(numbers)) == len(numbers)
    for application in applications:
        answers = application.answers
        assert validate_application(answers) == {}, application.user.username  # the form's own checks
        facts = check_id_number("resident_id", answers["id_number"])  # checksum, region, birth date
        assert facts.birth_date.isoformat() == answers["birth_date"] and facts.gender == answers["gender"]
        assert 22 <= age_on(facts.birth_date, date.today()) <= 60
        assert answers["name"] not in ("", application.user.username) and answers["email"] == application.user.email
        assert application.consent_at < application.submitted_at
        assert application.decided_at is None or application.decided_at > application.submitted_at
    # numbered in the order they were submitted
    assert [a.number.rsplit("-", 1)[1] for a in applications] == ["00001", "00002"]


def test_the_pending_application_has_its_documents(demo):
    pending = Application.objects.get(status=Application.SUBMITTED)
    errors, result, missing = workflow.submission_problems(pending, DEFAULT_RELATED_MAJORS)
    assert errors == {} and result.eligible and missing == []
    kinds = set(pending.materials.values_list("kind", flat=True))
    assert {"photo", "review_form", "id_front", "id_back", "diploma"} <= kinds


def test_reset_starts_the_demo_over(demo):
    from django.contrib.auth import get_user_model

    pending = Application.objects.get(status=Application.SUBMITTED)
    pending.status = Application.APPROVED
    pending.save()
    call_command("devsite_setup", "--reset")
    assert Application.objects.get(user__username="learner_studying").status == Application.SUBMITTED
    assert get_user_model().objects.filter(username="learner_new").count() == 1
    assert Application.objects.count() == 2
