"""The gate's Studio editor: XBlock's ``StudioEditableXBlockMixin`` form, its ``submit_studio_edits`` handler behind
the Studio author check, ``validate_field_data`` (the rules of ``hours_gate.config``) and the credits table."""
import pytest

from devsite.lms.runtime import LmsRuntime
from tests.integration.helpers import body, post_json
from tests.integration.helpers import csrf_checked_client_for as client_for
from tests.integration.helpers import usage_key as key

pytestmark = pytest.mark.django_db

SETTINGS = ("display_name", "required_hours", "minutes_per_hour", "hours_mode", "reading_minutes",
            "fallback_video_seconds", "credit_all_videos", "require_application", "application_url_name", "credits")


def edits(defaults=(), **values):
    """The body the mixin's Save posts: the fields an author changed, and those to reset to their defaults."""
    return {"values": values, "defaults": list(defaults)}


def gate_of(course, user):
    """The gate as stored, read afresh."""
    return LmsRuntime(course, user).get_block(key(course, "hours_gate", "exam_gate"))


def settings_of(block):
    return {name: getattr(block, name) for name in SETTINGS}


@pytest.fixture
def ann(gate_course, make_user):
    return make_user("ann", gate_course)


@pytest.fixture
def author(gate_course, make_user):
    return client_for(make_user("sam", gate_course, role="staff"))


def save(author, course, payload):
    return post_json(author, key(course, "hours_gate", "exam_gate"), "submit_studio_edits", payload, studio=True)


def test_studio_edits_validate_and_flag_missing_references(gate_course, ann, make_user, author):
    before = settings_of(gate_of(gate_course, ann))
    bad = save(author, gate_course, edits(required_hours="-1", minutes_per_hour=45, credits=[]))
    assert bad.status_code == 400
    error = body(bad)["error"]
    assert (error["field"], error["code"]) == ("required_hours", "required_invalid")
    assert error["message"] == "要求学时须为 0 到 10000 之间的数字，最多两位小数。"  # the author's language, the field named
    assert error["messages"] == [{"type": "error", "text": error["message"], "field": "required_hours",
                                  "code": "required_invalid"}]  # what the mixin's editor shows
    assert settings_of(gate_of(gate_course, ann)) == before
    response = save(author, gate_course, edits(
        display_name="  考试资格 ", required_hours="10", minutes_per_hour=50, credits=[
            {"block_type": "sequential", "url_name": "lesson-1", "hours": "2"},
            {"block_type": "sequential", "url_name": "no-such-lesson", "hours": "2.5"},
        ]))
    assert response.status_code == 200, response.content
    saved = body(response)
    assert saved["result"] == "success"
    assert len(saved["warnings"]) == 1 and "no-such-lesson" in saved["warnings"][0]
    block = gate_of(gate_course, ann)
    assert (block.display_name, block.required_hours, block.minutes_per_hour) == ("考试资格", "10.00", 50)
    assert block.credits == [{"block_type": "sequential", "url_name": "lesson-1", "hours": "2.00"},
                             {"block_type": "sequential", "url_name": "no-such-lesson", "hours": "2.50"}]
    author_html = LmsRuntime(gate_course, make_user("amy", gate_course)).render(block, "author_view", {}).body_html()
    assert "sequential/no-such-lesson" in author_html and "结业考试（测试）" in author_html


def test_every_problem_is_reported_and_nothing_is_saved(gate_course, ann, make_user, author):
    before = settings_of(gate_of(gate_course, ann))
    bad = save(author, gate_course, edits(required_hours="x", minutes_per_hour=0, hours_mode="verified",
                                          application_url_name="no/such name", credits=[
                                              {"block_type": "sequential", "url_name": "lesson-1", "hours": "abc"}]))
    assert bad.status_code == 400
    error = body(bad)["error"]
    assert [(m["field"], m["code"]) for m in error["messages"]] == [
        ("required_hours", "required_invalid"), ("minutes_per_hour", "minutes_invalid"), ("hours", "hours_invalid"),
        ("application_url_name", "application_name_invalid")]
    assert error["field"] == "required_hours"
    assert "第 1 项：学时须为 0 到 1000 之间的数字" in error["message"] and "每学时分钟数" in error["message"]
    assert settings_of(gate_of(gate_course, ann)) == before


