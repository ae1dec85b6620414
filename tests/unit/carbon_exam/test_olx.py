"""OLX: lossless round trip, syntax errors by element and line, a parser that resolves nothing."""

from decimal import Decimal

import pytest
from lxml import etree

from carbon_exam.olx import PaperSyntaxError, parse_paper, parse_question, parse_xml, safe_xml_parser, write_paper
from carbon_exam.paper import Paper

from .builders import DATA, rich_paper


def export(paper: Paper) -> bytes:
    root = etree.Element("carbon_exam")
    write_paper(paper, root)
    return etree.tostring(root, pretty_print=True, encoding="utf-8")


def errors_of(xml: str):
    with pytest.raises(PaperSyntaxError) as caught:
        parse_paper(parse_xml(xml))
    return caught.value


def test_import_export_import_is_lossless():
    paper = rich_paper()
    again = parse_paper(parse_xml(export(paper)))
    assert again == paper
    assert export(again) == export(paper)


def test_rich_fixture_texts_survive_exactly():
    paper = rich_paper()
    _, _, tricky = paper.find("bt-s-002")
    assert tricky.stem == ('排放量 = 活动数据 × 排放因子；若 A < B && B > C，\n            则（  ）成立？  '
                           '"quoted" and \'single\'')
    assert [o.text for o in tricky.options] == ["A < C 不一定", "前后有空格", "Tab\tinside \u2014 and \xa0nbsp"]
    assert [o.correct for o in tricky.options] == [True, False, False]
    _, _, essay = paper.find("pro-q-001")
    assert essay.reference.count("\n") == 2
    assert [(p.points, p.label, p.keywords) for p in essay.rubric] == [
        (Decimal(20), "活动数据的含义", ["活动数据", "活动水平"]), (Decimal(20), "排放因子", ["排放因子"]),
        (Decimal(10), "", ["44/12", "碳氧化率"])]
    assert paper.parts[1].title == "专业课程 <核算>"


def test_pool_modes_and_defaults():
    pools = {pool.id: pool for _, pool in rich_paper().pools()}
    assert pools["theory-multi"].scoring == "partial"
    assert pools["pro-machine"].grading == "machine"
    assert pools["pro-machine"].points == Decimal("0.5")
    assert pools["theory-single"].scoring == "strict" and pools["theory-single"].grading == "staff"


def test_export_writes_attributes_in_a_stable_order_and_omits_defaults():
    text = export(rich_paper()).decode("utf-8")
    assert '<pool id="theory-multi" type="multiple" draw="2" points="10" scoring="partial">' in text
    assert '<pool id="pro-short" type="short" draw="1" points="50" grading="staff">' in text
    assert '<pool id="pro-single" type="single" draw="1" points="9.5">' in text
    assert 'correct="false"' not in text and '<option id="A" correct="true">44/12</option>' in text
    assert "<source>" in text and "<explanation></explanation>" not in text and "<!--" not in text


def test_parse_takes_total_and_pass_mark_from_the_shell():
    root = parse_xml((DATA / "rich_paper.xml").read_bytes())
    paper = parse_paper(root, total_points=Decimal(50), pass_mark=Decimal(30))
    assert (paper.total_points, paper.pass_mark) == (Decimal(50), Decimal(30))


def test_syntax_errors_name_element_and_line():
    error = errors_of("""<carbon_exam>
  <part id="p">
    <pool id="s" type="single" draw="two" points="1" socring="strict">
      <question id="q">
        <option id="A" correct="yes">x</option>
      </question>
      <question>
        <stem>a <b>bold</b> stem</stem>
        <stem>twice</stem>
      </question>
      <banana/>
    </pool>
  </part>
</carbon_exam>""")
    assert [(line, element) for line, element, _ in error.triples()] == [
        (3, "pool"), (3, "pool"), (4, "question"), (5, "option"), (7, "question"), (8, "b"), (9, "stem"), (11, "banana")]
    messages = [message for _, _, message in error.triples()]
    assert messages[0] == '<pool> has an unknown attribute "socring".'
    assert messages[1] == '<pool> attribute "draw" must be a whole number, not "two".'
    assert messages[2] == "<question> needs a <stem> child."
    assert messages[3] == '<option> attribute "correct" must be true or false, not "yes".'
    assert messages[4] == '<question> needs the attribute "id".'
    assert messages[5] == "<stem> holds plain text only; remove the <b> element inside it."
    assert messages[6] == "<stem> may appear only once inside <question>."
    assert messages[7] == "<banana> is not allowed inside <pool>."
    assert {e.code for e in error.errors} >= {"xml-unknown-attribute", "xml-bad-integer", "xml-missing-element"}


