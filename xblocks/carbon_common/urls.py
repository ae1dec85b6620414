"""The plugin app's URLs, mounted by the LMS through ``CarbonCommonConfig.plugin_app["url_config"]``."""
from django.urls import re_path

from carbon_common import views

app_name = "carbon_common"

urlpatterns = [
    re_path(r"^courses/(?P<course_id>[^/]+)/results_sheet/$", views.results_sheet, name="results_sheet"),
    re_path(r"^courses/(?P<course_id>[^/]+)/application_status/$", views.application_status,
            name="application_status"),
]
