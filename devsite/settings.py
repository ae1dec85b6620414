"""Settings of the local runtime: a small LMS stand-in serving the course on SQLite."""
import os
import sys
from pathlib import Path

import django

REPO_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DEVSITE_VAR_DIR", REPO_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
# The packed course (`make course-tree`): pure XBlocks inline, as the platform imports it.
COURSE_CONTENT_DIR = Path(os.environ.get("DEVSITE_COURSE_DIR", REPO_DIR / "var" / "course"))

SECRET_KEY = os.environ.get("DEVSITE_SECRET_KEY", "devsite-only-not-a-secret")
DEBUG = os.environ.get("DEVSITE_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "waffle",
    "eventtracking.django.apps.EventTrackingConfig",
    "completion",
    "submissions",
    "carbon_common",
    "devsite.lms.apps.LmsConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "devsite.urls"
WSGI_APPLICATION = "devsite.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [REPO_DIR / "devsite" / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ.get("DEVSITE_DB", str(VAR_DIR / "devsite.sqlite3")),
    "OPTIONS": {"timeout": 20},
    # Tests use a file, not SQLite's shared in-memory database, so that the live server's threads
    # (several handler calls at once from one page) do not hit "database table is locked".
    "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite: every transaction.atomic() block takes the write lock when it starts, so read-modify-write
# sequences (an autosave merging answers, a grade merging into staff grades) run one after another.
DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
# MariaDB (the database Open edX runs on): `CARBON_DB=mariadb`, with the connection from the environment
# (tools/mariadb.sh start prints it). The test tier tests/concurrency/ needs it; any test may run on it.
if os.environ.get("CARBON_DB") == "mariadb":
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": os.environ.get("CARBON_DB_NAME", "carbon_devsite"),
        "USER": os.environ.get("CARBON_DB_USER", "root"),
        "PASSWORD": os.environ.get("CARBON_DB_PASSWORD", ""),
        "HOST": os.environ.get("CARBON_DB_SOCKET") or os.environ.get("CARBON_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("CARBON_DB_PORT", "3306"),
        "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
        "TEST": {"NAME": f"test_carbon_{os.getpid()}", "CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
    }}
AUTH_PASSWORD_VALIDATORS = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
LOGIN_URL = "/login/"

# Languages as the LMS names them; Simplified Chinese first.
LANGUAGE_CODE = "zh-cn"
LANGUAGES = [("zh-cn", "简体中文"), ("en", "English")]
LOCALE_PATHS = [REPO_DIR / "devsite" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
# Mail (the blocks send through Django's send_mail): printed to the console, never sent from the devsite.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "no-reply@carbon-demo.example"

STATIC_URL = "/static/"
# Studio's page globals (devsite/templates/devsite/studio.html): jQuery is Django's own copy, served under a prefix.
STATICFILES_DIRS = [REPO_DIR / "devsite" / "static",
                    ("studio/vendor/jquery", Path(django.__file__).parent / "contrib/admin/static/admin/js/vendor/jquery")]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "media")}},
    "carbon_uploads": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                       "OPTIONS": {"location": str(VAR_DIR / "uploads")}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- What the LMS provides -------------------------------------------------------------------
# No Celery workers here: background tasks (a large results sheet) run in the request.
CARBON_XBLOCKS_TASKS_INLINE = True
# The LMS refuses handler uploads above this size with 413 (lms/djangoapps/courseware/block_render.py).
STUDENT_FILEUPLOAD_MAX_SIZE = 4 * 1000 * 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# edx-completion: the video player's threshold and the tracking switch (turned on by a data migration).
COMPLETION_VIDEO_COMPLETE_PERCENTAGE = 0.95
COMPLETION_BY_VIEWING_DELAY_MS = 5000
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {}  # the plugin's settings hook adds the study ledger's backend (end of this file)
XBLOCK_SETTINGS = {
    "eligibility_form": {},
    "hours_gate": {},
    "carbon_exam": {},
}

# --- The suite's own settings ------------------------------------------------------------------
CARBON_XBLOCKS_STORAGE = "carbon_uploads"
CARBON_XBLOCKS_PLATFORM = "devsite.lms.platform"
CARBON_XBLOCKS_RETIREMENT_SIGNALS = "devsite.lms.retirement"  # stands in for the platform's retirement signals

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DEVSITE_LOG_LEVEL", "WARNING")},
}

# Helpers developing models before the migration is regenerated can set this.
if os.environ.get("CARBON_NO_MIGRATIONS") == "1":
    MIGRATION_MODULES = {"carbon_common": None}
# Test-only block classes by OLX tag (dotted paths), for the local runtime.
DEVSITE_EXTRA_BLOCKS = {}

# The plugin app's settings hook, applied as the platform's plugin framework applies it (plugin_app
# "settings_config"): the study ledger's backend joins EVENT_TRACKING_BACKENDS, so /event reaches it.
from carbon_common.settings.common import plugin_settings  # noqa: E402

plugin_settings(sys.modules[__name__])
