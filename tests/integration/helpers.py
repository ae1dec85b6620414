"""Calling XBlock handlers through the local LMS's URLs, as the browser does."""
import json
from urllib.parse import quote

from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret


def handler_url(usage_key, handler, suffix=""):
    return f"/courses/{usage_key.context_key}/xblock/{quote(str(usage_key), safe='')}/handler/{handler}/{suffix}"


def csrf_client(client):
    """Give `client` a CSRF cookie and return the header value the LMS's JS would send."""
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return _mask_cipher_secret(secret)


def post_json(client, usage_key, handler, data, csrf=True):
    headers = {}
    if csrf:
        headers["HTTP_X_CSRFTOKEN"] = csrf_client(client)
    response = client.post(handler_url(usage_key, handler), data=json.dumps(data),
                           content_type="application/json", **headers)
    return response


def body(response):
    return json.loads(response.content.decode("utf-8"))


def download_text(response):
    """The text of a (possibly streamed) CSV download, BOM removed."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")
