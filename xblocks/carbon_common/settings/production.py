"""Production settings hook: the site's YAML may replace ``EVENT_TRACKING_BACKENDS``; add the ledger again."""
from carbon_common.settings.common import plugin_settings  # noqa: F401
