"""The hours gate's pure modules import neither XBlock nor Django (checked in a fresh interpreter)."""
import subprocess
import sys

PURE = ["hours_gate.hours", "hours_gate.hours_import", "hours_gate.config", "hours_gate.messages",
        "hours_gate.verified", "hours_gate.study_view",
        "carbon_common.exports"]


def test_pure_modules_import_neither_xblock_nor_django():
    code = ("import sys, importlib\n"
            f"for name in {PURE!r}: importlib.import_module(name)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'xblock', 'django'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
