"""JSON handler plumbing shared by the blocks: errors as data, in the learner's language."""
import functools
import json

from webob import Response

from carbon_common.i18n import translator_of
from carbon_common.inputs import MESSAGES, InputProblem, check_text, parse_json_object


class ApiError(Exception):
    """A refusal the client can act on: HTTP status, the field concerned and a translated message."""

    def __init__(self, status, field, message, code=None, **extra):
        super().__init__(message)
        self.status = status
        self.field = field
        self.message = message
        self.code = code or field
        self.extra = extra

    def as_dict(self):
        body = {"field": self.field, "message": str(self.message), "code": self.code}
        body.update(self.extra)
        return {"error": body}


def json_response(data, status=200):
    """A JSON webob response (UTF-8, Chinese kept readable). A lone surrogate stored before input was checked
    at the door is written as its JSON escape, so one bad character never turns a response into a 500."""
    return Response(
        json.dumps(data, ensure_ascii=False, default=str).encode("utf-8", "backslashreplace"),
        status=status, content_type="application/json", charset="utf-8",
    )


def error_response(error):
    return json_response(error.as_dict(), status=error.status)


def translate(block, text):
    """``text`` in the user's language through ``block``'s own i18n catalogue (``text`` itself without one)."""
    return translator_of(block).gettext(text)


def _refusal(block, problem):
    return ApiError(400, problem.field, translate(block, problem.message), code=problem.code)


def read_json_body(request, block=None):
    """The request's JSON object, or ApiError(400) naming the body (or the top-level field) as the problem.

    Refused at the door (see ``carbon_common.inputs.parse_json_object``): not UTF-8, not JSON, not an object,
    NaN/Infinity, nesting deeper than 32, lone surrogates. Messages are translated with ``block``'s catalogue.
    """
    try:
        return parse_json_object(request.body)
    except InputProblem as problem:
        raise _refusal(block, problem)


def read_query(request, block=None):
    """The query parameters as a dict (last value wins), every key and value valid Unicode."""
    try:
        items = list(request.GET.items())
    except UnicodeDecodeError:  # a raw webob request with bytes that are not UTF-8
        raise _refusal(block, InputProblem("query", "invalid_text"))
    try:
        for key, value in items:
            check_text(key, "query")
            check_text(value, key)
    except InputProblem as problem:
        raise _refusal(block, problem)
    return dict(items)


def read_form(request, block=None):
    """The multipart form (``request.POST``), every text field (and file name) valid Unicode."""
    try:
        form = request.POST
        for key, value in form.items():
            check_text(key, "form")
            check_text(value, key)
            check_text(getattr(value, "filename", None), key)
    except UnicodeDecodeError:
        raise _refusal(block, InputProblem("form", "invalid_text"))
    except InputProblem as problem:
        raise _refusal(block, problem)
    return form


def json_api(methods=("POST",)):
    """Decorate a block method `(self, data, request)` as an XBlock handler speaking JSON.

    GET handlers receive the query parameters as `data`; POST handlers the JSON body (or the form
    fields of a multipart request). ApiError becomes a 4xx JSON body; a returned webob Response is
    passed through (for downloads); anything else is serialised as JSON.

    The method guard matters: a GET skips the CSRF check, so a POST-only handler must never run on one
    (405). Input is checked at the door (``read_json_body``, ``read_query``, ``read_form``).
    """
    from xblock.core import XBlock

    def decorator(func):
        @XBlock.handler
        @functools.wraps(func)
        def wrapper(self, request, suffix=""):
            try:
                if request.method not in methods:
                    raise ApiError(405, "method", translate(self, MESSAGES["method_not_allowed"]),
                                   code="method_not_allowed")
                if request.method == "GET":
                    data = read_query(request, self)
                elif (request.content_type or "").startswith("multipart/"):
                    data = read_form(request, self)
                else:
                    data = read_json_body(request, self)
                result = func(self, data, request)
            except ApiError as error:
                return error_response(error)
            if isinstance(result, Response):
                return result
            return json_response(result)

        return wrapper

    return decorator
