"""What reaches the learner: cleaned answers, the paper without keys, reviews by option."""

import json
from decimal import Decimal

import pytest

from carbon_exam.answers import clean_answers
from carbon_exam.draw import draw_paper
from carbon_exam.projections import (
    REVIEW_AFTER_CLOSE,
    REVIEW_AFTER_SUBMIT,
    REVIEW_PRACTICE,
    ReviewOptions,
    public_paper,
    public_question,
    review_view,
)
from carbon_exam.scoring import StaffGrade, score_attempt

from .builders import rich_paper

SECRETS = ("correct", "reference", "rubric", "keyword", "explanation", "source", "湖北登记结算", "低位发热量",
           "活动数据的含义", "中节协", "核算指南")


def _drawn():
    paper = rich_paper()
    return paper, draw_paper(paper, "learner-1")


def test_public_paper_holds_no_keys():
    paper, drawn = _drawn()
    text = json.dumps(public_paper(paper, drawn), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    assert "全国碳排放权交易市场" in text or "CO₂" in text or "排放量 =" in text


def test_public_paper_numbers_questions_in_drawn_order():
    paper, drawn = _drawn()
    view = public_paper(paper, drawn)
    listed = [(q["number"], q["id"]) for part in view["parts"] for q in part["questions"]]
    assert listed == list(enumerate(drawn.question_ids(), 1))
    assert view["question_count"] == 7 and view["total_points"] == 100.0
    first = view["parts"][0]["questions"][0]
    assert set(first) == {"id", "stem", "options", "number", "type", "points"}
    assert [o["id"] for o in first["options"]] == drawn.parts[0].questions[0].options


def test_public_question_appends_options_added_after_the_draw():
    paper, _ = _drawn()
    question = paper.find("bt-s-001")[2]
    view = public_question(question, ["C", "gone", "A"])
    assert [o["id"] for o in view["options"]] == ["C", "A", "B"]
    assert set(view["options"][0]) == {"id", "text"}


def test_clean_answers_accepts_good_answers():
    paper, drawn = _drawn()
    theory = drawn.parts[0].questions
    single, multi = theory[0], theory[2]
    raw = {single.id: single.options[0], multi.id: [multi.options[0], multi.options[0], multi.options[1]],
           "pro-q-001": "活动数据", "pro-q-002": None}
    answers, problems = clean_answers(paper, drawn, raw)
    assert problems == []
    assert answers == {single.id: [single.options[0]], multi.id: multi.options[:2], "pro-q-001": "活动数据",
                       "pro-q-002": ""}


def test_clean_answers_refuses_bad_ones_and_keeps_the_rest():
    paper, drawn = _drawn()
    single = drawn.parts[0].questions[0]
    not_drawn = next(q.id for _, pool, q in paper.questions() if q.id not in drawn.question_ids())
    raw = {single.id: ["A", "B"], not_drawn: ["A"], "pro-q-001": 5, "pro-q-002": "x" * 11,
           drawn.parts[0].questions[2].id: ["Z"], drawn.parts[1].questions[2].id: [1]}
    answers, problems = clean_answers(paper, drawn, raw, max_characters=10)
    assert answers == {}
    assert sorted(p.code for p in problems) == ["answer-bad-type", "answer-bad-type", "answer-too-long",
                                                "answer-too-many", "answer-unknown-option",
                                                "answer-unknown-question"]
    assert clean_answers(paper, drawn, ["not", "a", "dict"])[1][0].code == "answers-not-a-mapping"


def _scored(grades=None):
    paper, drawn = _drawn()
    answers = {q.id: q.options[:1] for _, q in drawn.questions() if q.options}
    answers["pro-q-001"] = "活动数据 与 排放因子"
    answers["pro-q-002"] = "scope 2"
    return paper, drawn, score_attempt(paper, drawn, answers, grades)


def test_default_review_after_submit_shows_score_and_parts_only():
    paper, drawn, result = _scored()
    view = review_view(paper, drawn, result, REVIEW_AFTER_SUBMIT)
    assert set(view) == {"score", "parts"}
    assert view["score"]["pending"] is True and view["score"]["passed"] is None
    assert [p["part"] for p in view["parts"]] == ["theory", "professional"]


def test_review_after_close_shows_answers_and_staff_comments_but_not_explanations():
    paper, drawn, result = _scored({"pro-q-001": StaffGrade([Decimal(20), Decimal(20), Decimal(0)], "漏了44/12")})
    view = review_view(paper, drawn, result, REVIEW_AFTER_CLOSE)
    by_id = {q["id"]: q for q in view["questions"]}
    choices = [q for q in view["questions"] if q["options"]]
    assert len(choices) == 5
    for question in choices:
        assert question["correct_options"] == paper.find(question["id"])[2].correct_option_ids() != []
    essay = by_id["pro-q-001"]
    assert essay["status"] == "graded" and essay["earned"] == 40.0 and "低位发热量" in essay["reference"]
    assert "explanation" not in essay and essay["comment"] == "漏了44/12"  # the grader's comment is for the learner
    assert "rubric" not in json.dumps(view)


def test_review_after_submit_lists_the_graders_comments_by_question_number():
    paper, drawn, result = _scored({"pro-q-001": StaffGrade([Decimal(20), Decimal(20), Decimal(0)], "漏了44/12")})
    view = review_view(paper, drawn, result, REVIEW_AFTER_SUBMIT)
    numbers = {q["id"]: q["number"] for part in public_paper(paper, drawn)["parts"] for q in part["questions"]}
    assert view["comments"] == [{"number": numbers["pro-q-001"], "comment": "漏了44/12"}]
    assert "questions" not in view
    hidden = review_view(paper, drawn, result, ReviewOptions(staff_comments=False))
    assert "comments" not in hidden


def test_pending_score_says_how_many_answers_and_points_are_still_graded():
    paper, drawn, result = _scored()
    score = review_view(paper, drawn, result, REVIEW_AFTER_SUBMIT)["score"]
    pending = [q for q in result.questions if q.status == "pending"]
    assert score["pending"] is True and score["pending_count"] == len(pending) >= 1
    assert score["pending_points"] == float(sum(q.possible for q in pending)) > 0


def test_paper_outline_counts_drawn_questions_and_points_by_type():
    from carbon_exam.projections import paper_outline

    paper, drawn, _result = _scored()
    outline = paper_outline(paper)
    drawn_types = [q["type"] for part in public_paper(paper, drawn)["parts"] for q in part["questions"]]
    assert outline["question_count"] == len(drawn_types)
    assert {row["type"]: row["count"] for row in outline["types"]} == {t: drawn_types.count(t) for t in set(drawn_types)}
    assert sum(row["points"] for row in outline["types"]) == float(paper.total_points) == outline["total_points"]


def test_practice_review_shows_everything_but_rubrics():
    paper, drawn, result = _scored({"pro-q-001": StaffGrade([Decimal(20), Decimal(20), Decimal(0)], "漏了44/12")})
    view = review_view(paper, drawn, result, REVIEW_PRACTICE)
    essay = next(q for q in view["questions"] if q["id"] == "pro-q-001")
    assert essay["comment"] == "漏了44/12" and essay["explanation"] == "见《核算指南》。"
    assert essay["answer"] == "活动数据 与 排放因子"
    assert "活动数据的含义" not in json.dumps(view, ensure_ascii=False)


def test_review_hides_earned_points_while_pending():
    paper, drawn, result = _scored()
    view = review_view(paper, drawn, result, ReviewOptions(score=False, part_scores=False, correctness=True))
    essay = next(q for q in view["questions"] if q["id"] == "pro-q-001")
    assert essay["status"] == "pending" and "earned" not in essay
    assert set(view) == {"questions"}
    assert all("correct_options" not in q for q in view["questions"])


def test_review_options_json():
    assert ReviewOptions.from_json(REVIEW_PRACTICE.to_json()) == REVIEW_PRACTICE
    assert ReviewOptions.from_json(None) == REVIEW_AFTER_SUBMIT
    for bad in ({"scores": True}, {"score": "yes"}):
        with pytest.raises(ValueError):
            ReviewOptions.from_json(bad)


def test_review_gives_letters_in_the_learners_shuffled_order():
    from carbon_exam.draw import DrawnPaper, DrawnPart, DrawnQuestion
    from carbon_exam.paper import Paper, Part

    from .builders import choice, pool

    paper = Paper(parts=[Part(id="p", title="P", pools=[pool("s", "single", [choice("q1", correct="D")], points="2"),
                                                         pool("m", "multiple", [choice("q2", correct="AC")])])],
                  total_points=Decimal(3), pass_mark=Decimal(2))
    drawn = DrawnPaper(seed="x", parts=[DrawnPart(id="p", questions=[DrawnQuestion("q1", "s", ["C", "D", "A", "B"]),
                                                                     DrawnQuestion("q2", "m", ["B", "C", "D", "A"])])])
    result = score_attempt(paper, drawn, {"q1": ["A"], "q2": ["C", "A"]})
    view = review_view(paper, drawn, result, REVIEW_PRACTICE)
    q1, q2 = view["questions"]
    assert q1["stem"] == "Question q1?" and q1["type"] == "single"
    assert [(o["letter"], o["id"], o["text"]) for o in q1["options"]] == [
        ("A", "C", "Option C"), ("B", "D", "Option D"), ("C", "A", "Option A"), ("D", "B", "Option B")]
    assert q1["answer_letters"] == ["C"] and q1["correct_letters"] == ["B"]  # chose option A, shown third
    assert q2["answer_letters"] == ["B", "D"] and q2["correct_letters"] == ["B", "D"]
    # Letters only: where the options allow no correct answers, none are given.
    hidden = review_view(paper, drawn, result, ReviewOptions(correctness=True))["questions"][0]
    assert hidden["answer_letters"] == ["C"] and "correct_letters" not in hidden and "correct_options" not in hidden
    assert "correct" not in json.dumps(hidden["options"])
