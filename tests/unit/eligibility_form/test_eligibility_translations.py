"""Every learner- and staff-facing string of the block shell has a Simplified Chinese translation."""
import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[3] / "xblocks" / "eligibility_form"
CATALOGUE = PACKAGE / "translations" / "zh_CN" / "LC_MESSAGES"


def msgids_in_sources() -> set[str]:
    found = set()
    for module in ("block.py", "learner_handlers.py", "staff_handlers.py"):
        source = (PACKAGE / module).read_text(encoding="utf-8")
        found.update(re.findall(r'(?:ugettext|\b_)\(\s*"((?:[^"\\]|\\.)*)"', source))
        if module == "block.py":  # its tables of status labels and JavaScript strings
            for table in re.findall(r"\{((?:\s*\"\w+\": \"[^\"]*\",?)+)\s*\}", source):
                found.update(re.findall(r'"\w+": "([^"]*)"', table))
    for template in (PACKAGE / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        found.update(re.findall(r'{% trans "((?:[^"\\]|\\.)*)" %}', text))
        found.update(re.findall(r"{% blocktrans %}(.*?){% endblocktrans %}", text, re.S))
    return found


def test_scan_finds_strings():
    assert {"Submit application", "Only course staff can do this.", "Draft saved."} <= msgids_in_sources()


def test_every_string_is_translated():
    with open(CATALOGUE / "text.po", "rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string}
    assert msgids_in_sources() - translated == set()


def test_compiled_catalogue_matches_the_po():
    with open(CATALOGUE / "text.po", "rb") as po, open(CATALOGUE / "text.mo", "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    assert {(m.id, m.string) for m in source if m.id} == {(m.id, m.string) for m in compiled if m.id}
