"""The local runtime honours the LMS contract: keys, services, publish, completion, grades, reports."""
import csv
import io

import pytest
from completion.services import CompletionService
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from opaque_keys.edx.locator import BlockUsageLocator, CourseLocator
from submissions import api as submissions_api

from devsite.lms.models import Score
from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import body, csrf_client, download_text, handler_url, post_json

pytestmark = pytest.mark.django_db


def key(course, block_type, block_id):
    return course.course_key.make_usage_key(block_type, block_id)


def test_course_tree_uses_real_opaque_keys_and_resolves_pointers(mini_course):
    assert isinstance(mini_course.course_key, CourseLocator)
    assert str(mini_course.course_key) == "course-v1:TestOrg+MINI+T1"
    unit = key(mini_course, "vertical", "lesson-1-unit")
    assert [child.block_type for child in mini_course.children(unit)] == ["video", "html"]
    assert mini_course.display_name(key(mini_course, "chapter", "ch1")) == "第一章"
    assert mini_course.parent(unit) == key(mini_course, "sequential", "lesson-1")
    assert mini_course.units() == [unit, key(mini_course, "vertical", "final-unit")]


def test_blocks_see_usage_keys_with_a_context_key(mini_course, make_user):
    user = make_user("ann", mini_course)
    block = LmsRuntime(mini_course, user).get_block(key(mini_course, "html", "lesson-1-reading"))
    assert isinstance(block.scope_ids.usage_id, BlockUsageLocator)
    assert block.scope_ids.usage_id.context_key == mini_course.course_key
    assert "京都议定书" in block.data


def test_user_service_gives_platform_attributes(mini_course, make_user):
    learner = make_user("ann", mini_course)
    staff = make_user("sam", mini_course, role="staff")
    teacher = make_user("ivy", mini_course, role="instructor")
    attrs = LmsRuntime(mini_course, learner)._services["user"].get_current_user().opt_attrs
    assert attrs["edx-platform.username"] == "ann"
    assert attrs["edx-platform.user_role"] == "student" and attrs["edx-platform.user_is_staff"] is False
    assert len(attrs["edx-platform.anonymous_user_id"]) == 32
    again = LmsRuntime(mini_course, learner)._services["user"].get_current_user().opt_attrs
    assert again["edx-platform.anonymous_user_id"] == attrs["edx-platform.anonymous_user_id"]
    for user, role in ((staff, "staff"), (teacher, "instructor")):
        opt = LmsRuntime(mini_course, user)._services["user"].get_current_user().opt_attrs
        assert opt["edx-platform.user_role"] == role and opt["edx-platform.user_is_staff"] is True
    anonymous = LmsRuntime(mini_course, AnonymousUser())._services["user"].get_current_user()
    assert anonymous.opt_attrs["edx-platform.is_authenticated"] is False


