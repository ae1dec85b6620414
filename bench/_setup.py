"""Django setup shared by the in-process benchmarks: devsite with its own throw-away var folder."""
import os
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def devsite(prefix):
    """Put the repo, xblocks/ and bench/ on the path, point devsite at a new temp folder, set Django up.

    Returns that folder (devsite's var folder is ``WORK / "var"``)."""
    sys.path[:0] = [str(REPO), str(REPO / "xblocks"), str(BENCH)]
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    os.environ["DEVSITE_VAR_DIR"] = str(work / "var")
    os.environ["DEVSITE_DEBUG"] = "0"
    import django

    django.setup()
    return work


def prepare_database():
    """devsite's database migrated, the bench-only blocks added, any host allowed, completion tracking on."""
    from courses import EXTRA_BLOCKS
    from django.conf import settings
    from django.core.management import call_command
    from waffle.models import Switch

    settings.DEVSITE_EXTRA_BLOCKS = EXTRA_BLOCKS
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", run_syncdb=True, verbosity=0)
    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})
