"""The eligibility core imports neither XBlock nor Django (checked in a fresh interpreter)."""

import subprocess
import sys
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[3] / "xblocks"
CORE = ("messages", "rules", "validators", "uploads", "photo", "materials", "review_form")


def test_core_modules_stay_pure():
    script = (
        "import sys\n"
        + "".join(f"import eligibility_form.{name}\n" for name in CORE)
        + "print(sorted({m.split('.')[0] for m in sys.modules} & {'xblock', 'django', 'webob'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=SOURCE_ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
