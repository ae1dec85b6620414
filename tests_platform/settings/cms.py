"""The platform tier's CMS (Studio): Teak's own ``cms.envs.test`` with mongomock and SQLite."""
from cms.envs.test import *  # noqa: F401,F403,E402

from tests_platform.settings import mongo  # noqa: F401  (patches pymongo first)
from tests_platform.settings.common import apply  # noqa: E402

apply(globals())
