"""Packaging: the LICENSE file is the licence setup.py declares; dev-only tools stay out of the wheel."""
import ast
from pathlib import Path

from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[3]


def setup_call() -> dict:
    """The keyword arguments of setup.py's setup() call that are plain literals or simple expressions."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setup")
    return {keyword.arg: keyword.value for keyword in call.keywords}


def test_license_file_matches_setup_py():
    assert ast.literal_eval(setup_call()["license"]) == "AGPL-3.0-only"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE") and "Version 3, 19 November 2007" in text


def test_dev_only_tools_are_not_packaged():
    packages_call = setup_call()["packages"]
    exclude = ast.literal_eval(next(k.value for k in packages_call.keywords if k.arg == "exclude"))
    names = ["carbon_common", "carbon_exam", "hours_gate", "eligibility_form"]
    found = find_namespace_packages(str(ROOT / "xblocks"), include=[n for p in names for n in (p, p + ".*")],
                                    exclude=exclude)
    assert (ROOT / "xblocks/eligibility_form/tools").is_dir()  # the tool exists in the tree...
    assert not [name for name in found if name.split(".")[-1] == "tools"]  # ...and is not packaged
    assert {"carbon_exam.importers", "eligibility_form.fonts", "carbon_common.migrations"} <= set(found)


def test_changelog_keeps_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and "## [0.1.0] - " in text and "### Added" in text