def test_stray_text_and_bad_numbers():
    error = errors_of('<carbon_exam>oops<part id="p"><pool id="s" type="single" draw="1" points="1,5"/></part>'
                      '</carbon_exam>')
    assert [e.code for e in error.errors] == ["xml-stray-text", "xml-bad-number"]
    assert error.errors[0].params["text"] == "oops"


def test_rubric_and_keyword_syntax():
    error = errors_of('<carbon_exam><part id="p"><pool id="e" type="short" draw="1" points="1"><question id="q">'
                      '<stem>s</stem><rubric weight="1"><point><keyword lang="zh">k</keyword></point><bad/></rubric>'
                      '</question></pool></part></carbon_exam>')
    assert sorted(e.code for e in error.errors) == ["xml-missing-attribute", "xml-unknown-attribute",
                                                    "xml-unknown-attribute", "xml-unknown-element"]


def test_missing_required_attributes():
    error = errors_of('<carbon_exam><part><pool/></part></carbon_exam>')
    missing = sorted((e.element, e.params["attribute"]) for e in error.errors)
    assert missing == [("part", "id"), ("pool", "draw"), ("pool", "id"), ("pool", "points"), ("pool", "type")]


def test_malformed_xml_is_a_syntax_error_with_line():
    with pytest.raises(PaperSyntaxError) as caught:
        parse_xml("<carbon_exam>\n<part id='p'>\n</carbon_exam>")
    [found] = caught.value.errors
    assert found.code == "xml-malformed" and found.line == 3


def test_entities_are_not_expanded():
    xml = ('<!DOCTYPE carbon_exam [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY word "expanded">]>'
           '<carbon_exam><part id="p"><pool id="s" type="single" draw="1" points="1"><question id="q">'
           '<stem>&secret; &word;</stem></question></pool></part></carbon_exam>')
    root = parse_xml(xml)
    assert "root:" not in etree.tostring(root, encoding="unicode")
    error = errors_of(xml)
    assert [e.params["child"] for e in error.errors if e.code == "xml-markup-in-text"] == ["&secret;", "&word;"]


def test_safe_parser_settings():
    parser = safe_xml_parser()
    xml = b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x>&amp;</x>'
    assert etree.fromstring(xml, parser).text == "&"


def test_comments_and_processing_instructions_are_ignored():
    paper = parse_paper(parse_xml('<carbon_exam><!-- c --><?pi x?><part id="p"><!-- c --></part></carbon_exam>'))
    assert [part.id for part in paper.parts] == ["p"]


def test_parse_question_for_banks():
    element = parse_xml('<question id="b-1" type="single"><stem>s</stem><option id="A" correct="true">a</option>'
                        '</question>')
    question = parse_question(element, extra_attributes=("type",))
    assert (question.id, question.stem, question.correct_option_ids()) == ("b-1", "s", ["A"])
    with pytest.raises(PaperSyntaxError):
        parse_question(element)


def test_empty_optional_elements_read_as_empty():
    paper = parse_paper(parse_xml('<carbon_exam><part id="p"><pool id="e" type="short" draw="1" points="1">'
                                  '<question id="q"><stem>s</stem><reference/><rubric/><explanation>  </explanation>'
                                  '</question></pool></part></carbon_exam>'))
    question = paper.find("q")[2]
    assert (question.reference, question.rubric, question.explanation) == ("", [], "")
    assert parse_paper(parse_xml(export(paper))) == paper
