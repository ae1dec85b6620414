"""Checking the answers a learner's browser sends before they are saved.

``clean_answers`` accepts ``{question_id: [option ids] | "text"}`` for questions on the learner's
drawn paper, and returns the answers in canonical form (choice answers as lists of known option
ids without duplicates, texts as given) with a :class:`~carbon_exam.problems.Problem` for every
answer it had to refuse. Refused answers are left out; the others can still be saved.
"""

from __future__ import annotations

from .draw import DrawnPaper
from .paper import Paper
from .problems import Problem, problem

MAX_ANSWER_CHARACTERS = 10_000


def clean_answers(paper: Paper, drawn: DrawnPaper, raw, max_characters: int = MAX_ANSWER_CHARACTERS):
    """``(answers, problems)`` for the raw answers of one save."""
    if not isinstance(raw, dict):
        return {}, [problem("answers-not-a-mapping")]
    types = question_types(paper)
    drawn_questions = {question.id: question for _, question in drawn.questions()} if len(raw) > 1 else None
    answers, problems = {}, []
    for question_id, answer in raw.items():
        if not isinstance(question_id, str):
            drawn_question = None
        elif drawn_questions is None:
            drawn_question = drawn.get(question_id)
        else:
            drawn_question = drawn_questions.get(question_id)
        if drawn_question is None or question_id not in types:
            problems.append(problem("answer-unknown-question", question=str(question_id)))
            continue
        if types[question_id] == "short":
            cleaned, found = _clean_text(question_id, answer, max_characters)
        else:
            cleaned, found = _clean_choice(question_id, answer, drawn_question.options, types[question_id])
        problems += found
        if not found:
            answers[question_id] = cleaned
    return answers, problems


def question_types(paper: Paper) -> dict[str, str]:
    """``{question id: its pool's type}``, built once per paper object and kept on it: papers are shared
    across requests and never changed in place (see ``CarbonExamBlock.paper``), so a save that answers one
    question looks one question up instead of walking the whole bank."""
    types = paper.__dict__.get("_question_types")
    if types is None:
        types = {question.id: pool.type for _, pool, question in paper.questions()}
        paper.__dict__["_question_types"] = types
    return types


def _clean_text(question_id: str, answer, max_characters: int) -> tuple[str, list[Problem]]:
    where = {"question": question_id}
    if answer is None:
        return "", []
    if not isinstance(answer, str):
        return "", [problem("answer-bad-type", where, question=question_id, expected="text")]
    if len(answer) > max_characters:
        return "", [problem("answer-too-long", where, question=question_id, limit=max_characters)]
    return answer, []


def _clean_choice(question_id: str, answer, option_ids: list[str], pool_type: str) -> tuple[list[str], list[Problem]]:
    where = {"question": question_id}
    if answer is None:
        return [], []
    if isinstance(answer, str):
        answer = [answer] if answer else []
    if not isinstance(answer, list) or not all(isinstance(pick, str) for pick in answer):
        return [], [problem("answer-bad-type", where, question=question_id, expected="a list of option ids")]
    picks = list(dict.fromkeys(answer))
    unknown = [pick for pick in picks if pick not in option_ids]
    if unknown:
        return [], [problem("answer-unknown-option", where, question=question_id, option=unknown[0])]
    if pool_type == "single" and len(picks) > 1:
        return [], [problem("answer-too-many", where, question=question_id)]
    return picks, []
