"""Settings the LMS applies for the plugin app (``plugin_app["settings_config"]``): the study ledger's backend."""


def plugin_settings(settings):
    """Append the study ledger's backend to ``EVENT_TRACKING_BACKENDS`` (kept if the site already names it)."""
    from carbon_common.tracking import BACKEND_NAME, ENGINE

    backends = getattr(settings, "EVENT_TRACKING_BACKENDS", None)
    if backends is None:
        backends = settings.EVENT_TRACKING_BACKENDS = {}
    backends.setdefault(BACKEND_NAME, {"ENGINE": ENGINE, "OPTIONS": {}})
