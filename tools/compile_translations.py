"""Compile every block's gettext catalogue, and give each Chinese one the language codes the LMS uses.

The LMS asks a block's ``translations/<locale>/LC_MESSAGES/text.mo`` for ``to_locale(get_language())``:
``zh-cn`` -> ``zh_CN`` and ``zh-hans`` -> ``zh_Hans`` (Open edX sites use both). The source catalogue is
``zh_CN``; ``zh_Hans`` gets the same compiled messages. ``--check`` exits 1 when a committed ``.mo`` is stale.

    python tools/compile_translations.py [--check]
"""
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
ALIASES = {"zh_CN": ["zh_Hans"]}


def catalogues():
    """``(po path, [mo paths])`` for every block catalogue and devsite's own."""
    found = []
    for po in sorted(REPO.glob("xblocks/*/translations/*/LC_MESSAGES/text.po")):
        locale_dir = po.parent.parent
        targets = [po.with_suffix(".mo")]
        for alias in ALIASES.get(locale_dir.name, []):
            targets.append(locale_dir.parent / alias / "LC_MESSAGES" / "text.mo")
        found.append((po, targets))
    for po in sorted(REPO.glob("devsite/locale/*/LC_MESSAGES/django.po")):
        found.append((po, [po.with_suffix(".mo")]))
    return found


def compiled(po):
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def messages(mo_bytes):
    """The translations a compiled catalogue holds (its header left out: it carries time-zone dependent dates)."""
    import gettext

    catalog = gettext.GNUTranslations(io.BytesIO(mo_bytes))._catalog
    return {key: value for key, value in catalog.items() if key != ""}


def main(argv=None):
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for po, targets in catalogues():
        data = compiled(po)
        for target in targets:
            if target.exists() and messages(target.read_bytes()) == messages(data):
                continue
            if check:
                stale.append(target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                print(f"wrote {target.relative_to(REPO)}")
    for target in stale:
        print(f"stale: {target.relative_to(REPO)} (run make translations)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
