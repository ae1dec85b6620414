"""Every learner-, staff- and author-facing string of carbon_exam has a Simplified Chinese translation."""
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from carbon_exam import messages, problems
from carbon_exam.staff_api import DISTRIBUTION_TEXT, STAFF_TEXT

CATALOGUE = Path(messages.__file__).parent / "translations" / "zh_CN" / "LC_MESSAGES"


def entries(catalog):
    """msgid -> msgstr; a plural entry as (singular, plural) -> its one Chinese form."""
    return {m.id if isinstance(m.id, str) else tuple(m.id): m.string if isinstance(m.string, str) else m.string[0]
            for m in catalog if m.id}


def test_every_message_is_translated_in_the_po_and_the_compiled_mo():
    po = entries(read_po(open(CATALOGUE / "text.po", "rb")))
    mo = entries(read_mo(open(CATALOGUE / "text.mo", "rb")))
    wanted = set()
    for texts in (messages.REFUSALS, messages.TEXT, messages.TEMPLATE_TEXT, messages.EDITOR_TEXT, STAFF_TEXT,
                  DISTRIBUTION_TEXT, problems.MESSAGES):
        wanted |= set(texts.values())
    assert sorted(text for text in wanted if not po.get(text)) == []
    assert sorted(text for text in wanted if not mo.get(text)) == []


def test_placeholders_survive_translation():
    import re

    po = entries(read_po(open(CATALOGUE / "text.po", "rb")))
    for text in (*messages.EDITOR_TEXT.values(), *messages.TEXT.values(), *STAFF_TEXT.values()):
        english = " ".join(text) if isinstance(text, tuple) else text  # a plural pair: its two forms
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", po[text])), text


def test_chinese_labels_take_a_full_width_colon():
    import re

    po = entries(read_po(open(CATALOGUE / "text.po", "rb")))
    assert po["{label}: {value}"] == "{label}：{value}"
    # No Chinese text (or placeholder) followed by an ASCII colon; "活动数据|活动水平:2" is file syntax.
    ascii_colon = [text for text in po.values() if re.search(r"([\u4e00-\u9fff）》”]|\})\s*:(\s|$)", text)]
    assert ascii_colon == []
    for texts in (messages.TEXT, messages.EDITOR_TEXT, STAFF_TEXT):
        assert texts["labelled"] == "{label}: {value}"
