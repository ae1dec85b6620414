"""JSON handler plumbing shared by the blocks: errors as data, in the learner's language."""
import functools
import json

from webob import Response


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
    """A JSON webob response (UTF-8, Chinese kept readable)."""
    return Response(
        json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"),
        status=status, content_type="application/json", charset="utf-8",
    )


def error_response(error):
    return json_response(error.as_dict(), status=error.status)


def read_json_body(request):
    """The request's JSON object, or ApiError(400) naming the body as the problem."""
    if not request.body:
        return {}
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "body", "The request body is not valid JSON.", code="invalid_json")
    if not isinstance(data, dict):
        raise ApiError(400, "body", "The request body must be a JSON object.", code="invalid_json")
    return data


def json_api(methods=("POST",)):
    """Decorate a block method `(self, data, request)` as an XBlock handler speaking JSON.

    GET handlers receive the query parameters as `data`; POST handlers the JSON body (or the form
    fields of a multipart request). ApiError becomes a 4xx JSON body; a returned webob Response is
    passed through (for downloads); anything else is serialised as JSON.
    """
    from xblock.core import XBlock

    def decorator(func):
        @XBlock.handler
        @functools.wraps(func)
        def wrapper(self, request, suffix=""):
            try:
                if request.method not in methods:
                    raise ApiError(405, "method", f"Method {request.method} is not allowed.", code="method_not_allowed")
                if request.method == "GET":
                    data = dict(request.GET.items())
                elif (request.content_type or "").startswith("multipart/"):
                    data = request.POST
                else:
                    data = read_json_body(request)
                result = func(self, data, request)
            except ApiError as error:
                return error_response(error)
            if isinstance(result, Response):
                return result
            return json_response(result)

        return wrapper

    return decorator
