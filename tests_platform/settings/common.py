"""What the LMS and CMS tiers set alike over the platform's own test settings."""
import os

from webpack_loader.loader import WebpackLoader


class NoChunksLoader(WebpackLoader):
    """No webpack build exists here; block fragments do not need one."""

    def get_bundle(self, bundle_name):
        return []

    def load_assets(self):
        return {"status": "done", "chunks": {}}


def apply(namespace):
    """Override the platform's test settings held in ``namespace`` (a settings module's globals())."""
    namespace["ALLOWED_HOSTS"] = ["*"]
    namespace["CELERY_ALWAYS_EAGER"] = namespace["CELERY_TASK_ALWAYS_EAGER"] = True
    for config in namespace["WEBPACK_LOADER"].values():
        config["LOADER_CLASS"] = "tests_platform.settings.common.NoChunksLoader"
    store_db = "carbon_platform_tier"
    for store in namespace["MODULESTORE"]["default"]["OPTIONS"]["stores"]:
        if "DOC_STORE_CONFIG" in store:
            store["DOC_STORE_CONFIG"]["db"] = store_db
    namespace["CONTENTSTORE"]["DOC_STORE_CONFIG"]["db"] = store_db + "_content"
    # The platform's migrations do not run on a fresh SQLite (its own pytest runs without them);
    # carbon_common's real migration runs on top of the synced tables.
    namespace["MIGRATION_MODULES"] = _no_migrations_except("carbon_common", namespace["INSTALLED_APPS"])
    namespace["CARBON_XBLOCKS_STORAGE"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("CARBON_PRIVATE_MEDIA", "/tmp/carbon-platform-private")}}
    namespace["LANGUAGE_CODE"] = "zh-cn"


class _DisableMigrations(dict):
    def __init__(self, keep):
        super().__init__()
        self.keep = keep

    def __contains__(self, item):
        return item not in self.keep

    def __getitem__(self, item):
        if item in self.keep:
            raise KeyError(item)
        return None


def _no_migrations_except(keep, installed_apps):
    return _DisableMigrations({keep})
