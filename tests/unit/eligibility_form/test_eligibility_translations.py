"""Every learner- and staff-facing string of the block shell has a Simplified Chinese translation."""
import importlib.util
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[3]
PACKAGE = REPO / "xblocks" / "eligibility_form"
CATALOGUE = PACKAGE / "translations" / "zh_CN" / "LC_MESSAGES"


def msgids_in_sources() -> set[str]:
    """What ``make extract_translations`` extracts (Babel over the Python sources, Django's template scanner)."""
    spec = importlib.util.spec_from_file_location("compile_translations", REPO / "tools" / "compile_translations.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return {msgid for _context, msgid in tool.keys(tool.extracted("eligibility_form"))}


def test_scan_finds_strings():
    assert {"Submit application", "Only course staff can do this.", "Draft saved.", "Approved",
            "Application started", "You meet eligibility condition {condition}."} <= msgids_in_sources()


def test_every_string_is_translated():
    with open(CATALOGUE / "text.po", "rb") as handle:
        catalog = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    assert msgids_in_sources() - translated == set()


def test_compiled_catalogue_matches_the_po():
    with open(CATALOGUE / "text.po", "rb") as po, open(CATALOGUE / "text.mo", "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)

    def pairs(catalog):  # plural entries hold tuples (msgid, msgid_plural) and lists of msgstr
        def flat(value):
            return tuple(value) if isinstance(value, (list, tuple)) else value

        def context(value):  # Babel's .mo reader keeps msgctxt as bytes
            return value.decode() if isinstance(value, bytes) else value

        return {(context(m.context), flat(m.id), flat(m.string)) for m in catalog if m.id}

    assert pairs(source) == pairs(compiled)
