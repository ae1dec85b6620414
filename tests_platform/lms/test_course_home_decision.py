"""The course home's word on a learner's application, in the real LMS: the plugin app's
``/carbon_xblocks/courses/<course>/application_status/`` (mounted from ``url_config``), which the learning MFE's
course-outline widget (slot ``org.openedx.frontend.learning.course_outline_tab_notifications.v1``) reads with
the platform's JWT or the session. The learner's own application only, in their ``pref-lang`` and ``time_zone``
preferences; the form's link is the LMS's own ``jump_to``."""
from datetime import datetime

import pytest

from tests_platform.common import Figures, client_for, course_key, make_user, usage

FORM = usage("eligibility_form", "application")
DECIDED = datetime.fromisoformat("2026-06-01T16:30:00+00:00")
EXPECTED = {
    "zh-cn": {"returned": ("您的报名已被退回修改。", "已退回，请补正"), "approved": ("您的报名已审核通过。", "审核通过"),
              "rejected": ("您的报名未通过审核。", "审核未通过"), "number": "报名编号",
              "anonymous": "请先登录再查看您的报名。"},
    "en": {"returned": ("Your application was returned for correction.", "Returned for correction"),
           "approved": ("Your application has been approved.", "Approved"),
           "rejected": ("Your application was not approved.", "Rejected"), "number": "Application number",
           "anonymous": "Sign in to see your application."},
}
OTHER = {"zh-cn": "en", "en": "zh-cn"}


def status_url(course_id=None):
    Figures.requests += 1
    return f"/carbon_xblocks/courses/{course_id or course_key()}/application_status/"


def learner_with(name, status, language, zone="Asia/Shanghai"):
    from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
    from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

    from carbon_common.models import Application

    learner = make_user(name, course_key())
    set_user_preference(learner, LANGUAGE_KEY, language)
    set_user_preference(learner, "time_zone", zone)
    Application.objects.create(
        course_key=str(course_key()), usage_key=str(FORM), user=learner, anonymous_id="", status=status,
        number=f"CRS101-2026-{learner.id:05d}", submitted_at=DECIDED, decided_at=DECIDED,
        decision_reason="" if status == "approved" else "缺少学历证明")
    return learner


@pytest.mark.parametrize("language", ["zh-cn", "en"])
@pytest.mark.parametrize("status", ["returned", "approved", "rejected"])
def test_the_learner_reads_the_decision_in_their_language_and_zone(status, language):
    learner = learner_with(f"home_{status}_{language.replace('-', '_')}", status, language)
    client = client_for(learner)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = OTHER[language]  # only the preference explains the language
    response = client.get(status_url())
    Figures.check(response.status_code == 200 and response["Content-Type"] == "application/json", response.status_code)
    found = response.json()
    title, label = EXPECTED[language][status]
    Figures.check((found["status"], found["shown"], found["title"], found["label"]) == (status, True, title, label), found)
    Figures.check(found["number"] == f"CRS101-2026-{learner.id:05d}" and found["language"] == language, found)
    Figures.check(found["reason"] == ("" if status == "approved" else "缺少学历证明"), found["reason"])
    Figures.check(found["decided_at"] == "2026-06-02T00:30:00+08:00" and found["time_zone"] == "Asia/Shanghai", found)
    Figures.check(found["labels"]["number"] == EXPECTED[language]["number"], found["labels"])
    Figures.check(found["form_url"] == f"http://testserver/courses/{course_key()}/jump_to/{FORM}", found["form_url"])
    from xmodule.modulestore.django import modulestore

    unit = modulestore().get_parent_location(FORM)
    jump = client.get(found["form_url"])  # the LMS's own jump_to: the learning MFE's page of the form's unit
    Figures.check(jump.status_code == 302 and jump["Location"].endswith(f"/{unit}"), (jump.status_code, jump.get("Location")))


def test_the_mfes_jwt_reads_the_same_and_only_for_its_user():
    from openedx.core.djangoapps.oauth_dispatch.jwt import create_jwt_for_user

    owner = learner_with("home_jwt_owner", "approved", "en", zone="UTC")
    other = make_user("home_jwt_other", course_key())
    from django.test import Client

    found = Client().get(status_url(), HTTP_AUTHORIZATION="JWT " + create_jwt_for_user(owner)).json()
    Figures.check(found["status"] == "approved" and found["decided_at"] == "2026-06-01T16:30:00+00:00", found)
    found = Client().get(status_url(), HTTP_AUTHORIZATION="JWT " + create_jwt_for_user(other)).json()
    Figures.check(found["status"] == "none" and found["number"] == "" and not found["shown"], found)
    # As the MFE's HTTP client calls: the JWT in the two cookies, JwtAuthCookieMiddleware joins them on USE-JWT-COOKIE.
    header_payload, signature = create_jwt_for_user(owner).rsplit(".", 1)
    cookies = Client()
    cookies.cookies["edx-jwt-cookie-header-payload"], cookies.cookies["edx-jwt-cookie-signature"] = header_payload, signature
    found = cookies.get(status_url(), HTTP_USE_JWT_COOKIE="true").json()
    Figures.check(found["status"] == "approved" and found["number"] == f"CRS101-2026-{owner.id:05d}", found)
    forged = Client().get(status_url(), HTTP_AUTHORIZATION="JWT " + create_jwt_for_user(owner)[:-4] + "AAAA")
    Figures.check(forged.status_code == 401 and forged.json()["error"]["code"] == "login_required", forged.status_code)


def test_another_learner_cannot_read_it_and_strangers_are_refused():
    learner_with("home_private", "rejected", "zh-cn")
    other = make_user("home_curious", course_key())
    found = client_for(other).get(status_url()).json()
    Figures.check(found["status"] == "none" and found["reason"] == "" and "缺少学历证明" not in str(found), found)

    from django.test import Client

    anonymous = Client().get(status_url())
    Figures.check(anonymous.status_code == 401, anonymous.status_code)
    Figures.check(anonymous.json()["error"] == {"field": "user", "message": EXPECTED["zh-cn"]["anonymous"],
                                               "code": "login_required"}, anonymous.json())
    outsider = make_user("home_outsider", course_key(), enroll=False)
    refused = client_for(outsider).get(status_url())
    Figures.check(refused.status_code == 403 and refused.json()["error"]["code"] == "not_enrolled", refused.content)
    unknown = client_for(other).get(status_url("course-v1:Nobody+None+2026"))
    Figures.check(unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_course", unknown.content)


def test_the_mfe_widget_shows_the_lms_answer(tmp_path):
    """The Tutor plugin's generated env.config.jsx, run in node (tests/mfe_config_run.py), fed this LMS's answer
    at the very URL the widget asks."""
    from urllib.parse import quote

    from tests.mfe_config_run import AVAILABLE, run_generated_config

    if not AVAILABLE:
        pytest.skip("needs node and `make js-deps`")
    learner = learner_with("home_widget", "rejected", "zh-cn")
    path = f"/carbon_xblocks/courses/{quote(str(course_key()), safe='')}/application_status/"
    Figures.requests += 1
    answer = client_for(learner).get(path)
    found = run_generated_config(tmp_path, answer.json(), status=answer.status_code, lms="http://testserver",
                                 course_id=str(course_key()))
    Figures.check(found["asked"] == ["http://testserver" + path], found["asked"])
    Figures.check("您的报名未通过审核。 (审核未通过)" in found["text"] and "审核意见： 缺少学历证明" in found["text"], found["text"])
    Figures.check(found["alert"] == "alert alert-danger mb-3" and found["link"].endswith(f"/jump_to/{FORM}"), found)
