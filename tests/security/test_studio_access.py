"""Nobody in: every Studio handler of every block requires Studio write access, checked on the server.

In the platform only Studio (the CMS) gives blocks the ``studio_user_permissions`` service; through the
LMS's handler URL the service is absent and these handlers refuse everyone, course staff included.
"""
import pytest

from tests.integration.helpers import body, client_for, post_json
from tests.security.figures import FIGURES
from tests.security.helpers import call, noauth_url, snapshot, url_for

pytestmark = pytest.mark.django_db

RULES_REWRITE = {"values": {"required_hours": "0", "minutes_per_hour": 45, "credits": [], "require_application": False},
                 "defaults": []}  # the body of StudioEditableXBlockMixin's Save
STUDIO_HANDLERS = (  # (block, handler, method, payload)
    ("gate", "submit_studio_edits", "POST", RULES_REWRITE),
    ("form", "submit_studio_edits", "POST", {"values": {"related_majors": "化学\n历史"}, "defaults": []}),
    ("exam", "studio_submit", "POST", {"questions_xml": ""}),
    ("exam", "check_paper", "POST", {}),
    ("exam", "import_questions", "POST", {}),
    ("exam", "export_questions", "GET", {"format": "gift"}),
)


def test_a_learner_cannot_rewrite_the_gate_and_then_start_the_exam(world):
    """The finding: a learner with 0 hours posted the rules away, then started the gated exam."""
    learner = client_for(world.users["learner"])
    before = snapshot(world.course)
    refused = post_json(learner, world.keys["gate"], "submit_studio_edits", RULES_REWRITE)
    assert refused.status_code == 403
    error = body(refused)["error"]
    assert error["field"] == "user" and error["code"] == "author_only"
    assert error["message"] == "只有课程作者可以修改这些设置。"  # in the learner's language
    assert snapshot(world.course) == before
    start = post_json(learner, world.keys["gated_exam"], "start_exam", {})
    assert start.status_code == 403 and body(start)["error"]["field"] == "gate"


def test_anonymous_through_the_noauth_url_cannot_rewrite_the_gate(world):
    from django.test import Client

    client = Client()
    before = snapshot(world.course)
    response = call(client, noauth_url(world.keys["gate"], "submit_studio_edits"), "POST", RULES_REWRITE)
    assert response.status_code == 403 and body(response)["error"]["field"] == "user"
    assert snapshot(world.course) == before


def test_editing_related_majors_cannot_make_a_learner_eligible(world):
    from devsite.lms.runtime import LmsRuntime

    learner = client_for(world.users["learner"])
    payload = {"values": {"related_majors": "历史"}, "defaults": []}
    assert post_json(learner, world.keys["form"], "submit_studio_edits", payload).status_code == 403
    block = LmsRuntime(world.course, world.users["learner"]).get_block(world.keys["form"])
    assert "历史" not in block.related_major_list()


def test_no_one_edits_through_the_lms_handler_url_and_learners_not_in_studio(world):
    """Course staff too: in the LMS authored fields are read-only, the service is absent. In Studio a learner is
    refused by the permission service."""
    from tests.integration.helpers import studio_handler_url

    before = snapshot(world.course)
    for block, handler, method, payload in STUDIO_HANDLERS:
        for actor in ("learner", "staff", "instructor"):
            response = call(world.client(actor), url_for(actor, world.keys[block], handler), method, payload)
            assert response.status_code == 403 and body(response)["error"]["code"] == "author_only", (handler, actor)
        in_studio = call(world.client("learner"), studio_handler_url(world.keys[block], handler), method, payload)
        assert in_studio.status_code == 403 and body(in_studio)["error"]["code"] == "author_only", handler
        FIGURES["refusals_unchanged"] += 4
    assert snapshot(world.course) == before


def test_a_studio_author_saves_through_the_studio_url(world):
    from devsite.lms.runtime import LmsRuntime

    author = client_for(world.users["studio_author"])
    saved = post_json(author, world.keys["gate"], "submit_studio_edits",
                      {"values": {**RULES_REWRITE["values"], "required_hours": "2"}, "defaults": []}, studio=True)
    assert saved.status_code == 200, saved.content
    majors = post_json(author, world.keys["form"], "submit_studio_edits",
                       {"values": {"related_majors": "化学\n历史"}, "defaults": []}, studio=True)
    assert majors.status_code == 200, majors.content
    runtime = LmsRuntime(world.course, world.users["learner"])
    assert runtime.get_block(world.keys["gate"]).required_hours == "2.00"
    assert list(runtime.get_block(world.keys["form"]).related_major_list()) == ["化学", "历史"]


def test_a_bad_studio_edit_is_refused_and_changes_nothing(world):
    author = client_for(world.users["studio_author"])
    before = snapshot(world.course)
    for payload in ({"values": {"related_majors": ["化学"]}, "defaults": []}, {"values": "x"},
                    {"values": {}, "defaults": "display_name"}):
        response = post_json(author, world.keys["form"], "submit_studio_edits", payload, studio=True)
        assert response.status_code == 400 and body(response)["error"]["field"] == "values"
    assert snapshot(world.course) == before


def test_the_studio_page_renders_with_studio_handler_urls_for_authors_only(world):
    from urllib.parse import quote

    url = f"/studio/courses/{world.course.course_key}/xblock/{quote(str(world.keys['gate']), safe='')}/"
    assert client_for(world.users["learner"]).get(url).status_code == 403
    page = client_for(world.users["studio_author"]).get(url)
    assert page.status_code == 200 and b"/studio/courses/" in page.content


class _Permissions:
    def __init__(self, allowed):
        self.allowed = allowed

    def can_write(self, course_key):
        return self.allowed


class _Runtime:
    def __init__(self, services):
        self.services = services

    def service(self, block, name):
        return self.services.get(name)


class _Block:
    def __init__(self, services):
        from opaque_keys.edx.keys import UsageKey
        from xblock.fields import ScopeIds

        self.runtime = _Runtime(services)
        key = UsageKey.from_string("block-v1:O+C+R+type@hours_gate+block@g")
        self.scope_ids = ScopeIds(1, "hours_gate", key, key)


@pytest.mark.parametrize("services,allowed", [({}, False), ({"studio_user_permissions": _Permissions(False)}, False),
                                              ({"studio_user_permissions": _Permissions(True)}, True)])
def test_require_studio_author(services, allowed):
    from carbon_common.api import ApiError
    from carbon_common.identity import require_studio_author

    block = _Block(services)
    if allowed:
        assert require_studio_author(block, "nope") is not None
    else:
        with pytest.raises(ApiError) as refused:
            require_studio_author(block, "nope")
        assert (refused.value.status, refused.value.field, refused.value.message) == (403, "user", "nope")
