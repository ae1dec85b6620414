"""The core's messages: every code it emits has an English msgid, translated in the zh_CN catalogue with the
same placeholders, and every code a label in both languages (pgettext, one context per category)."""

import re
from pathlib import Path

import pytest

from carbon_common.i18n import translator_for
from eligibility_form import messages
from eligibility_form.messages import COUNTS, EN, LABELS, TEXTS, ZH, Message, Problem, label, render
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


def test_every_emitted_code_has_a_text():
    assert emitted_codes() - set(TEXTS) == set()


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_every_text_is_translated_with_the_same_placeholders(code):
    template = TEXTS[code]
    chinese = translator_for("eligibility_form", ZH).translations
    forms = template if isinstance(template, tuple) else (template,)
    translated = chinese.ngettext(*forms, 2) if isinstance(template, tuple) else chinese.gettext(template)
    assert translated not in forms, f"{code} has no Chinese"
    for english in forms:
        assert set(re.findall(r"{(\w+)}", translated)) == set(re.findall(r"{(\w+)}", english)), code
    if isinstance(template, tuple):
        assert COUNTS[code] in re.findall(r"{(\w+)}", forms[1])


@pytest.mark.parametrize(
    "category, codes",
    [
        ("education", EDUCATION_CHOICES), ("degree", DEGREE_CHOICES), ("gender", GENDERS), ("id_type", ID_TYPES),
        ("id_hint", ID_TYPES), ("field", FIELDS), ("material", MATERIAL_KINDS),
        ("condition", [str(n) for n in CONDITIONS]),
    ],
)
def test_every_code_has_a_label_in_both_languages(category, codes):
    assert set(codes) <= set(LABELS[category])
    for code in codes:
        assert label(category, code, EN) == LABELS[category][code]
        assert label(category, code, ZH) != LABELS[category][code], (category, code)


def test_the_lms_chinese_codes_all_read_chinese_and_other_languages_english():
    message = Message("education_below", {"min_education": "bachelor", "education": "associate"})
    for language in ("zh-cn", "zh-hans", "zh-Hans"):
        assert render(message, language) == "需要本科及以上学历，您填写的是大专。"
    for language in ("en", "en-us", "fr"):
        assert render(message, language) == "Needs bachelor education or higher; you entered associate (college)."


def test_one_english_word_two_chinese_labels_by_context():
    assert LABELS["education"]["master"] == LABELS["degree"]["master"] == "master"
    assert (label("education", "master", ZH), label("degree", "master", ZH)) == ("硕士研究生", "硕士")
    assert label("degree", "double_bachelor", EN) == "double bachelor"


def test_counts_pick_the_plural_form():
    one = render(Message("work_years_short", {"required": 1, "years": 0.5}), EN)
    three = render(Message("work_years_short", {"required": 3, "years": 2}), EN)
    assert "Needs 1 year or more" in one and "Needs 3 or more years" in three
    assert render(Message("too_long", {"field": "name", "max": 50}), EN) == "name must be at most 50 characters."


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
