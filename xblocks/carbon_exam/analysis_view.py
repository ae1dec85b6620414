"""Item analysis for course staff: the attempts that count, read and analysed (``item_analysis``), shown as
server-rendered accessible SVG charts beside sortable tables holding the same figures, and exported.

One graded attempt per learner (the one that counts, per the exam's ``attempt_counts``); the newest
``ANALYSED_MAX`` of them are analysed, so a very large course reads a bounded number of stored results (the
page says how many were used). Intakes: the same exam (same block id) in the course's other runs, from stored
scores only (one aggregate query).
"""
from __future__ import annotations

import secrets
from decimal import Decimal

from xblock.utils.resources import ResourceLoader

from carbon_common.charts import bar_chart_svg, histogram, marker_line_svg, scatter_svg
from carbon_common.i18n import _

from .distribution import EDGES, GradedScore, counted_per_learner, percent
from .item_analysis import DISCRIMINATING, EASY, HARD, Response, analyse, items_from_paper

loader = ResourceLoader(__name__)
ANALYSED_MAX = 5000



TEXT = {
    "title": _("Item analysis"), "show": _("Show the item analysis"), "loading": _("Loading…"),
    "based_on": _("Based on {used} graded attempts (one per learner, the attempt that counts) of {learners} learners."),
    "histogram_title": _("Total scores (percent of the paper) with the pass mark"),
    "histogram_desc": _("{n} learners; the dashed line is the pass mark at {pass_mark} percent."),
    "pass_line": _("Pass mark"),
    "scatter_title": _("Facility against discrimination, one point per question"),
    "scatter_desc": _("{n} questions; red points are flagged (too easy, too hard or not discriminating)."),
    "facility": _("Facility"), "discrimination": _("Discrimination (rest of paper)"),
    "part_title": _("{part}: scores (percent of the part)"), "part_desc": _("{n} learners."),
    "summary": _("Paper and parts"), "scope": _("Scope"), "paper": _("Whole paper"), "n": _("Attempts"),
    "mean": _("Mean"), "median": _("Median"), "stdev": _("Standard deviation"),
    "pass_rate": _("Pass rate"), "questions": _("Questions"), "question": _("Question"), "part": _("Part"),
    "type": _("Type"), "point_biserial": _("Point-biserial"), "upper_lower": _("Upper-lower 27%"),
    "options": _("Options picked (✓ correct)"), "scores": _("Points earned"), "flags": _("Flags"),
    "too_easy": _("too easy"), "too_hard": _("too hard"), "not_discriminating": _("not discriminating"),
    "blank": _("blank"), "sort": _("Sort by {column}"), "export_csv": _("Export analysis CSV"),
    "export_xlsx": _("Export analysis XLSX"), "intakes": _("Intakes (course runs)"), "intake": _("Intake"),
    "none": _("No graded attempts yet."), "kr20": _("KR-20"), "alpha": _("Cronbach's alpha"),
    "by_slot": _("(by question slot: papers differ)"),
    "keywords": _("Keyword hits (per rubric point)"), "no_keyword": _("no keyword"),
}
COLUMNS = ("question", "part", "type", "n", "facility", "point_biserial", "discrimination", "upper_lower",
           "options", "scores", "keywords", "flags")


def counted_results(block):
    """``(responses, learners)``: the analysed attempts as :class:`Response`, and how many learners have a graded
    attempt. Two queries: light columns of every graded attempt, then the stored results of the counted ones."""
    records = block._records()
    records.expire_all_due()
    graded = (records.attempts().order_by().filter(status="submitted", pending=False, earned__isnull=False)
              .values_list("id", "user_id", "number", "earned", "possible", "passed"))
    scores, ids = [], {}
    for attempt_id, user_id, number, earned, possible, passed in graded:
        scores.append(GradedScore(str(user_id), number, earned, possible, passed, False))
        ids[(str(user_id), number)] = attempt_id
    counted = counted_per_learner(scores, block.attempt_counts)
    chosen = sorted((ids[(s.username, s.number)] for s in counted), reverse=True)[:ANALYSED_MAX]
    from carbon_common.models import ExamAttempt

    responses = []
    for result, earned in ExamAttempt.objects.filter(id__in=chosen).values_list("result", "earned").iterator(2000):
        questions = (result or {}).get("questions", [])
        responses.append(Response(
            scores={q["question"]: float(q.get("earned") or 0) for q in questions if "question" in q},
            choices={q["question"]: tuple(q["answer"]) for q in questions
                     if q.get("type") in ("single", "multiple") and isinstance(q.get("answer"), list)},
            texts={q["question"]: q["answer"] for q in questions
                   if q.get("type") == "short" and isinstance(q.get("answer"), str)},
            total=float(earned)))
    return responses, len(counted)


