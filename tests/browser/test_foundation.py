"""A new user signs in with a demo account, opens a lesson unit and watches its video to the end."""
import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_learner_opens_a_unit_and_the_video_completes(mini_course, page, settings):
    from completion.models import BlockCompletion
    from django.contrib.auth import get_user_model

    settings.COMPLETION_BY_VIEWING_DELAY_MS = 300
    call_command("devsite_setup")
    sign_in(page, "learner_new")
    assert page.get_by_role("heading", level=1).inner_text() == "Mini course"
    page.get_by_role("link", name="第1讲").first.click()
    page.wait_for_selector("video")
    assert "京都议定书" in page.inner_text("article")
    page.eval_on_selector("video", "v => { v.muted = true; v.play().catch(() => {}); }")  # never await play()
    page.wait_for_function("document.querySelector('video').duration > 0")
    page.eval_on_selector("video", "v => { v.currentTime = v.duration * 0.97; }")
    page.wait_for_selector(".xblock[data-block-type=video][data-complete=true]", state="attached")
    user = get_user_model().objects.get(username="learner_new")
    video = mini_course.course_key.make_usage_key("video", "lesson-1-video")
    assert BlockCompletion.objects.get(user=user, context_key=mini_course.course_key, block_key=video).completion == 1.0
    page.wait_for_selector("[data-completed-on-view=true]", state="attached")  # the reading, viewed
    reading = mini_course.course_key.make_usage_key("html", "lesson-1-reading")
    assert BlockCompletion.objects.get(user=user, context_key=mini_course.course_key, block_key=reading).completion == 1.0
    assert axe_violations(page) == []
