"""Calling handlers as an actor, classifying answers, snapshotting everything a handler could change."""
import json
import os
import re
from urllib.parse import quote, urlencode

from django.conf import settings

from tests.integration.helpers import csrf_client, handler_url, studio_handler_url

SECRETS = (  # what the security course's final exam must never show a learner before the review allows it
    "SECRET-EXPLANATION-S1", "SECRET-REFERENCE", "排放量=活动数据×排放因子", "SECRET-RUBRIC", "活动水平",
)
SECRET_PATTERNS = (  # an answer key or rubric as data (UI labels such as texts["reference"] are strings, not these)
    r'"correct"\s*:\s*true', r"'correct'\s*:\s*True", r'"(rubric|keywords|correct_option_ids)"\s*:\s*[\[{]',
    r'correct="true"', r"data-correct",
)


def noauth_url(usage_key, handler, suffix=""):
    return f"/courses/{usage_key.context_key}/xblock/{quote(str(usage_key), safe='')}/handler_noauth/{handler}/{suffix}"


def url_for(actor, usage_key, handler):
    if actor == "anonymous":
        return noauth_url(usage_key, handler)
    if actor == "studio_author":
        return studio_handler_url(usage_key, handler)
    return handler_url(usage_key, handler)


def call(client, url, method, payload=None, raw=None, content_type="application/json"):
    """One request as the browser sends it (CSRF header on POST). ``raw`` bytes replace the JSON payload."""
    if method == "GET":
        query = urlencode(payload or {})
        return client.get(f"{url}?{query}" if query else url)
    data = raw if raw is not None else json.dumps(payload or {})
    return client.post(url, data=data, content_type=content_type, HTTP_X_CSRFTOKEN=csrf_client(client))


def classify(response):
    """ok (2xx) | denied (403 about who is asking) | state (another 4xx) | server_error."""
    status = response.status_code
    if status < 300:
        return "ok"
    if status >= 500:
        return "server_error"
    if status == 403:
        try:
            error = json.loads(response.content.decode("utf-8"))["error"]
        except (ValueError, KeyError, TypeError):
            error = None
        if error == "login required" or (isinstance(error, dict) and error.get("field") == "user"):
            return "denied"
    return "state"


def error_of(response):
    try:
        return json.loads(response.content.decode("utf-8")).get("error")
    except (ValueError, AttributeError):
        return None


def visible_text(response):
    """The bytes a learner's browser receives, as text (downloads included)."""
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return raw.decode("utf-8", "replace")


def leaked_secrets(text):
    """The answer keys, rubric keywords and reference answers found in ``text`` (as typed, or escaped in JSON)."""
    found = [secret for secret in SECRETS if secret in text or json.dumps(secret)[1:-1] in text]
    return found + [pattern for pattern in SECRET_PATTERNS if re.search(pattern, text)]


def snapshot(course=None):
    """Every row of the suite's tables and the local LMS's learner state, the course's authored values and
    the stored files: equal before and after a refusal, or the refusal changed something."""
    from completion.models import BlockCompletion
    from django.apps import apps

    from devsite.lms.models import FieldValue, Score

    state = {}
    models = list(apps.get_app_config("carbon_common").get_models()) + [FieldValue, Score, BlockCompletion]
    for model in models:
        state[model.__name__] = sorted(repr(row) for row in model.objects.values_list())
    if course is not None:
        state["authored"] = sorted(repr(item) for item in course.values.items())
    location = settings.STORAGES.get("carbon_uploads", {}).get("OPTIONS", {}).get("location")
    files = []
    if location and os.path.isdir(location):
        for root, _dirs, names in os.walk(location):
            files.extend(os.path.join(root, name) for name in names)
    state["files"] = sorted(files)
    return state
