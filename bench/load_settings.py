"""Settings of the load benchmark's server (bench/load.py): devsite's, plus the bench-only floor probe.

A cheap password hasher (bench accounts only, a throw-away database): sign-ins then measure the LMS, not
PBKDF2's deliberate slowness, which the platform pays once per session anyway.
"""
import os

from courses import EXTRA_BLOCKS

from devsite.settings import *  # noqa: F401,F403

DEVSITE_EXTRA_BLOCKS = EXTRA_BLOCKS
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
# Django's CONN_MAX_AGE (bench/load.py --conn-max-age): 0 is the LMS's own default (lms/envs/common.py), a
# connection per request; a positive value keeps each worker's connection, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_CONN_MAX_AGE", "0"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
