"""Question imports (GIFT, Aiken, CSV/XLSX template) with malformed input, and exports round trip."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from carbon_exam.importers import (
    BankEntry,
    check_against_pool,
    entries_of_paper,
    entries_of_pool,
    export_questions,
    import_questions,
)
from carbon_exam.importers.rubric_spec import format_rubric_spec, parse_rubric_spec
from carbon_exam.paper import RubricPoint

from .builders import DATA, choice, pool, rich_paper, short

D = Decimal


def summary(item):
    question = item.question
    options = "".join(o.id + ("*" if o.correct else "") for o in question.options) if question else None
    return item.line, item.type, question.id if question else None, options, [e.code for e in item.errors]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# GIFT ----------------------------------------------------------------------------------------------

def test_gift_supported_types():
    preview = import_questions((DATA / "sample.gift").read_bytes(), "gift")
    assert preview.errors == []
    got = [summary(item) for item in preview.items]
    assert got[:4] == [
        (4, "single", "bt-s-001", "AB*C", []),
        (12, "multiple", "m-1", "A*B*C", []),
        (18, "single", got[2][2], "AB*C", []),
        (20, "short", got[3][2], "", []),
    ]
    first, multi, missing_word, essay = (item.question for item in preview.items[:4])
    assert first.explanation == "上海环境能源交易所: 交易；湖北: 登记。"
    assert [o.text for o in first.options] == ["2020年", "2021年7月16日", "2024年"]
    assert multi.stem == "下列属于温室气体的是 & 哪些？"
    assert missing_word.stem == "Grant is _____ in Grant's tomb."
    assert (essay.stem, essay.rubric) == ("简述排放量计算方法。", [])
    assert got[2][2].startswith("q-") and got[3][2] != got[2][2]


def test_gift_unsupported_and_malformed_items_are_row_errors():
    preview = import_questions((DATA / "sample.gift").read_bytes(), "gift")
    bad = [(item.line, item.errors[0].code, item.errors[0].params.get("kind")) for item in preview.items[4:9]]
    assert bad == [(22, "gift-unsupported", "true-false"), (24, "gift-unsupported", "numerical"),
                   (26, "gift-unsupported", "matching"), (28, "gift-unsupported", "fill-in"),
                   (30, "gift-unsupported", "description")]
    assert [summary(item)[4] for item in preview.items[9:11]] == [["gift-braces"], ["gift-unsupported"]]
    assert all(item.question is None for item in preview.items[4:11])


def test_gift_escapes_and_line_breaks():
    preview = import_questions((DATA / "sample.gift").read_bytes(), "gift")
    item = preview.items[11]
    assert item.question.stem == "a {b} = c ~ d # e \\ f\nnew line"
    assert item.ok


@pytest.mark.parametrize("text, codes", [
    ("::x:: Pick {=a ~%50%b ~c}", ["gift-partial-single"]),
    ("::x:: Pick {=a =b ~c}", ["single-correct-count"]),
    ("::x:: Pick {~%100%a ~b}", ["multiple-too-few-correct"]),
    ("::x:: Pick {~%50%a ~%50%b}", ["multiple-no-wrong"]),
    ("::x:: Pick {~only}", ["gift-too-few-answers"]),
    ("::x:: {=a ~b}", ["empty-stem"]),
    ("::x:: Pick {=a ~}", ["empty-option"]),
    ("// @points: lots\n::x:: Essay {}", ["gift-bad-extension"]),
    ("// @rubric: 没有分值\n::x:: Essay {}", ["gift-bad-extension"]),
    ("::x:: a } b {", ["gift-braces"]),
    ("::x:: a {=b} {=c}", ["gift-braces"]),
])
def test_gift_malformed_questions(text, codes):
    [item] = import_questions(text.encode(), "gift").items
    assert [error.code for error in item.errors] == codes
    assert all(error.line == item.line for error in item.errors)


def test_gift_reads_html_and_ignores_answer_feedback():
    preview = import_questions(b"[html]<p>A &lt; B<br>next</p>{=<b>yes</b>#good ~no#bad####<i>why</i>}", "gift")
    question = preview.items[0].question
    assert (question.stem, question.options[0].text, question.explanation) == ("A < B\nnext", "yes", "why")


def test_gift_empty_or_comment_only_file():
    for text in (b"", b"// nothing here\n\n$CATEGORY: x\n"):
        preview = import_questions(text, "gift")
        assert preview.items == [] and [e.code for e in preview.errors] == ["import-empty"]


def test_gift_round_trip_is_lossless():
    paper = rich_paper()
    entries = entries_of_paper(paper)
    data, problems = export_questions(entries, "gift")
    assert problems == []
    preview = import_questions(data, "gift")
    assert preview.ok, [e.message for item in preview.items for e in item.errors]
    assert [(e.type, e.question, e.points) for e in preview.entries()] == [(e.type, e.question, e.points)
                                                                          for e in entries]


def test_gift_export_is_moodle_shaped():
    text = export_questions(entries_of_pool(rich_paper().parts[0].pools[1]), "gift")[0].decode()
    assert "::bt-m-001::《碳排放权交易管理暂行条例》覆盖的温室气体包括（ ）。{\n\t~%33.33333%CO2\n" in text
    assert "\t~%-100%O3\n" in text
    assert "// [id:bt-m-002]\n// @points: 10\n" in text


# Aiken ---------------------------------------------------------------------------------------------

def test_aiken_reads_questions():
    text = "碳市场何时开市？\nA. 2020年\nB) 2021年\nC．2024年\nANSWER: B\n\nSecond\nline of stem\nA) x\nB) y\nANSWER：A\n"
    preview = import_questions(text.encode("gb18030"), "aiken")
    assert [summary(item)[1:] for item in preview.items] == [
        ("single", preview.items[0].question.id, "AB*C", []), ("single", preview.items[1].question.id, "A*B", [])]
    assert preview.items[1].question.stem == "Second\nline of stem"
    assert preview.items[1].line == 7


def test_aiken_malformed():
    text = "\n".join([
        "A. orphan option", "B. another", "ANSWER: A",                       # 1-3: no question
        "Too few", "A. only", "ANSWER: A",                                  # 4-6
        "Bad answer", "A. x", "B. y", "ANSWER: AB",                         # 7-10
        "Unfinished", "A. x", "B. y",                                        # 11-13
        "Next starts", "A. x", "A. again", "ANSWER: Z",                      # 14-17
        "Never answered",                                                    # 18
    ])
    got = [(item.line, [e.code for e in item.errors]) for item in import_questions(text.encode(), "aiken").items]
    assert got == [
        (1, ["aiken-no-question"]), (4, ["aiken-too-few-options"]), (7, ["aiken-bad-answer"]),
        (11, ["aiken-unfinished"]), (14, ["aiken-duplicate-option", "aiken-bad-answer"]),
        (18, ["aiken-too-few-options", "aiken-unfinished"]),
    ]


def test_aiken_round_trip_for_single_choice():
    paper = rich_paper()
    entries = [e for e in entries_of_paper(paper) if e.type == "single" and "\n" not in e.question.stem]
    data, problems = export_questions(entries_of_paper(paper), "aiken")
    assert sorted(p.question for p in problems) == ["bt-m-001", "bt-m-002", "pro-q-001", "pro-q-002"]
    preview = import_questions(data, "aiken")
    assert preview.ok
    got = [(q.stem, [(o.text, o.correct) for o in q.options]) for q in (e.question for e in preview.entries())]
    want = [(q.stem, [(o.text, o.correct) for o in q.options]) for q in (e.question for e in entries)]
    assert got[0] == want[0] and got[2:] == want[1:]
    assert got[1][0] == " ".join(paper.find("bt-s-002")[2].stem.split())  # Aiken stems are one line


# Table template ------------------------------------------------------------------------------------

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "分值", "解析", "来源", "关键词"]


def test_table_rows_of_every_type_from_xlsx():
    data = xlsx([
        HEADER,
        ["单选题", "碳市场何时开市？", "2020年", "2021年", "2024年", None, "B", 1, "见通知", "中节协", None],
        ["多选", "温室气体包括", "CO2", "CH4", "O2", None, "A、B", 2.5, None, None, None],
        ["简答题", "简述排放量计算", None, None, None, None, "活动数据×排放因子", 4, None, None,
         "活动数据|活动水平:2：活动数据；排放因子:2"],
        [None] * 11,
    ])
    preview = import_questions(data, "xlsx")
    assert preview.errors == []
    assert [summary(item)[:2] + summary(item)[3:] for item in preview.items] == [
        (2, "single", "AB*C", []), (3, "multiple", "A*B*C", []), (4, "short", "", [])]
    single, multi, essay = (item.question for item in preview.items)
    assert (single.explanation, single.source, preview.items[0].points) == ("见通知", "中节协", D(1))
    assert preview.items[1].points == D("2.5")
    assert essay.reference == "活动数据×排放因子"
    assert essay.rubric == [RubricPoint(D(2), "活动数据", ["活动数据", "活动水平"]), RubricPoint(D(2), "", ["排放因子"])]


@pytest.mark.parametrize("row, codes", [
    (["判断题", "x", "a", "b", "", "", "A", "", "", "", ""], ["table-unknown-type"]),
    (["单选题", "x", "a", "b", "", "", "", "", "", "", ""], ["table-missing-answer"]),
    (["单选题", "x", "a", "b", "", "", "G", "", "", "", ""], ["table-bad-answer"]),
    (["单选题", "x", "a", "b", "", "", "C", "", "", "", ""], ["table-answer-no-option"]),
    (["单选题", "x", "a", "", "c", "", "A", "", "", "", ""], ["table-option-gap"]),
    (["单选题", "x", "a", "b", "", "", "AB", "", "", "", ""], ["single-correct-count"]),
    (["多选题", "x", "a", "b", "c", "", "A", "", "", "", ""], ["multiple-too-few-correct"]),
    (["单选题", "x", "a", "b", "", "", "A", "zero", "", "", ""], ["table-bad-points"]),
    (["单选题", "x", "a", "b", "", "", "A", "0", "", "", ""], ["table-bad-points"]),
    (["单选题", "", "a", "b", "", "", "A", "", "", "", ""], ["empty-stem"]),
    (["简答题", "x", "a", "", "", "", "ref", "", "", "", ""], ["table-options-for-short"]),
    (["简答题", "x", "", "", "", "", "ref", "5", "", "", "k:2"], ["rubric-total"]),
    (["简答题", "x", "", "", "", "", "ref", "", "", "", "no points"], ["table-bad-keywords"]),
    (["简答题", "x", "", "", "", "", "", "2", "", "", ""], []),
])
def test_table_malformed_rows(row, codes):
    preview = import_questions(xlsx([HEADER, row]), "xlsx")
    [item] = preview.items
    assert [error.code for error in item.errors] == codes
    assert all(error.line == 2 for error in item.errors)


def test_table_header_problems():
    preview = import_questions(xlsx([["题型", "题目", "选项 a", "选项A", "答 案", "备注"], ["单选", "x", "a", "b", "A", ""]]),
                               "xlsx")
    assert sorted((e.code, e.params["column"]) for e in preview.errors) == [
        ("table-duplicate-column", "选项A"), ("table-unknown-column", "备注")]
    preview = import_questions(xlsx([["题干", "选项A"], ["x", "a"]]), "xlsx")
    assert sorted(e.params["column"] for e in preview.errors) == ["答案", "题型"]
    assert preview.items == []


def test_csv_encodings_and_delimiters():
    text = "题型,题干,选项A,选项B,答案\n单选,碳市场何时开市？,2020年,2021年,B\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("gb18030"),
                 text.encode("utf-16"), text.replace(",", ";").encode("utf-8"),
                 text.replace(",", "\t").replace("\n", "\r\n").encode("utf-8")):
        preview = import_questions(data, "csv")
        assert preview.ok and preview.items[0].question.stem == "碳市场何时开市？", data[:20]


def test_csv_quoted_multiline_cells_keep_row_numbers():
    text = '题型,题干,选项A,选项B,答案\n单选,"第一行\n第二行","a, b",b,A\n单选,第三题,x,y,B\n'
    preview = import_questions(text.encode(), "csv")
    assert [(item.line, item.question.stem) for item in preview.items] == [(2, "第一行\n第二行"), (3, "第三题")]
    assert preview.items[0].question.options[0].text == "a, b"


@pytest.mark.parametrize("data, fmt, code", [
    (bytes([0x81, 0x20, 0xff]), "csv", "import-undecodable"),
    (b"", "csv", "import-empty"),
    (b"not a zip file", "xlsx", "import-unreadable"),
    (b"", "xlsx", "import-unreadable"),
    ("题型,题干,答案\n".encode(), "csv", "import-empty"),
    (b"x", "docx", "import-unknown-format"),
    (bytes([0x81, 0x20, 0xff]), "gift", "import-undecodable"),
])
def test_unreadable_files(data, fmt, code):
    preview = import_questions(data, fmt)
    assert [e.code for e in preview.errors] == [code] and preview.items == [] and not preview.ok


def test_table_too_many_rows():
    rows = "".join(f"单选,题{n},a,b,A\n" for n in range(2001))
    preview = import_questions(("题型,题干,选项A,选项B,答案\n" + rows).encode(), "csv")
    assert len(preview.items) == 2000 and [e.code for e in preview.errors] == ["import-too-many"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_round_trip_is_lossless(fmt):
    entries = entries_of_paper(rich_paper())
    tricky = choice("f-1", correct="A", stem="=SUM(A1:A2) is not a formula")
    tricky.options[1].text = "-5℃"
    tricky.options[2].text = "@home"
    tricky.options[3].text = "'quoted"
    entries.append(BankEntry("single", tricky, D(2)))
    data, problems = export_questions(entries, fmt)
    assert problems == []
    preview = import_questions(data, fmt)
    assert preview.ok, [e.message for item in preview.items for e in item.errors]
    assert [(e.type, e.question, e.points) for e in preview.entries()] == [(e.type, e.question, e.points)
                                                                          for e in entries]


def test_csv_export_has_bom_and_guards_formulas():
    entry = BankEntry("single", choice("f", correct="A", stem="=1+1"), D(1))
    data, _ = export_questions([entry], "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in data.decode("utf-8-sig")


def test_table_export_refuses_what_it_cannot_hold():
    many = choice("many", correct="A", options="ABCDEFG")
    entries = [BankEntry("single", many, D(1)), BankEntry("truefalse", choice("tf"), D(1))]
    _, problems = export_questions(entries, "xlsx")
    assert [(p.code, p.question) for p in problems] == [("export-too-many-options", "many"),
                                                        ("export-unsupported-type", "tf")]
    with pytest.raises(ValueError):
        export_questions(entries, "docx")


# Rubric spec and pool checks -----------------------------------------------------------------------

def test_rubric_spec_round_trip_and_full_width_separators():
    rubric = parse_rubric_spec("活动数据｜活动水平：2；排放因子:1.5:因子：含义")
    assert rubric == [RubricPoint(D(2), "", ["活动数据", "活动水平"]), RubricPoint(D("1.5"), "因子：含义", ["排放因子"])]
    assert parse_rubric_spec(format_rubric_spec(rubric)) == rubric
    assert parse_rubric_spec("  ") == []
    assert parse_rubric_spec(":2:staff judge") == [RubricPoint(D(2), "staff judge", [])]
    for bad in ("活动数据", "活动数据:x", "a:-1", "a|b"):
        with pytest.raises(ValueError):
            parse_rubric_spec(bad)


def test_check_against_pool():
    existing = pool("single", "single", [choice("taken")], points="1")
    data = "\n".join(["编号,题型,题干,选项A,选项B,选项C,答案,分值",
                      "taken,单选,x,a,b,,A,1",
                      "new,单选,y,a,b,,A,2",
                      "twice,单选,z,a,b,,A,",
                      "twice,单选,w,a,b,,A,",
                      "multi,多选,v,a,b,c,AB,"]).encode()
    preview = import_questions(data, "csv")
    assert preview.ok
    check_against_pool(preview, existing)
    assert [(item.question.id, [e.code for e in item.errors]) for item in preview.items] == [
        ("taken", ["item-duplicate-id"]), ("new", ["item-points-mismatch"]), ("twice", []),
        ("twice", ["item-duplicate-id"]), ("multi", ["item-type-mismatch"])]


def test_check_against_machine_pool_applies_its_rules():
    machine = pool("e", "short", [], points="2", grading="machine")
    entry = BankEntry("short", short("q", rubric=((2, ()),)), None)
    data, _ = export_questions([entry], "gift")
    preview = import_questions(data, "gift")
    check_against_pool(preview, machine, paper=rich_paper())
    assert [e.code for e in preview.items[0].errors] == ["rubric-no-keywords"]
    assert preview.to_json()["items"][0]["errors"][0]["code"] == "rubric-no-keywords"
