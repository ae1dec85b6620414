"""URLs of the local LMS, shaped like the platform's where blocks depend on them."""
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language

from devsite.lms import tracking, views

COURSE = r"courses/(?P<course_id>course-v1:[^/]+)"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_page, name="login"),
    path("logout/", views.logout_page, name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),  # Django's djangojs catalogue
    path("robots.txt", views.robots),
    path("event", tracking.user_track, name="user_track"),  # the platform's event endpoint (track.views)
    re_path(rf"^{COURSE}/$", views.course_home, name="course_home"),
    re_path(rf"^{COURSE}/jump_to/(?P<usage_id>[^/]+)/$", views.unit_page, name="unit_page"),
    re_path(rf"^{COURSE}/jump_to/(?P<usage_id>[^/]+)$", views.unit_page),  # the LMS's own form: no slash
    re_path(rf"^{COURSE}/xblock/(?P<usage_id>[^/]+)/handler/(?P<handler>[^/]+)/(?P<suffix>.*)$",
            views.xblock_handler, name="xblock_handler"),
    re_path(rf"^{COURSE}/xblock/(?P<usage_id>[^/]+)/handler_noauth/(?P<handler>[^/]+)/(?P<suffix>.*)$",
            views.xblock_handler_noauth, name="xblock_handler_noauth"),
    re_path(rf"^studio/{COURSE}/xblock/(?P<usage_id>[^/]+)/handler/(?P<handler>[^/]+)/(?P<suffix>.*)$",
            views.studio_handler, name="studio_handler"),
    re_path(rf"^studio/{COURSE}/xblock/(?P<usage_id>[^/]+)/$", views.studio_page, name="studio_page"),
    re_path(rf"^studio/{COURSE}/xblock/(?P<usage_id>[^/]+)/author/$", views.studio_page,
            {"view": "author_view"}, name="studio_author_page"),
    re_path(rf"^{COURSE}/instructor/$", views.instructor_dashboard, name="instructor_dashboard"),
    re_path(rf"^{COURSE}/instructor/grade_report.csv$", views.grade_report, name="grade_report"),
    re_path(rf"^{COURSE}/instructor/problem_responses.csv$", views.problem_response_report, name="problem_response_report"),
    re_path(r"^course-static/(?P<course_id>course-v1:[^/]+)/(?P<path>.+)$", views.course_static, name="course_static"),
    # The plugin app's URLs, where the LMS mounts them (CarbonCommonConfig.plugin_app["url_config"]).
    re_path(r"^carbon_xblocks/", include("carbon_common.urls", namespace="carbon_common")),
    re_path(r"^xblock/resource/(?P<block_type>[\w-]+)/(?P<uri>.+)$", views.xblock_resource, name="xblock_resource"),
]
