"""What authors are told about an import: categories, type labels, XML positions, one problem per mistake."""
import gettext
from pathlib import Path

import pytest

from carbon_exam.importers import check_against_pool, import_questions
from carbon_exam.olx import PaperSyntaxError, parse_xml
from carbon_exam.paper import Paper, Part, Pool
from carbon_exam.problems import MESSAGES, TYPE_LABELS, XML_REASONS, labelled

CATALOGUE = Path(__file__).resolve().parents[3] / "xblocks/carbon_exam/translations"
ZH = gettext.translation("text", CATALOGUE, languages=["zh_CN"])


def zh(problem) -> str:
    """The message as the Studio shell writes it for a Chinese author."""
    return ZH.gettext(MESSAGES[problem.code]).format(**labelled(problem.params, ZH.gettext))


def pool(kind="single"):
    return Pool(id="p", type=kind, draw=1, points=1)


def test_gift_category_lines_are_named_in_the_preview_as_ignored():
    text = "$CATEGORY: $course$/第一部分/单选题库\n\n::q1:: 甲 {=对 ~错}\n\n$CATEGORY: 其他\n\n::q2:: 乙 {=对 ~错}\n"
    preview = import_questions(text.encode(), "gift")
    assert preview.ok and [item.question.id for item in preview.items] == ["q1", "q2"]
    notices = preview.to_json()["notices"]
    assert [(n["code"], n["line"], n["params"]["category"]) for n in notices] == [
        ("gift-category-ignored", 1, "$course$/第一部分/单选题库"), ("gift-category-ignored", 5, "其他")]
    assert "第一部分" in zh(preview.notices[0]) and "已忽略" in zh(preview.notices[0])


def test_type_mismatch_names_types_by_label_in_both_languages():
    preview = import_questions("::m:: 选 {~%50%甲 ~%50%乙 ~%-100%丙}".encode(), "gift")
    check_against_pool(preview, pool("single"))
    [mismatch] = [e for e in preview.items[0].errors if e.code == "item-type-mismatch"]
    assert mismatch.message == "This is a Multiple choice question but the pool holds Single choice questions."
    assert zh(mismatch) == "这是一道多项选择题，但该题库只收单项选择题。"


@pytest.mark.parametrize("source", ["::t:: 真的吗 {T}", "::n:: 几 {#3}", "::f:: 填 {=甲 =乙}", "::g:: 配对 {=a -> 1 =b -> 2}"])
def test_unsupported_gift_types_are_labelled_never_raw_codes(source):
    [error] = import_questions(source.encode(), "gift").items[0].errors
    assert error.code == "gift-unsupported" and error.params["kind"] in TYPE_LABELS
    chinese = zh(error)
    assert error.params["kind"] not in chinese and ZH.gettext(TYPE_LABELS[error.params["kind"]]) in chinese
    assert ZH.gettext(TYPE_LABELS[error.params["kind"]]) != TYPE_LABELS[error.params["kind"]]  # translated


def test_every_label_and_xml_reason_is_translated():
    for english in [*TYPE_LABELS.values(), *XML_REASONS.values()]:
        assert ZH.gettext(english) != english, english


def error_of(text, **kwargs):
    with pytest.raises(PaperSyntaxError) as caught:
        parse_xml(text, **kwargs)
    [error] = caught.value.errors
    return error


@pytest.mark.parametrize(("fragment", "line", "reason"), [
    ('<part id="p"><pool></part>', 1, "tag-mismatch"),
    ("<part>a & b</part>", 1, "bad-name"),
    ("<part id=p/>", 1, "attribute-quotes"),
    ("\n  <part>&nbsp;</part>", 2, "unknown-entity"),
    ("<part x='1' x='2'/>", 1, "attribute-twice"),
])
def test_xml_errors_name_the_authors_line_and_column_in_their_language(fragment, line, reason):
    error = error_of(fragment, wrapper="paper")
    standalone = error_of(fragment)  # the same text as a document of its own: the author's own columns
    assert (error.code, error.line, error.params["line"], error.params["reason"]) == ("xml-malformed", line, line, reason)
    assert error.params["column"] == standalone.params["column"] > 1
    assert f"第 {line} 行第 {error.params['column']} 列" in zh(error)
    assert ZH.gettext(XML_REASONS[reason]) in zh(error) and "tag" not in zh(error).lower()


def test_a_document_without_wrapper_keeps_the_parsers_columns():
    assert error_of("<a><b></a>").params["column"] == 11
    assert error_of("<a><b></a>", wrapper="paper").params["column"] == 11


def test_missing_aiken_answer_is_reported_once_even_against_a_pool():
    preview = import_questions("第一题\nA. 甲\nB. 乙\n\n第二题\nA. 甲\nB. 乙\nANSWER: A\n".encode(), "aiken")
    paper = Paper(parts=[Part(id="part", pools=[pool()])])
    check_against_pool(preview, paper.parts[0].pools[0], paper)
    assert [[e.code for e in item.errors] for item in preview.items] == [["aiken-unfinished"], []]
