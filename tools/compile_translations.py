"""Extract, check and compile every block's gettext catalogue (Open edX's layout and language codes).

Each block package ``xblocks/<block>`` carries:

- ``conf/locale/en/LC_MESSAGES/django.po``: the English source catalogue (OEP-58). ``--extract`` (``make
  extract_translations``) writes it from the block's Python sources and Django templates plus the shared
  ``carbon_common`` modules the block translates, with Babel (``_``/``gettext_noop``, ``gettext``, ``ngettext``,
  ``pgettext`` and the ``*_noop`` markers of ``carbon_common.i18n``). This is the file the Open edX translation
  pipeline collects into openedx-translations as ``translations/<repo>/<block>/conf/locale``, the path
  ``atlas pull`` (Teak's ``pull_xblock_translations``) fetches into ``conf/plugins-locale/xblock.v1/<block>``.
- ``translations/zh_CN/LC_MESSAGES/text.po``: the Simplified Chinese catalogue (``--extract`` adds new msgids to
  it, untranslated, and drops gone ones), copied to ``conf/locale/zh_CN/LC_MESSAGES/django.po`` (so ``conf/locale``
  is a complete OEP-58 locale tree) and compiled to ``text.mo`` under ``zh_CN`` and ``zh_Hans``: the LMS's
  ``XBlockI18nService`` loads ``translations/<to_locale(get_language())>/LC_MESSAGES/text.mo`` of the block's
  package, ``zh-cn`` -> ``zh_CN``, ``zh-hans`` -> ``zh_Hans``; ``en`` has no catalogue (the msgids are English).

``--check`` exits 1 when the catalogues are out of date: extracted msgids differ from the English source's or
the Chinese catalogue's, a Chinese entry is untranslated, ``msgfmt --check-format`` refuses a catalogue (the
platform compiles pulled catalogues with it), or a committed ``.mo`` is stale.

    python tools/compile_translations.py [--check | --extract [block...]]
"""
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
ALIASES = {"zh_CN": ["zh_Hans"]}
BLOCKS = ("carbon_exam", "eligibility_form", "hours_gate")
KEYWORDS = {**DEFAULT_KEYWORDS, "gettext_noop": None, "ngettext_noop": (1, 2), "pgettext_noop": ((1, "c"), 2)}
# carbon_common's results sheet is translated with the exam's catalogue; its other modules with every block's.
EXAM_ONLY = {"results_sheet.py", "results_data.py", "views.py"}
# The shared Studio Save of the blocks edited with xblock-utils' editor; the exam has its own Studio editor.
NOT_EXAM = {"studio_edits.py"}
# Sentences one package writes for another block to show, in that block's catalogue: the gate's refusal shown
# by the exam it withholds (hours_gate.api translates it with the asking block's i18n service).
SHOWN_BY = {"carbon_exam": ["xblocks/hours_gate/api.py"]}
BRACES = re.compile(r"{\w+}")


def sources(block):
    """The files whose msgids ``block``'s catalogue holds: its package and the shared carbon_common modules."""
    common = REPO / "xblocks" / "carbon_common"
    files = sorted((REPO / "xblocks" / block).rglob("*.py")) + sorted((REPO / "xblocks" / block).glob("templates/*.html"))
    shared = [path for path in sorted(common.rglob("*.py"))
              if path.name not in (NOT_EXAM if block == "carbon_exam" else EXAM_ONLY)]
    extra = [REPO / name for name in SHOWN_BY.get(block, [])]
    return [path for path in files + shared + extra if "migrations" not in path.parts]


def _messages_in(path):
    if path.suffix == ".html":  # Django's own template scanner (what makemessages runs), read as Python
        from django.utils.translation.template import templatize

        lines = templatize(path.read_text(encoding="utf-8")).splitlines()
        code = "\n".join(line.lstrip() for line in lines).encode("utf-8")  # its indentation is the HTML's
    else:
        code = path.read_bytes()
    return extract("python", io.BytesIO(code), keywords=KEYWORDS, comment_tags=("Translators:",))


def extracted(block):
    """The English source catalogue of ``block`` (msgids in source order, brace placeholders flagged)."""
    catalog = Catalog(project="carbon-xblocks", version="0.1.0", charset="utf-8", fuzzy=False)
    for path in sources(block):
        for lineno, message, comments, context in _messages_in(path):
            if not (message if isinstance(message, str) else message[0]):
                continue
            entry = catalog.add(message, None, [(str(path.relative_to(REPO)), lineno)], auto_comments=comments,
                                context=context)
            if BRACES.search(str(message)):  # str.format placeholders; a "% o" in the text is no %-format
                entry.flags.discard("python-format")
                entry.flags.add("python-brace-format")
    return catalog


