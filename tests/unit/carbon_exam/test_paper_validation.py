"""validate_paper: every rule, with stable codes, places and readable messages."""

from decimal import Decimal

import pytest

from carbon_exam.paper import Option, RubricPoint, validate_paper
from carbon_exam.problems import MESSAGES, Problem, plain_number

from .builders import choice, paper, part, pool, rich_paper, short


def codes(problems):
    return sorted(p.code for p in problems)


def test_rich_fixture_is_valid():
    assert validate_paper(rich_paper()) == []


def test_pool_smaller_than_its_draw():
    exam = paper(part("p", pool("singles", "single", [choice("a")], draw=3, points="1")), total="3", pass_mark="2")
    [found] = validate_paper(exam)
    assert (found.code, found.pool, found.part) == ("pool-too-small", "singles", "p")
    assert found.message == 'Pool "singles" draws 3 questions but holds only 1.'


def test_drawn_points_must_equal_total():
    exam = paper(part("p", pool("s", "single", [choice("a"), choice("b")], draw=2, points="1.5")), total="100")
    [found] = validate_paper(exam)
    assert found.code == "total-mismatch"
    assert found.message == "The drawn questions are worth 3 points but the paper total is 100."


def test_pass_mark_rules():
    exam = paper(part("p", pool("s", "single", [choice("a")])), pass_mark="2")
    assert codes(validate_paper(exam)) == ["pass-mark-above-total"]
    exam.pass_mark = Decimal(0)
    assert codes(validate_paper(exam)) == ["bad-pass-mark"]
    exam.pass_mark = Decimal(1)
    assert validate_paper(exam) == []


def test_empty_paper_and_bad_total():
    assert codes(validate_paper(paper(total="0", pass_mark="1"))) == ["bad-total", "paper-no-parts",
                                                                      "pass-mark-above-total"]


def test_duplicate_ids_across_the_paper():
    exam = paper(
        part("p", pool("s", "single", [choice("a")])),
        part("p", pool("s", "single", [choice("a")])),
        pass_mark="1",
    )
    found = validate_paper(exam)
    assert sorted((p.code, p.params["kind"], p.params["id"]) for p in found) == [
        ("duplicate-id", "part", "p"), ("duplicate-id", "pool", "s"), ("duplicate-id", "question", "a")]


def test_single_choice_needs_exactly_one_correct_option():
    exam = paper(part("p", pool("s", "single", [choice("none", correct=""), choice("two", correct="AB")])),
                 pass_mark="1")
    found = validate_paper(exam)
    assert [(p.code, p.question, p.params["count"]) for p in found] == [
        ("single-correct-count", "none", 0), ("single-correct-count", "two", 2)]


def test_multiple_choice_needs_two_correct_and_one_wrong():
    exam = paper(part("p", pool("m", "multiple", [choice("one", correct="A"), choice("all", correct="ABCD"),
                                                   choice("fine", correct="AC")])), pass_mark="1")
    assert [(p.code, p.question) for p in validate_paper(exam)] == [
        ("multiple-too-few-correct", "one"), ("multiple-no-wrong", "all")]


def test_choice_options_need_text_unique_ids_and_at_least_two():
    question = choice("q", correct="A", options="AB")
    question.options.append(Option(id="A", text="  "))
    lonely = choice("lonely", correct="A", options="A")
    exam = paper(part("p", pool("s", "single", [question, lonely])), pass_mark="1")
    assert codes(validate_paper(exam)) == ["duplicate-option", "empty-option", "too-few-options"]


def test_short_answer_rubric_must_sum_to_pool_points():
    exam = paper(part("p", pool("e", "short", [short("q")], points="6")), pass_mark="1")
    [found] = validate_paper(exam)
    assert found.code == "rubric-total"
    assert found.message == 'The rubric of question "q" gives 5 points but the pool gives 6.'


def test_short_answer_rubric_points_keywords_and_options():
    question = short("q", rubric=((5, ()), (0, ("，",))))
    question.options = [Option(id="A", text="x")]
    exam = paper(part("p", pool("e", "short", [question], points="5", grading="machine")), pass_mark="1")
    assert codes(validate_paper(exam)) == ["empty-keyword", "rubric-bad-points", "rubric-no-keywords",
                                           "short-has-options"]


def test_staff_graded_rubric_may_lack_keywords():
    exam = paper(part("p", pool("e", "short", [short("q", rubric=((5, ()),))], points="5")), pass_mark="1")
    assert validate_paper(exam) == []


def test_choice_question_with_rubric():
    question = choice("q")
    question.rubric = [RubricPoint(points=Decimal(1), keywords=["x"])]
    exam = paper(part("p", pool("s", "single", [question])), pass_mark="1")
    assert codes(validate_paper(exam)) == ["choice-has-rubric"]


def test_empty_stem_and_missing_ids():
    question = choice("", stem="   ")
    exam = paper(part("", pool("", "single", [question])), pass_mark="1")
    found = validate_paper(exam)
    assert codes(found) == ["empty-stem", "missing-id", "missing-id", "missing-id"]
    assert {p.params.get("kind") for p in found if p.code == "missing-id"} == {"part", "pool", "question"}


def test_unknown_types_and_modes():
    exam = paper(part("p",
                      pool("t", "truefalse", [choice("a")]),
                      pool("m", "multiple", [choice("b", correct="AB")], scoring="generous"),
                      pool("e", "short", [short("c", rubric=((1, ("x",)),))], grading="robot")), pass_mark="1")
    found = validate_paper(exam)
    assert [(p.code, p.params["value"]) for p in found] == [
        ("unknown-type", "truefalse"), ("unknown-scoring", "generous"), ("unknown-grading", "robot")]


def test_bad_draw_and_points():
    exam = paper(part("p", pool("s", "single", [choice("a")], draw=0, points="0")), total="1", pass_mark="1")
    assert codes(validate_paper(exam)) == ["bad-draw", "bad-points", "total-mismatch"]


def test_control_characters_are_reported():
    question = choice("q", stem="bad \x07 bell")
    exam = paper(part("p", pool("s", "single", [question])), pass_mark="1")
    [found] = validate_paper(exam)
    assert (found.code, found.params["field"]) == ("invalid-character", "text")


def test_problem_carries_olx_line_and_serialises():
    exam = rich_paper()
    exam.parts[0].pools[0].questions[0].options[1].correct = False
    [found] = validate_paper(exam)
    assert (found.code, found.line, found.question) == ("single-correct-count", 6, "bt-s-001")
    data = found.to_dict()
    assert data["code"] == "single-correct-count" and data["line"] == 6 and "exactly one" in data["message"]
    assert str(found).startswith("line 6: ")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_template_is_well_formed(code):
    import string

    template = MESSAGES[code] if isinstance(MESSAGES[code], str) else MESSAGES[code][1]  # ngettext_noop: (one, many)
    fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    message = Problem(code, {name: "X" for name in fields}).message
    assert "{" not in message.replace("{ }", "")


def test_plain_number():
    assert [plain_number(Decimal(v)) for v in ("100", "2.50", "0.5", "-0", "1E+1")] == ["100", "2.5", "0.5", "0", "10"]
