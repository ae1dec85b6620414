"""The results sheet's pure rows: the attempt that counts, columns, labels, local times, evidence."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from carbon_common.results_sheet import (
    COUNT_HIGHEST,
    COUNT_LAST,
    SheetApplication,
    SheetAttempt,
    SheetHours,
    SheetLayout,
    SheetLearner,
    counted_attempt,
    headers,
    rows,
)

PARTS = [("theory", "基础理论"), ("professional", "专业课程")]
UTC = ZoneInfo("UTC")


def attempt(number, earned, possible=100, passed=None, graded=None, parts=None):
    return SheetAttempt(number, Decimal(earned), Decimal(possible), passed, parts or {}, graded)


def test_the_highest_share_counts_ties_to_the_earlier_attempt_or_the_last():
    first, second, third = attempt(1, 60), attempt(2, 80), attempt(3, 80)
    assert counted_attempt([third, first, second], COUNT_HIGHEST) is second
    assert counted_attempt([first, attempt(2, 40, possible=50)], COUNT_HIGHEST).number == 2  # 80 % beats 60 %
    assert counted_attempt([third, first, second], COUNT_LAST) is third
    assert counted_attempt([], COUNT_HIGHEST) is None


def test_headers_place_the_parts_between_the_attempt_and_the_total():
    shape = SheetLayout("2026", PARTS, with_evidence=True, translate=lambda text: f"<{text}>")
    found = headers(shape)
    assert found[found.index("<Exam attempt used>") + 1:found.index("<Total>")] == ["基础理论", "专业课程"]
    assert "<Hours evidence>" in found and len(found) == 17


def test_rows_hold_the_counted_attempt_labels_and_local_times():
    labels = {"Yes": "是", "Application approved": "已通过", "Condition {number}": "条件{number}",
              "No application": "未申请", "{studied} of {needed} minutes studied (study ledger)": "{studied}/{needed}"}
    shape = SheetLayout("2026_T1", PARTS, rule=COUNT_HIGHEST, with_evidence=True,
                        translate=lambda text: labels.get(text, text), track_label={"audit": "碳审计"}.get)
    learners = [SheetLearner(1, "ann", "安娜"), SheetLearner(2, "bob", "")]
    graded = datetime(2026, 5, 3, 2, 30, tzinfo=UTC)
    sheet = list(rows(shape, learners,
                      {1: SheetApplication("approved", 3, "audit", "1****X", "138****8000")},
                      {1: SheetHours(Decimal("41.5"), Decimal("40"), 120, 900)},
                      {1: [attempt(1, 50, passed=False), attempt(2, 81, passed=True, graded=graded,
                                                                   parts={"theory": Decimal(45), "professional": Decimal(36)})]},
                      tz=ZoneInfo("Asia/Shanghai")))
    ann, bob = sheet
    assert ann == ["安娜", "ann", "1****X", "138****8000", "2026_T1", "碳审计", "已通过", "条件3", Decimal("41.5"),
                   Decimal("40"), "120/900", 2, Decimal(45), Decimal(36), Decimal(81), "是",
                   datetime(2026, 5, 3, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))]
    assert bob[:8] == ["", "bob", "", "", "2026_T1", "", "未申请", ""] and bob[8:] == [None, None, ""] + [""] * 6
