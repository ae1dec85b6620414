"""Test-only URLs: the local LMS plus a page rendering a block's ``studio_view`` (Studio is not part of devsite)."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import re_path
from opaque_keys.edx.keys import UsageKey

from devsite.urls import urlpatterns as devsite_urlpatterns

PAGE = """{% extends "devsite/base.html" %}
{% block title %}Studio · {{ title }}{% endblock %}
{% block head %}{{ fragment.head_html|safe }}{% endblock %}
{% block main %}<h1>{{ title }}</h1>{{ fragment.body_html|safe }}{% endblock %}
{% block foot %}{{ fragment.foot_html|safe }}<script>CarbonDevRuntime.initAll(document);</script>{% endblock %}"""


@login_required
def studio_page(request, course_id, usage_id):
    from devsite.lms.course import get_course_by_key
    from devsite.lms.runtime import StudioRuntime

    course = get_course_by_key(course_id)
    runtime = StudioRuntime(course, request.user, request)  # Studio handler URLs, studio_user_permissions
    block = runtime.get_block(UsageKey.from_string(usage_id))
    fragment = runtime.render(block, "studio_view", {})
    html = engines["django"].from_string(PAGE).render({"fragment": fragment, "title": block.display_name}, request)
    return HttpResponse(html)


urlpatterns = [
    re_path(r"^test-studio/(?P<course_id>course-v1:[^/]+)/(?P<usage_id>[^/]+)/$", studio_page),
    *devsite_urlpatterns,
]