def test_video_completion_goes_to_edx_completion(mini_course, make_user, completion_on):
    user = make_user("ann", mini_course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    video = key(mini_course, "video", "lesson-1-video")
    assert post_json(client, video, "publish_completion", {"completion": 1.0}, csrf=False).status_code == 403
    response = post_json(client, video, "publish_completion", {"completion": 1.0})
    assert response.status_code == 200, response.content
    service = CompletionService(user, mini_course.course_key)
    assert service.completion_tracking_enabled()
    reading = key(mini_course, "html", "lesson-1-reading")
    assert service.get_completions([video, reading]) == {video: 1.0, reading: 0.0}


def test_grade_event_reaches_gradebook_set_score_and_both_reports(mini_course, make_user):
    ann = make_user("ann", mini_course)
    bob = make_user("bob", mini_course)
    staff = make_user("sam", mini_course, role="staff")
    probe = key(mini_course, "scored_probe", "probe")
    for user, points in ((ann, 7), (bob, 4)):
        client = Client()
        client.force_login(user)
        response = post_json(client, probe, "answer", {"points": points})
        assert response.status_code == 200
        assert body(response) == {"earned": points}  # set_score was called within the request
    assert Score.objects.get(user=ann, usage_key=str(probe)).earned == 7
    client = Client()
    client.force_login(staff)
    report = client.get(f"/courses/{mini_course.course_key}/instructor/grade_report.csv")
    assert report.status_code == 200
    rows = {row["Username"]: row for row in csv.DictReader(io.StringIO(download_text(report)))}
    assert float(rows["ann"]["Grade"]) == 0.7 and rows["ann"]["Letter Grade"] == "Pass"
    assert float(rows["bob"]["Grade"]) == 0.4 and rows["bob"]["Letter Grade"] == ""
    assert float(rows["sam"]["Grade"]) == 0
    responses = client.get(f"/courses/{mini_course.course_key}/instructor/problem_responses.csv")
    text = download_text(responses)
    parsed = {row["username"]: row for row in csv.DictReader(io.StringIO(text))}
    assert parsed["ann"]["Earned"] == "7" and parsed["ann"]["location"] == str(probe)


def test_submissions_score_set_feeds_the_gradebook(mini_course, make_user):
    ann = make_user("ann", mini_course)
    probe = key(mini_course, "scored_probe", "probe")
    anonymous_id = LmsRuntime(mini_course, ann)._services["user"].get_current_user().opt_attrs["edx-platform.anonymous_user_id"]
    student_item = {"student_id": anonymous_id, "course_id": str(mini_course.course_key),
                    "item_id": str(probe), "item_type": "scored_probe"}
    submission = submissions_api.create_submission(student_item, {"answer": "x"})
    submissions_api.set_score(submission["uuid"], 9, 10)
    score = Score.objects.get(user=ann, usage_key=str(probe))
    assert (score.earned, score.possible, score.source) == (9, 10, "submissions")


def test_reports_and_dashboard_are_for_course_staff_only(mini_course, make_user):
    client = Client()
    client.force_login(make_user("ann", mini_course))
    for path in ("instructor/", "instructor/grade_report.csv", "instructor/problem_responses.csv"):
        assert client.get(f"/courses/{mini_course.course_key}/{path}").status_code == 403
    client.force_login(make_user("ivy", mini_course, role="instructor"))
    assert client.get(f"/courses/{mini_course.course_key}/instructor/").status_code == 200


def test_uploads_over_the_lms_limit_get_413(mini_course, make_user, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("ann", mini_course))
    token = csrf_client(client)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * settings.STUDENT_FILEUPLOAD_MAX_SIZE, content_type="application/pdf")
    video = key(mini_course, "video", "lesson-1-video")
    response = client.post(handler_url(video, "publish_completion"), {"file": big}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 413


def test_unit_page_requires_login_and_renders_blocks(mini_course, make_user):
    client = Client()
    unit = key(mini_course, "vertical", "lesson-1-unit")
    url = f"/courses/{mini_course.course_key}/jump_to/{unit}/"
    assert client.get(url).status_code == 302
    client.force_login(make_user("ann", mini_course))
    page = client.get(url).content.decode()
    assert 'data-block-type="video"' in page and "京都议定书" in page
    assert 'data-handler-prefix="/courses/course-v1:TestOrg+MINI+T1/xblock/' in page
    assert client.get(f"/courses/{mini_course.course_key}/jump_to/{key(mini_course, 'chapter', 'ch1')}/").status_code == 200


def test_language_defaults_to_chinese_and_english_is_selectable(mini_course, db):
    client = Client()
    assert "登录" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Sign in" in client.get("/login/").content.decode()


def test_devsite_setup_creates_demo_accounts(mini_course, db):
    call_command("devsite_setup")
    client = Client()
    assert client.login(username="learner_ready", password="carbon-demo")
    user = client.session["_auth_user_id"]
    assert user
    call_command("devsite_setup")  # idempotent


def test_block_public_resources_only(mini_course, db):
    client = Client()
    assert client.get("/xblock/resource/video/../settings.py").status_code == 404
    assert client.get("/xblock/resource/video/blocks.py").status_code == 404


def test_user_service_anonymous_ids_follow_the_platform_contract(mini_course, make_user):
    """XBlockDjangoUserService: ``get_anonymous_user_id`` answers staff only (by username or email, course id
    as a string); ``get_user_by_anonymous_id`` answers anyone, the current user's own id when ``uid`` is None."""
    learner = make_user("ann", mini_course)
    staff = make_user("sam", mini_course, role="staff")
    course_id = str(mini_course.course_key)
    mine = LmsRuntime(mini_course, learner)._services["user"]
    staffs = LmsRuntime(mini_course, staff)._services["user"]
    ann_id = mine.get_current_user().opt_attrs["edx-platform.anonymous_user_id"]
    assert mine.get_anonymous_user_id("sam", course_id) is None and mine.get_anonymous_user_id("ann", course_id) is None
    assert staffs.get_anonymous_user_id("ann", course_id) == ann_id
    assert staffs.get_anonymous_user_id(learner.email, course_id) == ann_id
    assert staffs.get_anonymous_user_id("nobody", course_id) is None
    assert staffs.get_user_by_anonymous_id(ann_id) == learner and mine.get_user_by_anonymous_id() == learner
    assert staffs.get_user_by_anonymous_id("0" * 32) is None
