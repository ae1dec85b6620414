"""Issue 12: the learner is told of the decision on their application on the course home. devsite's course home
shows it as the learning MFE's widget does in the LMS (the same endpoint, view and markup), and its link opens the
form's unit."""
from datetime import datetime

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_course_home_shows_the_decision_and_leads_to_the_form(page, eligibility_course):
    from django.contrib.auth import get_user_model

    from carbon_common.models import Application

    course = eligibility_course
    learner = get_user_model().objects.get(username="learner_new")
    Application.objects.create(
        course_key=str(course.course_key), usage_key=str(course.course_key.make_usage_key("eligibility_form", "application")),
        user=learner, anonymous_id="x", status="returned", number="APPLY-2026-00042", decision_reason="照片不清晰",
        submitted_at=datetime.fromisoformat("2026-06-01T08:00:00+00:00"),
        decided_at=datetime.fromisoformat("2026-06-01T16:30:00+00:00"))
    sign_in(page, "learner_new")
    page.goto(f"{page.base_url}/courses/{course.course_key}/")
    card = page.get_by_role("region", name="您的报名")
    card.wait_for()
    assert card.get_by_role("status").inner_text().startswith("您的报名已被退回修改。 (已退回，请补正)")
    assert "审核意见： 照片不清晰" in card.inner_text() and "APPLY-2026-00042" in card.inner_text()
    assert card.locator("time").get_attribute("datetime") == "2026-06-02T00:30:00+08:00"
    assert card.locator("time").inner_text() == "2026-06-02 00:30"
    assert axe_violations(page) == []
    card.get_by_role("link", name="打开报名表").click()
    page.locator(".eligibility-form").wait_for()


def test_nothing_is_shown_before_an_application_is_submitted(page, eligibility_course):
    sign_in(page, "learner_new")
    page.goto(f"{page.base_url}/courses/{eligibility_course.course_key}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#carbon-application-decision").is_hidden()
    assert page.locator(".carbon-application-decision").count() == 0