@pytest.mark.parametrize("field,value,code", [
    ("minutes_per_hour", "abc", "minutes_invalid"), ("minutes_per_hour", 1.5, "minutes_invalid"),
    ("minutes_per_hour", True, "minutes_invalid"), ("reading_minutes", [], "reading_minutes_invalid"),
    ("fallback_video_seconds", {"s": 1}, "video_seconds_invalid"), ("required_hours", True, "required_invalid"),
    ("credits", True, "credits_invalid"), ("credits", {"block_type": "video"}, "credits_invalid"),
    ("require_application", "yes", "flag_invalid"), ("display_name", ["考试"], "text_invalid"),
    ("hours_mode", 1, "mode_invalid"),
])
def test_a_value_of_the_wrong_kind_is_refused_naming_its_field(gate_course, ann, make_user, author, field, value, code):
    before = settings_of(gate_of(gate_course, ann))
    bad = save(author, gate_course, edits(**{field: value}))
    assert bad.status_code == 400, bad.content
    error = body(bad)["error"]
    assert (error["field"], error["code"]) == (field, code) and error["message"]
    assert settings_of(gate_of(gate_course, ann)) == before


def test_a_flag_refusal_names_the_setting_in_the_authors_language(gate_course, author):
    error = body(save(author, gate_course, edits(credit_all_videos="on")))["error"]
    assert error["message"] == "“按时长为所有视频计学时”必须为开或关。"


def test_mode_reading_time_and_defaults(gate_course, ann, make_user, author):
    response = save(author, gate_course, edits(hours_mode=" verified ", reading_minutes="15",
                                               fallback_video_seconds=30, credit_all_videos=True))
    assert response.status_code == 200, response.content
    block = gate_of(gate_course, ann)
    assert (block.hours_mode, block.reading_minutes, block.fallback_video_seconds, block.credit_all_videos) == \
        ("verified", 15, 30, True)
    reset = save(author, gate_course, edits(defaults=["hours_mode", "reading_minutes", "credit_all_videos"]))
    assert reset.status_code == 200, reset.content
    block = gate_of(gate_course, ann)
    assert (block.hours_mode, block.reading_minutes, block.credit_all_videos) == ("completion", 10, False)
    assert block.fallback_video_seconds == 30 and block.required_hours == "3.5"  # untouched


def test_a_blank_display_name_keeps_the_current_one(gate_course, ann, make_user, author):
    assert save(author, gate_course, edits(display_name="   ", minutes_per_hour="50")).status_code == 200
    block = gate_of(gate_course, ann)
    assert (block.display_name, block.minutes_per_hour) == ("考试资格", 50)


def test_a_malformed_body_is_refused(gate_course, ann, make_user, author):
    before = settings_of(gate_of(gate_course, ann))
    for payload in ({"values": "x"}, {"values": {}, "defaults": "minutes_per_hour"}, {"values": {}, "defaults": [1]}):
        bad = save(author, gate_course, payload)
        assert bad.status_code == 400 and body(bad)["error"]["field"] == "values", payload
    assert settings_of(gate_of(gate_course, ann)) == before


def test_studio_view_is_the_mixins_form_with_the_credits_table(gate_course, make_user):
    runtime = LmsRuntime(gate_course, make_user("sam", gate_course, role="staff"))
    block = runtime.get_block(key(gate_course, "hours_gate", "exam_gate"))
    fragment = runtime.render(block, "studio_view", {})
    html = fragment.body_html()
    for name in SETTINGS:
        assert f'data-field-name="{name}"' in html, name
    assert "要求学时" in html and "每学时分钟数" in html  # labels in the author's language
    assert "学员所需的培训学时" in html  # help under the field
    assert "完成记录" in html and 'value="verified"' in html  # hours_mode's choices, translated
    assert "lesson-2-video" in html and 'id="xb-field-edit-credits"' in html  # the credits, for the table
    assert "save-button" in html and "hg-studio" in html and "hg-problems" not in html
    assert 'data-init="HoursGateStudioInit"' in html  # which first runs the mixin's StudioEditableXBlockMixin
    scripts = fragment.foot_html() + fragment.head_html()
    assert "function StudioEditableXBlockMixin" in scripts and "hours_gate_studio.js" in scripts


def test_studio_view_flags_references_not_in_the_course(gate_course, make_user):
    gate = key(gate_course, "hours_gate", "exam_gate")
    gate_course.values[("content", str(gate), "credits")] = [
        {"block_type": "sequential", "url_name": "gone", "hours": "1"}]
    runtime = LmsRuntime(gate_course, make_user("sam", gate_course, role="staff"))
    html = runtime.render(runtime.get_block(gate), "studio_view", {}).body_html()
    assert "hg-problems" in html and "sequential/gone" in html


def test_validate_reports_stored_settings_that_break_the_rules(gate_course, ann):
    """Studio shows ``validate()`` on the container page: the same rules, over the stored values."""
    assert gate_of(gate_course, ann).validate().empty
    gate = key(gate_course, "hours_gate", "exam_gate")
    gate_course.values[("settings", str(gate), "minutes_per_hour")] = 0
    gate_course.values[("settings", str(gate), "require_application")] = True
    messages = gate_of(gate_course, ann).validate().messages
    assert [(m.field, m.code) for m in messages] == [("minutes_per_hour", "minutes_invalid")]
