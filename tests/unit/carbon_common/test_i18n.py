"""carbon_common.i18n, the suite's one translation path: the i18n service, {name} placeholders, plural forms,
contexts, and no second path left in the blocks."""
import gettext
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from xblock.core import XBlock
from xblock.fields import ScopeIds
from xblock.test.tools import TestRuntime

from carbon_common.i18n import I18nMixin, Translator, _, ngettext_noop, pgettext_noop, plural_count, translator_for

XBLOCKS = Path(__file__).resolve().parents[3] / "xblocks"


def chinese(package="eligibility_form"):
    """What the LMS's XBlockI18nService loads for zh-cn: the package's translations/zh_CN/LC_MESSAGES/text.mo."""
    return gettext.translation("text", str(resources.files(package) / "translations"), ["zh_CN"])


@XBlock.needs("i18n")
class NeedsI18n(I18nMixin, XBlock):
    """A block that translates through its runtime's i18n service."""


class DeclaresNothing(I18nMixin, XBlock):
    """A block that declares no i18n service."""


def block(cls, service=None):
    runtime = TestRuntime(services={"i18n": service} if service is not None else {})
    return cls(runtime, scope_ids=ScopeIds("user", cls.__name__.lower(), "def", "usage"))


def test_the_mixin_translates_through_the_runtime_service_then_fills_placeholders():
    form = block(NeedsI18n, chinese())
    assert form.gettext("Please upload: {documents}", documents="照片") == "请上传：照片"
    assert form.gettext("Condition {number}", number=3) == "条件3"
    assert form.pgettext("education", "master") == "硕士研究生" and form.pgettext("degree", "master") == "硕士"
    assert form.ngettext("The PDF has more than {max} page. Upload only the pages asked for.",
                         "The PDF has more than {max} pages. Upload only the pages asked for.", 1, max=1) == (
        "PDF 文件超过 1 页，请只上传所要求的页面。")


def test_without_a_catalogue_the_english_msgids_are_shown_with_their_plural_forms():
    english = block(NeedsI18n, gettext.NullTranslations())
    assert english.ngettext("{count} hour", "{count} hours", 1) == "1 hour"
    assert english.ngettext("{count} hour", "{count} hours", Decimal("2.5")) == "2.5 hours"
    assert english.gettext("{name} is {n}") == "{name} is {n}"  # no params: nothing to fill, braces kept
    assert block(DeclaresNothing).gettext("Hello {who}", who="Ann") == "Hello Ann"  # no service: English


@pytest.mark.parametrize("count, form", [(1, 1), (1.0, 1), ("1", 1), (0, 0), (3, 3), (0.5, 2), ("2.5", 2),
                                         (Decimal("1.00"), 1), ("many", 2), (None, 2)])
def test_plural_count_is_whole_for_gettext(count, form):
    assert plural_count(count) == form


def test_markers_return_their_text_unchanged():
    assert _("x") == "x" and pgettext_noop("ctx", "x") == "x" and ngettext_noop("a", "b") == ("a", "b")


@pytest.mark.parametrize("language", ["zh-cn", "zh-hans", "zh-Hans"])
def test_outside_a_request_the_lms_chinese_codes_read_the_same_catalogue(language):
    assert translator_for("hours_gate", language).gettext("Open") == chinese("hours_gate").gettext("Open") != "Open"


def test_english_and_unknown_languages_read_the_msgids():
    for language in ("en", "en-us", "fr"):
        assert translator_for("carbon_exam", language).gettext("Start the exam") == "Start the exam"
    assert isinstance(translator_for("carbon_exam", "en"), Translator)


def test_the_blocks_have_no_second_translation_path():
    """No copy of the marker, no catalogue loaded by hand, no ugettext / self.t: carbon_common.i18n only."""
    second_paths = re.compile(r"^def _\(|gettext\.translation\(|\.ugettext\b|\bself\.t\(|\bblock\.t\(", re.M)
    found = [f"{path.relative_to(XBLOCKS)}: {match.group(0)}"
             for path in sorted(XBLOCKS.rglob("*.py")) if path.name != "i18n.py"
             for match in second_paths.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_a_core_problem_with_a_count_takes_the_plural_form_of_its_language():
    from carbon_exam.problems import problem, render

    one, three = (problem("pool-too-small", pool="p1", draw=n, available=0) for n in (1, 3))
    assert one.message == 'Pool "p1" draws 1 question but holds only 0.'
    assert three.message == 'Pool "p1" draws 3 questions but holds only 0.'
    assert render(three.code, three.params, translator_for("carbon_exam", "zh-cn")) == "题库“p1”要抽取 3 道题，但只有 0 道。"


@pytest.mark.parametrize("package", ["carbon_exam", "eligibility_form", "hours_gate"])
def test_an_atlas_pulled_tree_reads_chinese_as_the_lms_loads_it(package, tmp_path):
    """What Teak does with a pulled tree: ``atlas pull translations/*/<package>/conf/locale:<package>`` into
    ``conf/plugins-locale/xblock.v1``, ``msgfmt --check-format`` each .po (compile_xblock_translations), then
    XBlockI18nService reads the ``django`` domain there for ``to_locale(language)``."""
    import shutil
    import subprocess

    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (Debian's gettext, installed by make system-deps) is missing")
    pulled = tmp_path / "xblock.v1" / package
    shutil.copytree(resources.files(package) / "conf" / "locale", pulled)
    for po in pulled.rglob("*.po"):
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    django_domain = Translator(gettext.translation("django", str(pulled), ["zh_CN"]))
    bundled = translator_for(package, "zh-cn")
    msgid = {"carbon_exam": "Start the exam", "eligibility_form": "Draft saved.", "hours_gate": "Open"}[package]
    assert django_domain.gettext(msgid) == bundled.gettext(msgid) != msgid
    assert (pulled / "en" / "LC_MESSAGES" / "django.po").exists()  # the English source the pipeline collects


def test_count_bearing_texts_for_the_browser_carry_every_form_and_the_catalogues_rule():
    """js_texts: the strings a block's script gets; an ngettext_noop pair becomes {forms, plural} for
    CarbonDom.ngettext (tests/js/carbon_plural.test.js picks forms by these rules)."""
    table = {"title": _("Score"), "points": ngettext_noop("{count} point", "{count} points")}
    english = block(NeedsI18n, gettext.NullTranslations()).js_texts(table)
    assert english == {"title": "Score", "points": {"forms": ["{count} point", "{count} points"], "plural": "n != 1"}}
    chinese_texts = block(NeedsI18n, chinese("carbon_exam")).js_texts(table)
    assert chinese_texts == {"title": "得分", "points": {"forms": ["{count} 分"], "plural": "0"}}


def test_plural_samples_pick_each_form_as_gettext_does():
    from carbon_common.i18n import plural_rule, plural_samples

    assert plural_rule(chinese("carbon_exam")) == (1, "0") and plural_rule(gettext.NullTranslations()) == (2, "n != 1")
    assert plural_samples(2, "n != 1") == (1, 0)
    russian = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
    assert plural_samples(3, russian) == (1, 2, 0)
