"""The suite's one way to translate.

Blocks mix in :class:`I18nMixin` and declare ``@XBlock.needs("i18n")``: ``self.gettext``, ``self.ngettext``
and ``self.pgettext`` go through the runtime's ``i18n`` service (in the LMS ``XBlockI18nService``: the
package's ``translations/<locale>/LC_MESSAGES/text.mo``, or a catalogue pulled by atlas into
``conf/plugins-locale/xblock.v1/<package>``), then fill ``{name}`` placeholders with ``str.format``, the
suite's one placeholder style. Constants at module level are only marked (``_``, ``ngettext_noop``,
``pgettext_noop``) and translated where they are shown. Pure modules may import this module: it imports
neither XBlock nor Django.
"""
from __future__ import annotations

import gettext as _gettext
import re
from functools import lru_cache
from importlib import resources

DOMAIN = "text"  # the domain Open edX looks up in a package's own translations/ dir


def gettext_noop(text: str) -> str:
    """Mark ``text`` for extraction; it is translated where it is shown."""
    return text


_ = gettext_noop


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair; show it with ``ngettext(*pair, count)``."""
    return singular, plural


def pgettext_noop(context: str, text: str) -> str:
    """Mark ``text`` in ``context`` (one English word, two meanings); show it with ``pgettext(context, text)``."""
    return text


def plural_count(count) -> int:
    """The whole number gettext picks a plural form by: ``count`` itself when whole (``3.0``, ``"1"``); a fraction
    (0.5 minutes, 2.5 hours) takes the form of 2, which English, and every language gettext gives one form, read right."""
    try:
        value = float(count)
    except (TypeError, ValueError):  # not a number after all: the plural, never a crash in a message
        return 2
    return int(value) if value.is_integer() else 2


_PLURAL_FORMS = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+)")
GERMANIC_RULE = (2, "n != 1")  # gettext's own rule when a catalogue names none (and the English msgids')


def plural_rule(translations) -> tuple[int, str]:
    """``(nplurals, plural expression)`` from the catalogue's ``Plural-Forms`` header (``info()``); the English
    rule for a translator without one (NullTranslations, Django's fallback: they answer with the msgids)."""
    info = getattr(translations, "info", None)
    header = info().get("plural-forms", "") if callable(info) else ""
    match = _PLURAL_FORMS.search(header)
    return (int(match[1]), match[2].strip()) if match else GERMANIC_RULE


@lru_cache(maxsize=32)
def plural_samples(nplurals: int, expression: str) -> tuple[int, ...]:
    """For each plural form, the smallest count gettext picks it for (gettext's own parser of the expression)."""
    pick = _gettext.c2py(expression)
    samples = {}
    for count in range(1000):
        samples.setdefault(pick(count), count)
    return tuple(samples.get(index, 1) for index in range(nplurals))


def fill(text: str, params: dict) -> str:
    """``text`` with its ``{name}`` placeholders filled (no params: unchanged, braces and all)."""
    return text.format(**params) if params else text


class Translator:
    """``gettext``/``ngettext``/``pgettext`` over a translations object, placeholders filled after translation."""

    def __init__(self, translations):
        self.translations = translations

    def gettext(self, text: str, /, **params) -> str:
        return fill(self.translations.gettext(text), params)

    def ngettext(self, singular: str, plural: str, count, /, **params) -> str:
        """The form for ``count`` (any number: 2.5 hours is plural), ``{count}`` filled with ``count`` as given."""
        translated = self.translations.ngettext(singular, plural, plural_count(count))
        return fill(translated, {"count": count, **params})

    def pgettext(self, context: str, text: str, /, **params) -> str:
        return fill(self.translations.pgettext(context, text), params)

    def plural_forms(self, singular: str, plural: str) -> dict:
        """A count-bearing message for the browser: ``{"forms": [...], "plural": "n != 1"}``, every form of the
        language (translated, placeholders unfilled) and the catalogue's rule; the shared script's
        ``CarbonDom.ngettext(message, n, params)`` picks and fills one (``carbon_dom.js``)."""
        nplurals, expression = plural_rule(self.translations)
        forms = [self.translations.ngettext(singular, plural, count) for count in plural_samples(nplurals, expression)]
        return {"forms": forms, "plural": expression}

    def js_texts(self, table: dict) -> dict:
        """``table``'s marked msgids translated for a block's script: strings by ``gettext``, ``ngettext_noop``
        pairs by :meth:`plural_forms`."""
        return {key: self.plural_forms(*text) if isinstance(text, tuple) else self.translations.gettext(text)
                for key, text in table.items()}


def translator_of(block) -> Translator:
    """``block``'s translator: its runtime ``i18n`` service (none declared or provided: the English msgids)."""
    try:
        service = block.runtime.service(block, "i18n")
    except Exception:  # noqa: BLE001 - XBlock raises NoSuchServiceError when the block declares none
        service = None
    return Translator(service if service is not None else _gettext.NullTranslations())


class I18nMixin:
    """For XBlocks: the translation calls of :class:`Translator`, through the runtime's ``i18n`` service."""

    @property
    def translator(self) -> Translator:
        return translator_of(self)

    def gettext(self, text: str, /, **params) -> str:
        return self.translator.gettext(text, **params)

    def ngettext(self, singular: str, plural: str, count, /, **params) -> str:
        return self.translator.ngettext(singular, plural, count, **params)

    def pgettext(self, context: str, text: str, /, **params) -> str:
        return self.translator.pgettext(context, text, **params)

    def js_texts(self, table: dict) -> dict:
        return self.translator.js_texts(table)

    def gettext_entry(self, table: dict, key: str, /, **params) -> str:
        """``gettext(table[key])``, for tables of marked msgids: a literal key inside ``gettext(...)`` would be
        extracted as a msgid."""
        return self.gettext(table[key], **params)


def translator_for(package: str, language: str) -> Translator:
    """The catalogue the ``i18n`` service would pick for ``language`` (``zh-cn``, ``zh-hans``, ``en``...),
    for text made outside a learner's request: e-mails in the applicant's language, the Chinese review form."""
    from django.utils.translation import to_locale  # Django's own code -> locale mapping (zh-cn -> zh_CN)

    directory = resources.files(package) / "translations"
    return Translator(_gettext.translation(DOMAIN, str(directory), [to_locale(language)], fallback=True))
