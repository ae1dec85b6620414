"""Where the local runtime must answer as the real LMS does (checked there by the platform tier)."""
import pytest
from xblock.exceptions import InvalidScopeError

from devsite.lms.runtime import LmsRuntime, StudioRuntime
from tests.integration.helpers import EXAM_COURSE, handler_url

FIXTURE = EXAM_COURSE


def test_lms_handlers_cannot_write_authored_fields(course, exam_key, staff):
    """The LMS wraps content and settings read-only (LmsFieldData); only Studio writes them."""
    block = LmsRuntime(course, staff).get_block(exam_key)
    block.display_name = "改名"
    with pytest.raises(InvalidScopeError):
        block.save()
    studio_block = StudioRuntime(course, staff).get_block(exam_key)
    studio_block.display_name = "改名"
    studio_block.save()
    assert LmsRuntime(course, staff).get_block(exam_key).display_name == "改名"


def test_anonymous_gets_reach_the_block_and_other_methods_do_not(course, exam_key):
    from django.test import Client

    anonymous = Client()
    got = anonymous.get(handler_url(exam_key, "exam_state"))
    assert got.status_code == 403 and got.json()["error"]["code"] == "login_required"  # the block answered
    posted = anonymous.post(handler_url(exam_key, "start_exam"), "{}", content_type="application/json")
    assert posted.status_code == 403 and posted.content == b"Unauthenticated"  # the LMS's own refusal


def test_pointer_tags_to_pure_xblocks_are_not_resolved(tmp_path, course):
    """Teak gives a pure XBlock's parse_xml the bare tag: a course must keep such blocks inline."""
    from devsite.lms.course import Course

    (tmp_path / "course").mkdir()
    (tmp_path / "carbon_exam").mkdir()
    (tmp_path / "course.xml").write_text('<course url_name="r" org="o" course="c"/>')
    (tmp_path / "course" / "r.xml").write_text(
        '<course><chapter url_name="ch"><sequential url_name="s"><vertical url_name="v">'
        '<carbon_exam url_name="x"/></vertical></sequential></chapter></course>')
    (tmp_path / "carbon_exam" / "x.xml").write_text('<carbon_exam display_name="有题的考试"><part id="p"/></carbon_exam>')
    loaded = Course(tmp_path).load()
    key = loaded.course_key.make_usage_key("carbon_exam", "x")
    assert loaded.field(key, "display_name") is None  # the definition file was not read