def render(block, t):
    """The analysis as HTML (charts, tables, export links) in the staff member's language."""
    texts = {key: t(value) for key, value in TEXT.items()}
    responses, learners = counted_results(block)
    if not responses:
        return f'<p class="ces-ia-none">{texts["none"]}</p>'
    items = items_from_paper(block.paper)
    total = float(block.total_points or 100)
    result = analyse(items, responses, float(block.pass_mark))
    pass_percent = float(percent(Decimal(str(block.pass_mark)), Decimal(str(total))))
    totals = [float(percent(Decimal(str(r.total_score)), Decimal(str(total)))) for r in responses]
    counts = histogram(totals, EDGES)
    labels = [f"{EDGES[i]}–{EDGES[i + 1] - (0 if i == len(counts) - 1 else 1)}" for i in range(len(counts))]
    hist = bar_chart_svg(list(zip(labels, counts, strict=True)), texts["histogram_title"],
                         t(TEXT["histogram_desc"]).format(n=len(responses), pass_mark=f"{pass_percent:g}") + " "
                         + "; ".join(f"{label}: {count}" for label, count in zip(labels, counts, strict=True)),
                         highlight={i for i in range(len(counts)) if EDGES[i + 1] <= pass_percent})
    hist = marker_line_svg(hist, pass_percent / 100, f'{texts["pass_line"]} {pass_percent:g}')
    flagged = {qid for qid, stats in result.questions.items() if stats.flags}
    points = [(f"{qid}: {texts['facility']} {_fmt(s.facility)}, {texts['discrimination']} "
               f"{_fmt(s.point_biserial_rest)}", s.facility, s.point_biserial_rest, qid in flagged)
              for qid, s in result.questions.items() if s.n]
    scatter = scatter_svg(points, texts["scatter_title"],
                          t(TEXT["scatter_desc"]).format(n=len(points)), texts["facility"], texts["discrimination"],
                          guides=[("x", HARD, f"{HARD:g}"), ("x", EASY, f"{EASY:g}"),
                                  ("y", DISCRIMINATING, f"{DISCRIMINATING:g}")])
    part_charts = _part_charts(block, responses, items, texts, t)
    rows = question_rows(block, items, result, texts)
    summary_rows = [(texts["paper"], result.paper)] + [
        (title, result.parts.get(part_id)) for part_id, title in _part_titles(block) if part_id in result.parts]
    return loader.render_django_template("templates/item_analysis.html", {
        "t": texts, "uid": f"ces-ia-{secrets.token_hex(4)}", "histogram": hist, "scatter": scatter,
        "part_charts": part_charts, "columns": [texts[c] for c in COLUMNS], "rows": rows,
        "summary": [_summary_cells(label, s, texts) for label, s in summary_rows if s is not None],
        "based_on": t(TEXT["based_on"]).format(used=len(responses), learners=learners),
        "intakes": intakes(block),
        "export_csv": block.runtime.handler_url(block, "export_item_analysis") + "?format=csv",
        "export_xlsx": block.runtime.handler_url(block, "export_item_analysis") + "?format=xlsx"})


def _part_titles(block):
    return [(part.id, part.title or part.id) for part in block.paper.parts]


