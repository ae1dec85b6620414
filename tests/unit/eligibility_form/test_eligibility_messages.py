"""The message catalogue: every code the core emits has a zh-CN and an English text, every code a label."""

import re
from pathlib import Path

import pytest

from eligibility_form import messages
from eligibility_form.messages import EN, LABELS, TEXTS, ZH, Message, Problem, label, language_key, render
from eligibility_form.rules import CONDITIONS, DEGREE_CHOICES, EDUCATION_CHOICES, MATERIAL_KINDS
from eligibility_form.validators import FIELDS, GENDERS, ID_TYPES

PACKAGE = Path(messages.__file__).parent


def emitted_codes() -> set[str]:
    codes = set()
    for module in PACKAGE.glob("*.py"):
        codes.update(re.findall(r'Message\(\s*"([a-z0-9_]+)"', module.read_text(encoding="utf-8")))
    return codes


def test_scan_finds_the_codes():
    assert {"work_years_short", "id_checksum", "photo_background_not_blue", "file_too_large"} <= emitted_codes()


@pytest.mark.parametrize("language", [ZH, EN])
def test_every_emitted_code_has_a_text(language):
    assert emitted_codes() - set(TEXTS[language]) == set()


def test_both_languages_have_the_same_codes_and_placeholders():
    assert set(TEXTS[ZH]) == set(TEXTS[EN])
    for code in TEXTS[ZH]:
        placeholders = [set(re.findall(r"{(\w+)}", TEXTS[lang][code])) for lang in (ZH, EN)]
        assert placeholders[0] == placeholders[1], code


@pytest.mark.parametrize(
    "category, codes",
    [
        ("education", EDUCATION_CHOICES), ("degree", DEGREE_CHOICES), ("gender", GENDERS), ("id_type", ID_TYPES),
        ("id_hint", ID_TYPES), ("field", FIELDS), ("material", MATERIAL_KINDS),
        ("condition", [str(n) for n in CONDITIONS]),
    ],
)
def test_every_code_has_a_label_in_both_languages(category, codes):
    for language in (ZH, EN):
        assert set(codes) <= set(LABELS[language][category]), (language, category)


def test_language_selection():
    assert language_key("zh-cn") == language_key("zh_Hans") == language_key("ZH") == ZH
    assert language_key("en-us") == language_key("fr") == language_key(None) == EN


def test_params_that_hold_codes_are_shown_as_labels():
    message = Message("education_below", {"min_education": "bachelor", "education": "associate"})
    assert render(message, ZH) == "需要本科及以上学历，您填写的是大专。"
    assert render(message, EN) == "Needs bachelor education or higher; you entered associate (college)."
    assert label("degree", "double_bachelor", EN) == "double bachelor"


def test_whole_numbers_show_without_decimals():
    text = render(Message("work_years_short", {"required": 3.0, "years": 2.0}), ZH)
    assert "满 3 年" in text and "填写的是 2 年" in text and ".0" not in text
    assert "填写的是 2.5 年" in render(Message("work_years_short", {"required": 3, "years": 2.5}), ZH)


def test_unknown_code_renders_as_itself_and_problem_needs_a_message():
    assert render(Message("no_such_code")) == "no_such_code"
    with pytest.raises(TypeError):
        Problem()
    assert Problem(Message("a"), Message("b")).code == "a"
    assert Message("x", {"n": 1}).to_dict() == {"code": "x", "params": {"n": 1}}
