"""Plugin settings of the carbon_common app (edx-django-utils ``settings_config``)."""
