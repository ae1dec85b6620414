"""Answers that can change carry an "as of" date; the report lists those older than the configured age;
the facts issue 14 found out of date are fixed in the bank and the readings."""
import re
from datetime import date

import pytest
from lxml import etree

from course_content.tools import COURSE_DIR, staleness
from course_content.tools.staleness import Dated, months_between, stale, undated

BANK = COURSE_DIR / "question_bank"
HTML = COURSE_DIR / "html"


def test_months_between_counts_calendar_months():
    assert months_between("2026-11", date(2026, 11, 30)) == 0
    assert months_between("2025-12", date(2026, 11, 1)) == 11
    assert months_between("2024-01", date(2026, 3, 15)) == 26
    with pytest.raises(ValueError):
        months_between("2026-13", date(2026, 1, 1))


def test_stale_lists_older_than_the_configured_age_oldest_first():
    questions = [Dated("a", "条例", "2025-11"), Dated("b", "条例", "2024-02"), Dated("c", "IPCC", ""),
                 Dated("d", "条例", "2025-10")]
    today = date(2026, 11, 5)
    assert stale(questions, today) == [("b", "2024-02", 33), ("d", "2025-10", 13)]  # a is exactly 12 months
    assert stale(questions, today, max_age_months=24) == [("b", "2024-02", 33)]


def test_undated_names_changeable_answers_without_a_date_and_bad_dates():
    questions = [Dated("a", "《碳排放权交易管理暂行条例》", ""), Dated("b", "《巴黎协定》（2015）第二条", ""),
                 Dated("c", "ISO 14064-1:2018", "2026-11"), Dated("d", "IPCC AR6", "26-11")]
    assert undated(questions) == ["a", "d"]


def test_the_tool_reports_and_fails_on_stale_questions(tmp_path, capsys):
    bank = tmp_path / "question_bank"
    bank.mkdir()
    (bank / "x.xml").write_text('<bank><question id="x-s-001" as_of="2024-01"><source>GB/T 32150</source>'
                                '</question></bank>', encoding="utf-8")
    assert staleness.main(["--course-dir", str(tmp_path), "--today", "2026-11"]) == 1
    assert "stale: x-s-001 as of 2024-01 (34 months)" in capsys.readouterr().out
    assert staleness.main(["--course-dir", str(tmp_path), "--today", "2024-06"]) == 0


# --- the bank ------------------------------------------------------------------------------------

def test_every_bank_answer_that_can_change_is_dated():
    assert undated(staleness.load()) == []


def test_no_bank_answer_was_checked_longer_ago_than_the_configured_age():
    """The report in `make test`: when this fails, re-check the listed questions and update as_of."""
    old = stale(staleness.load(), date.today())
    assert old == [], "re-check these questions against their sources and update as_of: " + repr(old)


def questions():
    return {q.get("id"): q for path in BANK.glob("*.xml") for q in etree.parse(str(path)).getroot().iter("question")}


def text_of(question):
    return "".join(question.itertext())


def key(question):
    return [o.text for o in question.findall("option") if o.get("correct") == "true"]


def test_generation_allocation_is_taught_on_generated_output_from_2023_2024():
    bank = questions()
    assert "发电量" in bank["bt-s-064"].findtext("explanation")
    assert "2023、2024年度" in bank["bt-s-064"].findtext("explanation")
    assert "2019—2020年度" in bank["asset-s-002"].findtext("stem")
    for reading in ("asset-lesson-1-reading", "basic-theory-lesson-4-reading"):
        html = (HTML / f"{reading}.html").read_text(encoding="utf-8")
        assert "发电量" in html and "2023、2024年度" in html, reading
        assert not re.search(r"机组配额＝供电基准值", html), reading


def test_new_trading_products_need_state_council_approval():
    question = questions()["trade-s-003"]
    assert "经国务院批准" in key(question)[0]
    assert "第六条" in question.findtext("source")


def test_the_regulation_allocates_free_of_charge_article_nine():
    bank = questions()
    assert key(bank["bt-s-057"])[0].startswith("实行免费分配")
    assert "第九条" in bank["bt-s-057"].findtext("source")
    assert "以免费分配为主" not in bank["bt-q-009"].findtext("reference")
    for question in bank.values():
        text = text_of(question)
        if "条例" in text and "以免费分配为主" in text:
            assert "管理办法（试行）" in text, question.get("id")  # only as the 2020 rules' wording


def test_csa_1211_is_cited_by_its_current_title():
    texts = [text_of(q) for q in questions().values()]
    texts += [p.read_text(encoding="utf-8") for p in (COURSE_DIR / "carbon_exam").glob("*-practice.xml")]
    cited = [t for t in texts if "第1211号" in t]
    assert len(cited) >= 4
    assert all("第1211号——重大错报风险的识别和评估" in t and "通过了解被审计单位" not in t for t in cited)


def test_cbam_certificates_start_in_2027():
    bank = questions()
    assert "2027" in bank["cons-s-009"].findtext("explanation")
    assert "2027" in bank["cons-q-004"].findtext("reference")
    assert "2027" in (HTML / "consulting-lesson-2-reading.html").read_text(encoding="utf-8")
