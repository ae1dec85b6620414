"""Helpers both platform tiers share: the packed course, its import, users, and the test client."""
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COURSE_KEY_TEXT = "course-v1:CECA+CRS101+2026"
PASSWORD = "carbon-platform-tier"
TROUBLE = "trouble rendering"


class Figures:
    """Counts the tier prints at the end: checks, requests, blocks imported."""

    checks = 0
    requests = 0
    notes: list = []

    @classmethod
    def check(cls, condition, message=""):
        cls.checks += 1
        assert condition, message


def packed_course_dir():
    """``make course``'s archive contents as a folder (the exact OLX Studio imports)."""
    import tarfile

    from course_content.tools import pack

    out = Path(tempfile.mkdtemp(prefix="carbon-pack-"))
    archive = pack.build(out)
    with tarfile.open(archive) as tar:
        tar.extractall(out / "x", filter="data")
    return out / "x", "course"


def import_course(data_dir, folder):
    """Import with the platform's own importer into the split modulestore; returns the course."""
    from xmodule.modulestore import ModuleStoreEnum
    from xmodule.modulestore.django import modulestore
    from xmodule.modulestore.xml_importer import import_course_from_xml

    store = modulestore()
    courses = import_course_from_xml(store, ModuleStoreEnum.UserID.test, str(data_dir), [folder],
                                     create_if_not_present=True, raise_on_failure=True)
    return courses[0]


def enable_completion_tracking():
    from waffle.models import Switch

    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})


def make_user(username, course_key=None, role=None, name=None, enroll=True, is_staff=False):
    """A platform user with a profile name, enrolled, optionally course staff/instructor."""
    from common.djangoapps.student.models import CourseEnrollment, UserProfile
    from common.djangoapps.student.roles import CourseDataResearcherRole, CourseInstructorRole, CourseStaffRole
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD, is_staff=is_staff)
    UserProfile.objects.create(user=user, name=name or f"{username} 全名")
    if course_key is not None and enroll:
        CourseEnrollment.enroll(user, course_key)
    if role == "staff":
        CourseStaffRole(course_key).add_users(user)
    elif role == "instructor":
        CourseInstructorRole(course_key).add_users(user)
        CourseDataResearcherRole(course_key).add_users(user)  # the "Data Download" tab's reports
    return user


def client_for(user):
    from django.test import Client

    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def course_key():
    from opaque_keys.edx.keys import CourseKey

    return CourseKey.from_string(COURSE_KEY_TEXT)


def usage(block_type, block_id):
    return course_key().make_usage_key(block_type, block_id)


#: The packed course's blocks many tests address.
GATE = usage("hours_gate", "exam_gate")
FORM = usage("eligibility_form", "application")
EXAM = usage("carbon_exam", "final_exam")
EXAM_UNIT = usage("vertical", "exam-final-unit")


def handler_url(usage_key, handler, suffix=""):
    """The LMS's authenticated handler URL (what ``runtime.handler_url`` gives a block)."""
    return f"/courses/{usage_key.course_key}/xblock/{usage_key}/handler/{handler}" + (f"/{suffix}" if suffix else "")


def call(client, usage_key, handler, data=None, method="post", **extra):
    """Call a JSON handler through the LMS's URL conf and middleware; returns (status, parsed body)."""
    import json

    Figures.requests += 1
    url = handler_url(usage_key, handler)
    if method == "get":
        response = client.get(url, data or {}, **extra)
    else:
        response = client.post(url, json.dumps(data or {}), content_type="application/json", **extra)
    try:
        body = json.loads(response.content.decode("utf-8"))
    except ValueError:
        body = response.content.decode("utf-8", "replace")
    return response.status_code, body


def render(client, usage_key):
    """The LMS's chromeless ``render_xblock`` page of a block (what the learning MFE's iframe shows)."""
    Figures.requests += 1
    response = client.get(f"/xblock/{usage_key}")
    return response.status_code, response.content.decode("utf-8")


def leaves_under(usage_key):
    """Every leaf block under ``usage_key`` in the modulestore (what a credited lesson holds)."""
    from xmodule.modulestore.django import modulestore

    store = modulestore()
    leaves, stack = [], [store.get_item(usage_key)]
    while stack:
        block = stack.pop()
        if block.has_children:
            stack.extend(store.get_item(child) for child in block.children)
        else:
            leaves.append(block.location)
    return leaves


def items_of(course_key, block_type):
    """Every block of ``block_type`` in the course (the modulestore's default branch)."""
    from xmodule.modulestore.django import modulestore

    return modulestore().get_items(course_key, qualifiers={"category": block_type})


def stored(key, branch="published_only"):
    """The block ``key`` as the modulestore holds it on ``branch`` (``published_only`` or ``draft_preferred``)."""
    from xmodule.modulestore import ModuleStoreEnum
    from xmodule.modulestore.django import modulestore

    store = modulestore()
    with store.branch_setting(getattr(ModuleStoreEnum.Branch, branch), key.course_key):
        return store.get_item(key)


def record_study(user, leaves, clip_seconds=20, since=None):
    """Study ledger evidence of ``leaves`` (usage keys) as the platform's event pipeline would leave it, server
    times spread over the past hours from ``since``: each video played in real time (the player's events through
    ``ledger.record_event``, the call our event-tracking backend makes), each reading followed ten minutes later
    by the learner's next event, each practice check answered. The packed course's clips last 20 seconds."""
    from datetime import timedelta

    from django.utils import timezone

    from carbon_common import ledger

    context = {"user_id": user.id, "course_id": str(course_key()), "session": "a" * 32}
    moment = since or timezone.now() - timedelta(minutes=12 * len(leaves) + 60)
    for leaf in leaves:
        if leaf.block_type == "video":
            data = {"id": leaf.block_id, "code": "html5", "duration": clip_seconds}
            for name, position, at in (("play_video", 0, moment), ("stop_video", clip_seconds,
                                                                   moment + timedelta(seconds=clip_seconds))):
                ledger.record_event({"name": name, "timestamp": at, "context": context,
                                     "data": {**data, "currentTime": position}})
            moment += timedelta(seconds=clip_seconds)
        elif leaf.block_type == "html":
            ledger.record_reading_arrival(user.id, course_key(), leaf, when=moment, session=context["session"])
            moment += timedelta(minutes=10)
        else:
            ledger.record_practice(user.id, course_key(), leaf, answered=True, when=moment)
        moment += timedelta(seconds=30)
    return moment


def edit_and_publish(key, **values):
    """Set (or, for None, clear) fields of a block on the draft branch and publish it, as Studio does."""
    from xmodule.modulestore import ModuleStoreEnum
    from xmodule.modulestore.django import modulestore

    store, user_id = modulestore(), ModuleStoreEnum.UserID.test
    with store.branch_setting(ModuleStoreEnum.Branch.draft_preferred, key.course_key):
        block = store.get_item(key)
        for name, value in values.items():
            if value is None:
                block.fields[name].delete_from(block)
            else:
                setattr(block, name, value)
        store.update_item(block, user_id)
        store.publish(block.location, user_id)
