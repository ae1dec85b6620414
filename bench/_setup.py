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
