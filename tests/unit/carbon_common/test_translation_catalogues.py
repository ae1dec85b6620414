"""Catalogues ship compiled, up to date, under both Chinese codes the LMS uses (zh-cn and zh-hans)."""
import gettext
from pathlib import Path

import pytest
from django.utils.translation import to_locale

REPO = Path(__file__).resolve().parents[3]
BLOCKS = ("carbon_exam", "hours_gate", "eligibility_form")


def test_compiled_catalogues_are_up_to_date():
    import importlib.util

    spec = importlib.util.spec_from_file_location("compile_translations", REPO / "tools" / "compile_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


@pytest.mark.parametrize("block", BLOCKS)
@pytest.mark.parametrize("language", ["zh-cn", "zh-hans"])
def test_each_lms_chinese_code_finds_the_catalogue(block, language):
    """What the platform's XBlockI18nService does: ``translations/<to_locale(language)>/LC_MESSAGES/text.mo``."""
    directory = REPO / "xblocks" / block / "translations"
    translation = gettext.translation("text", str(directory), [to_locale(language)])
    source = gettext.translation("text", str(directory), ["zh_CN"])
    catalog = {key: value for key, value in source._catalog.items() if key}
    assert len(catalog) > 20
    assert all(translation.gettext(key) == value for key, value in catalog.items() if isinstance(key, str))
