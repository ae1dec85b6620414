"""Calling XBlock handlers through the local LMS's URLs, as the browser does."""
import json
from urllib.parse import quote

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client

from tests.conftest import FIXTURES

EXAM_COURSE = FIXTURES / "carbon_exam_course"


def handler_url(usage_key, handler, suffix=""):
    return f"/courses/{usage_key.context_key}/xblock/{quote(str(usage_key), safe='')}/handler/{handler}/{suffix}"


def studio_handler_url(usage_key, handler, suffix=""):
    """The handler URL of devsite's Studio (only there do blocks get `studio_user_permissions`)."""
    return f"/studio/courses/{usage_key.context_key}/xblock/{quote(str(usage_key), safe='')}/handler/{handler}/{suffix}"


def csrf_client(client):
    """Give `client` a CSRF cookie and return the header value the LMS's JS would send."""
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return _mask_cipher_secret(secret)


def post_json(client, usage_key, handler, data, csrf=True, studio=False):
    """POST `data` as JSON to a handler, through the LMS's handler URL or (``studio=True``) Studio's."""
    headers = {}
    if csrf:
        headers["HTTP_X_CSRFTOKEN"] = csrf_client(client)
    url = (studio_handler_url if studio else handler_url)(usage_key, handler)
    response = client.post(url, data=json.dumps(data),
                           content_type="application/json", **headers)
    return response


def body(response):
    return json.loads(response.content.decode("utf-8"))


def download_text(response):
    """The text of a (possibly streamed) CSV download, BOM removed."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


def client_for(user, enforce_csrf_checks=False):
    """A test client logged in as `user`."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    return client


def csrf_checked_client_for(user):
    """A test client logged in as `user` that, like the LMS, refuses POSTs without the CSRF header."""
    return client_for(user, enforce_csrf_checks=True)


def usage_key(course, block_type, block_id):
    return course.course_key.make_usage_key(block_type, block_id)


def block_of(course, user, key):
    """The block at `key` as `user` gets it from the local LMS's runtime."""
    from devsite.lms.runtime import LmsRuntime

    return LmsRuntime(course, user).get_block(key)


# The exam's learner steps and the gate's exam page, shared by the exam and gate test modules.

def start(client, key, **data):
    """Start an attempt (asserting it starts) and return the state."""
    response = post_json(client, key, "start_exam", data)
    assert response.status_code == 200, response.content
    return body(response)


def correct_answers(state):
    """The fixture exam's correct answers (a full answer for short questions) for the drawn paper."""
    answers = {}
    for part in state["attempt"]["paper"]["parts"]:
        for question in part["questions"]:
            answers[question["id"]] = {"s1": ["B"], "s2": ["A"], "s3": ["B"], "m1": ["A", "B"]}.get(
                question["id"], "排放量等于活动数据乘以排放因子")
    return answers


def exam_page(client, course):
    """The HTML of the gate course's exam unit as ``client`` sees it."""
    response = client.get(f"/courses/{course.course_key}/jump_to/{usage_key(course, 'vertical', 'exam-unit')}/")
    assert response.status_code == 200
    return response.content.decode()


def in_english(client):
    """What POST /i18n/setlang/ language=en leaves behind: the language cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