def source_po(block):
    return REPO / "xblocks" / block / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def chinese_po(block):
    return REPO / "xblocks" / block / "translations" / "zh_CN" / "LC_MESSAGES" / "text.po"


def published_po(block):
    """The Chinese catalogue in the OEP-58 tree too: ``conf/locale`` then holds what a translations repository
    stores as ``translations/<repo>/<block>/conf/locale`` (English source and zh_CN), ready for ``atlas pull``."""
    return REPO / "xblocks" / block / "conf" / "locale" / "zh_CN" / "LC_MESSAGES" / "django.po"


def published(block):
    note = b"# Written by make translations from translations/zh_CN/LC_MESSAGES/text.po: edit that file, not this.\n"
    return note + chinese_po(block).read_bytes()


def keys(catalog):
    """``{(msgctxt, msgid)}`` of a catalogue (plural entries by their singular), obsolete ones left out."""
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def _write(catalog, path):
    """Write ``catalog`` unless only its creation date would change (no churn from re-running the extraction)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, omit_header=False, ignore_obsolete=True)

    def undated(data):
        return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", data)

    if path.exists() and undated(path.read_bytes()) == undated(buffer.getvalue()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def extract_all(blocks=BLOCKS):
    """``make extract_translations``: write each English source catalogue and bring the Chinese one in line."""
    for block in blocks:
        template = extracted(block)
        _write(template, source_po(block))
        with open(chinese_po(block), "rb") as handle:
            chinese = read_po(handle)
        added = keys(template) - keys(chinese)
        removed = keys(chinese) - keys(template)
        chinese.update(template, no_fuzzy_matching=True, update_header_comment=False)
        for message in chinese:  # the format flags as extracted now (Babel keeps stale ones)
            if message.id and template.get(message.id, message.context) is not None:
                message.flags = set(template.get(message.id, message.context).flags) | (message.flags & {"fuzzy"})
        _write(chinese, chinese_po(block))
        print(f"{block}: {len(keys(template))} msgids, {len(added)} new (translate them), {len(removed)} gone")


def problems(block):
    """What is out of date in ``block``'s catalogues (empty when all is well)."""
    found = []
    current = keys(extracted(block))
    for label, path in (("English source", source_po(block)), ("zh_CN", chinese_po(block))):
        if not path.exists():
            found.append(f"{block}: no {path.relative_to(REPO)} (run make extract_translations)")
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        missing, extra = current - keys(catalog), keys(catalog) - current
        if missing or extra:
            found.append(f"{block}: {label} catalogue out of date: {len(missing)} msgids missing "
                         f"{sorted(missing, key=str)[:3]}, {len(extra)} gone {sorted(extra, key=str)[:3]} "
                         "(run make extract_translations)")
        if label == "zh_CN":
            empty = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, (list, tuple)) else [m.string])]
            if empty:
                found.append(f"{block}: {len(empty)} zh_CN msgids untranslated, e.g. {empty[:3]}")
        if shutil.which("msgfmt"):
            result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)],
                                    capture_output=True, text=True)
            if result.returncode:
                found.append(f"{block}: msgfmt --check-format refuses {path.relative_to(REPO)}: {result.stderr.strip()}")
    return found


def catalogues():
    """``(po path, [mo paths])`` for every block catalogue and devsite's own."""
    found = []
    for po in sorted(REPO.glob("xblocks/*/translations/*/LC_MESSAGES/text.po")):
        locale_dir = po.parent.parent
        targets = [po.with_suffix(".mo")]
        for alias in ALIASES.get(locale_dir.name, []):
            targets.append(locale_dir.parent / alias / "LC_MESSAGES" / "text.mo")
        found.append((po, targets))
    for po in sorted(REPO.glob("devsite/locale/*/LC_MESSAGES/*.po")):
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
    argv = argv if argv is not None else sys.argv[1:]
    if "--extract" in argv:
        extract_all([name for name in argv if name in BLOCKS] or BLOCKS)
        argv = []
    check = "--check" in argv
    stale = []
    if check:
        for block in BLOCKS:
            for problem in problems(block):
                print(problem, file=sys.stderr)
                stale.append(problem)

    def put(target, data, current):
        """Write `data` to `target` unless it is `current` already; with --check, count it stale instead."""
        if current:
            return
        if check:
            stale.append(target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target.relative_to(REPO)}")

    for po, targets in catalogues():
        data = compiled(po)
        for target in targets:
            put(target, data, target.exists() and messages(target.read_bytes()) == messages(data))
    for block in BLOCKS:
        target, data = published_po(block), published(block)
        put(target, data, target.exists() and target.read_bytes() == data)
    for target in stale:
        if isinstance(target, Path):
            print(f"stale: {target.relative_to(REPO)} (run make translations)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
