"""The Simplified Chinese catalogue of the hours gate: complete, with the same placeholders as the msgids."""
import gettext
import re
from pathlib import Path

from babel.messages.pofile import read_po

import hours_gate
from hours_gate import messages

CATALOGUE = Path(hours_gate.__file__).parent / "translations" / "zh_CN" / "LC_MESSAGES" / "text.po"
PLACEHOLDER = re.compile(r"{\w+}|%\(\w+\)s|%%")  # {name} in Python; %(name)s in the templates' blocktrans


def catalogue():
    """msgid -> msgstr; a plural entry as (singular, plural) -> its one Chinese form."""
    with CATALOGUE.open("rb") as handle:
        return {message.id if isinstance(message.id, str) else tuple(message.id):
                message.string if isinstance(message.string, str) else message.string[0]
                for message in read_po(handle) if message.id}


def test_every_message_is_translated_with_the_same_placeholders():
    entries = catalogue()
    assert len(entries) > 100
    for msgid, msgstr in entries.items():
        assert msgstr, msgid
        english = msgid if isinstance(msgid, str) else msgid[1]
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


def test_message_tables_are_in_the_catalogue():
    entries = catalogue()
    tables = [messages.APPLICATION_STATUS, messages.IMPORT_ERRORS, messages.IMPORT_COLUMNS, messages.CONFIG_ERRORS]
    for table in tables:
        for msgid in table.values():
            assert msgid in entries, msgid


def test_compiled_catalogue_matches_the_source():
    with CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in catalogue().items():
        translated = compiled.gettext(msgid) if isinstance(msgid, str) else compiled.ngettext(*msgid, 2)
        assert translated == msgstr, msgid