def _part_charts(block, responses, items, texts, t):
    charts = []
    for part_id, title in _part_titles(block):
        part_items = [item for item in items if item.part == part_id]
        shares = []
        for response in responses:
            drawn = [item for item in part_items if item.id in response.scores]
            possible = sum(item.possible for item in drawn)
            if possible:
                shares.append(100 * sum(response.scores[item.id] for item in drawn) / possible)
        counts = histogram(shares, EDGES)
        labels = [f"{EDGES[i]}–{EDGES[i + 1]}" for i in range(len(counts))]
        charts.append(bar_chart_svg(list(zip(labels, counts, strict=True)), t(TEXT["part_title"]).format(part=title),
                                    t(TEXT["part_desc"]).format(n=len(shares)) + " " + "; ".join(
                                        f"{label}: {count}" for label, count in zip(labels, counts, strict=True))))
    return charts


def question_rows(block, items, result, texts):
    """Per question: the table's cells as (shown text, sort value)."""
    rows = []
    titles = dict(_part_titles(block))
    for item in items:
        s = result.questions[item.id]
        options = "; ".join(f"{texts['blank'] if option is None else option}{'✓' if option in item.correct else ''}:"
                            f" {count}" for option, count in s.options.items())
        scores = "; ".join(f"{value:g}: {count}" for value, count in s.scores.items())
        keywords = "; ".join(_keyword_cell(point, s.n, texts) for point in s.keywords)
        flags = ", ".join(texts[flag] for flag in s.flags)
        rows.append([(item.id, item.id), (titles.get(item.part, item.part), item.part), (item.type, item.type),
                     (str(s.n), s.n), _number_cell(s.facility), _number_cell(s.point_biserial),
                     _number_cell(s.point_biserial_rest), _number_cell(s.upper_lower), (options, options),
                     (scores, scores), (keywords, keywords), (flags, flags)])
    return rows


def _keyword_cell(point, n, texts):
    """One rubric point's keyword hits: ``1. label: keyword hits/n, …, no keyword none/n``."""
    counts = [f"{keyword} {count}/{n}" for keyword, count in point.hits.items()]
    counts.append(f"{texts['no_keyword']} {point.none}/{n}")
    label = f" {point.label}" if point.label else ""
    return f"{point.number}.{label}: " + ", ".join(counts)


def export_rows(block, t):
    """``(headers, rows)`` of the per-question table for CSV/XLSX (numbers as numbers)."""
    texts = {key: t(value) for key, value in TEXT.items()}
    responses, _learners = counted_results(block)
    items = items_from_paper(block.paper)
    result = analyse(items, responses, float(block.pass_mark))
    rows = [[cell[1] if isinstance(cell[1], (int, float)) or cell[1] is None else cell[0] for cell in row]
            for row in question_rows(block, items, result, texts)]
    return [texts[c] for c in COLUMNS], rows


def intakes(block):
    """The exam's stored scores in each course run of the course (same block id): attempts, mean percent, pass
    rate. One aggregate query."""
    from django.db.models import Avg, Count, F, Q

    from carbon_common.models import ExamAttempt

    course_key = block.scope_ids.usage_id.context_key
    prefix = f"course-v1:{course_key.org}+{course_key.course}+"
    found = (ExamAttempt.objects.filter(course_key__startswith=prefix, status="submitted", pending=False,
                                        earned__isnull=False, possible__gt=0,
                                        usage_key__endswith=f"@{block.scope_ids.usage_id.block_id}")
             .values("course_key").annotate(n=Count("id"), mean=Avg(F("earned") * 100 / F("possible")),
                                            passed=Count("id", filter=Q(passed=True))).order_by("course_key"))
    return [{"intake": row["course_key"].run, "n": row["n"], "mean": _fmt(row["mean"], 1),
             "pass_rate": _fmt(100 * row["passed"] / row["n"], 1), "current": row["course_key"] == course_key}
            for row in found]


def _summary_cells(label, s, texts):
    slots = " " + texts["by_slot"] if s.reliability_basis == "slots" else ""
    return [label, s.n, _fmt(s.mean, 2), _fmt(s.median, 2), _fmt(s.stdev, 2),
            "" if s.alpha is None else _fmt(s.alpha) + slots, "" if s.kr20 is None else _fmt(s.kr20) + slots,
            "" if s.pass_rate is None else f"{_fmt(100 * s.pass_rate, 1)}%"]


def _number_cell(value):
    return (_fmt(value), "" if value is None else round(float(value), 4))


def _fmt(value, places=3):
    return "" if value is None else f"{float(value):.{places}f}"
