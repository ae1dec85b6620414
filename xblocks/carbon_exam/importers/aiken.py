"""Moodle's Aiken format: single-choice questions only.

::

    问题文本
    A. 选项一
    B) 选项二
    ANSWER: B

As in Moodle: the question text, then one option per line (a capital letter, ``.`` or ``)``,
the text), then ``ANSWER:`` and the letter of the correct option. Also accepted: question text
over several lines (joined with line breaks), the full-width ``．）、：`` Chinese keyboards type.
Aiken holds no ids, explanations or points: imported questions get ids from their text, and
exports write single-choice questions only, each on one line per text.
"""

from __future__ import annotations

import re

from ..paper import Option, Question
from ..problems import Problem
from .preview import BankEntry, ImportItem, ImportPreview, check_item, question_id_for, write_text_blocks

_OPTION = re.compile(r"^([A-Z])[.)．）、][ \t]*(.*)$")
_ANSWER = re.compile(r"^ANSWER[ \t]*[:：][ \t]*(.*)$")


class _Draft:
    """A question being read."""

    def __init__(self, line: int, stem: str):
        self.item = ImportItem(line=line, question=None, type="single")
        self.stem_lines = [stem]
        self.options: list[Option] = []

    def finish(self, answer: str | None) -> ImportItem:
        stem = "\n".join(self.stem_lines).strip()
        question = Question(id=question_id_for(stem), stem=stem, options=self.options, line=self.item.line)
        self.item.question = question
        letters = [option.id for option in self.options]
        for letter in sorted({letter for letter in letters if letters.count(letter) > 1}):
            self.item.error("aiken-duplicate-option", letter=letter)
        if len(self.options) < 2:
            self.item.error("aiken-too-few-options")
        if answer is None:
            self.item.error("aiken-unfinished")
        elif answer not in letters:
            self.item.error("aiken-bad-answer", value=answer)
        else:
            next(option for option in self.options if option.id == answer).correct = True
        check_item(self.item)
        return self.item


def parse_aiken(text: str) -> ImportPreview:
    """Read Aiken text into an :class:`ImportPreview` (one item per question)."""
    preview = ImportPreview(format="aiken")
    draft: _Draft | None = None
    orphan: ImportItem | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        answer, option = _ANSWER.match(line), _OPTION.match(line)
        if answer or option:
            if draft is None:
                if orphan is None:  # one error for a run of lines without a question
                    orphan = _orphan(number)
                    preview.items.append(orphan)
            elif answer:
                preview.items.append(draft.finish(answer.group(1).strip()))
                draft = None
            else:
                draft.options.append(Option(id=option.group(1), text=option.group(2).strip(), line=number))
            continue
        if draft is not None and draft.options:
            preview.items.append(draft.finish(None))
            draft = None
        if draft is None:
            draft, orphan = _Draft(number, line), None
        else:
            draft.stem_lines.append(line)
    if draft is not None:
        preview.items.append(draft.finish(None))
    return preview.refuse_if_empty()


def write_aiken(entries: list[BankEntry]) -> tuple[str, list[Problem]]:
    """Aiken text for the single-choice ``entries`` and a problem for each other entry."""
    return write_text_blocks(entries, "Aiken", lambda e: e.type == "single" and len(e.question.options) <= 26,
                             _aiken_block)


def _aiken_block(entry: BankEntry) -> str:
    question = entry.question
    lines = [_one_line(question.stem)]
    letters = [chr(ord("A") + n) for n in range(len(question.options))]
    lines += [f"{letter}. {_one_line(option.text)}" for letter, option in zip(letters, question.options, strict=True)]
    correct = [letter for letter, option in zip(letters, question.options, strict=True) if option.correct]
    lines.append(f"ANSWER: {correct[0] if correct else ''}")
    return "\n".join(lines)


def _orphan(number: int) -> ImportItem:
    item = ImportItem(line=number, question=None, type="single")
    item.error("aiken-no-question")
    return item


def _one_line(text: str) -> str:
    return " ".join(text.split())
