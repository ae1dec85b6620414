"""Moodle's GIFT format: read single, multiple choice and essay questions; write them back.

Read as Moodle's ``qformat_gift`` does: questions are separated by blank lines; lines starting
with ``//`` are comments; ``::name::`` names a question; the answers sit in the first ``{...}``
(text after it makes a "missing word" question, the braces becoming ``_____``); ``####`` starts
the general feedback (our explanation); ``\\~ \\= \\# \\{ \\} \\: \\\\`` are escaped characters and
``\\n`` a line break; ``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]`` set a text format (HTML is
turned into plain text). Types: ``{}`` is an essay (our short answer); answers with ``~`` are
multiple choice, single-answer when one is marked ``=``, multiple-answer when weights ``~%50%``
mark the correct ones (a positive weight is correct). True/false, short-answer (fill-in),
numerical, matching and description items are reported as unsupported. Per-answer feedback
(``#...``) is ignored; so are ``$CATEGORY:`` lines (the author picks the pool), each named in the
preview's ``notices``.

What GIFT cannot hold travels in comments Moodle ignores: ``// [id:...]`` (Moodle's own id
number) carries the question id, and ``// @points:``, ``// @source:``, ``// @reference:`` and
``// @rubric:`` (see :mod:`.rubric_spec`) the rest, so our exports read back losslessly.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from ..paper import Option, Question
from ..problems import Problem, plain_number, problem
from .preview import (
    BankEntry,
    ImportItem,
    ImportPreview,
    check_item,
    option_ids,
    question_id_for,
    write_text_blocks,
)
from .rubric_spec import format_rubric_spec, parse_rubric_spec

_PLACEHOLDERS = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005",
                 "~": "\ue006", "n": "\ue007"}
_RESTORE = str.maketrans({mark: ("\n" if char == "n" else char) for char, mark in _PLACEHOLDERS.items()})
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_ID_COMMENT = re.compile(r"\[id:((?:\\\]|[^\[\]\x00-\x1f])+)\]")
_EXTENSION = re.compile(r"^@(points|source|reference|rubric):\s?(.*)$")
_FORMATS = ("moodle", "html", "plain", "markdown")
_TRUE_FALSE = ("T", "TRUE", "F", "FALSE")


def parse_gift(text: str) -> ImportPreview:
    """Read GIFT text into an :class:`ImportPreview` (one item per question)."""
    preview = ImportPreview(format="gift")
    for line, block in _blocks(text):
        item = _read_block(line, block)
        if item is not None:
            preview.items.append(item)
        category = _category(block)
        if category is not None:
            preview.notices.append(problem("gift-category-ignored", {"line": category[0]}, category=category[1]))
    return preview.refuse_if_empty()


def write_gift(entries: list[BankEntry]) -> tuple[str, list[Problem]]:
    """GIFT text for ``entries`` and the problems of entries it could not write."""
    return write_text_blocks(entries, "GIFT", lambda e: e.type in ("single", "multiple", "short"),
                             lambda e: "\n".join(_comment_lines(e) + _question_lines(e)))


# Reading -------------------------------------------------------------------------------------------

def _blocks(text: str):
    """Yield ``(first line number, lines)`` of each group of non-blank lines."""
    block, start = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            start = start if block else number
            block.append((number, line))
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _category(block: list[tuple[int, str]]) -> tuple[int, str] | None:
    """``(line, name)`` of a ``$CATEGORY:`` line (Moodle's question category; one pool is imported at a time)."""
    for number, line in block:
        if line.strip().startswith("$CATEGORY:"):
            return number, line.strip()[len("$CATEGORY:"):].strip()
    return None


def _read_block(start: int, block: list[tuple[int, str]]) -> ImportItem | None:
    comments = [line.strip()[2:].strip() for _, line in block if line.strip().startswith("//")]
    body_lines = [(number, line) for number, line in block if not line.strip().startswith("//")]
    body = "\n".join(line for _, line in body_lines).strip()
    if not body or body.startswith("$CATEGORY:"):
        return None
    item = ImportItem(line=body_lines[0][0], question=None)
    extensions = _extensions(comments, item)
    _read_question(_ESCAPE.sub(lambda match: _PLACEHOLDERS[match.group(1)], body), item, extensions)
    check_item(item)
    return item


def _extensions(comments: list[str], item: ImportItem) -> dict:
    found = {}
    for comment in comments:
        id_match = _ID_COMMENT.search(comment)
        if id_match and "id" not in found:
            found["id"] = id_match.group(1).replace("\\]", "]").strip()
        match = _EXTENSION.match(comment)
        if match:
            found[match.group(1)] = re.sub(r"\\(n|\\)", lambda m: "\n" if m.group(1) == "n" else "\\", match.group(2))
    if "points" in found:
        try:
            item.points = Decimal(found["points"].strip())
        except InvalidOperation:
            item.error("gift-bad-extension", value="@points: " + found["points"])
    if "rubric" in found:
        try:
            found["rubric"] = parse_rubric_spec(found["rubric"])
        except ValueError:
            item.error("gift-bad-extension", value="@rubric: " + found.pop("rubric"))
    return found


def _read_question(text: str, item: ImportItem, extensions: dict) -> None:
    name, text = _split_name(text)
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        item.error("gift-unsupported", kind="description")
        return
    if start < 0 or finish < start or text.count("{") != 1 or text.count("}") != 1:
        item.error("gift-braces")
        return
    answers = text[start + 1:finish].strip()
    after = text[finish + 1:]
    stem_format, stem = _formatted_text(text[:start] + ("_____" + after if after.strip() else ""), "moodle")
    explanation = ""
    if "####" in answers:
        answers, explanation = answers[:answers.rfind("####")].strip(), answers[answers.rfind("####") + 4:]
        explanation = _formatted_text(explanation, stem_format)[1]
    kind = _question_kind(answers)
    if kind not in ("essay", "multichoice"):
        item.error("gift-unsupported", kind=kind)
        return
    question_id = extensions.get("id") or name or question_id_for(stem)
    question = Question(id=question_id, stem=stem, explanation=explanation, source=extensions.get("source", ""),
                        line=item.line)
    if kind == "essay":
        item.type = "short"
        question.reference = extensions.get("reference", "").strip()
        question.rubric = extensions.get("rubric", [])
    else:
        _read_choices(answers, stem_format, question, item)
    item.question = question


def _split_name(text: str) -> tuple[str, str]:
    if not text.startswith("::"):
        return "", text
    finish = text.find("::", 2)
    if finish < 0:
        return "", text[2:]
    return text[2:finish].translate(_RESTORE).strip(), text[finish + 2:].strip()


def _question_kind(answers: str) -> str:
    if answers == "":
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "matching"
    if answers.split("#", 1)[0].strip() in _TRUE_FALSE:
        return "true-false"
    return "fill-in"


def _read_choices(answers: str, text_format: str, question: Question, item: ImportItem) -> None:
    single = "=" in answers
    pieces = answers.replace("=", "~=").split("~")
    if not pieces[0].strip():
        pieces = pieces[1:]
    if len(pieces) < 2:
        item.error("gift-too-few-answers")
    item.type = "single" if single else "multiple"
    for option_id, piece in zip(option_ids(len(pieces)), pieces, strict=True):
        weight, answer = _weight(piece.strip())
        if single and 0 < weight < 100:
            item.error("gift-partial-single", weight=weight)
        correct = weight >= 100 if single else weight > 0
        text = _formatted_text(answer.split("#", 1)[0], text_format)[1]
        question.options.append(Option(id=option_id, text=text, correct=correct))


def _weight(answer: str) -> tuple[Decimal, str]:
    if answer.startswith("="):
        return Decimal(100), answer[1:]
    match = _WEIGHT.match(answer)
    if match:
        return Decimal(match.group(1)), answer[match.end():]
    return Decimal(0), answer


def _formatted_text(raw: str, default_format: str) -> tuple[str, str]:
    """``(format, plain text)`` of a GIFT text with an optional ``[format]`` prefix."""
    text_format = default_format
    stripped = raw.strip()
    if stripped.startswith("[") and "]" in stripped:
        name = stripped[1:stripped.index("]")]
        if name in _FORMATS:
            text_format, stripped = name, stripped[stripped.index("]") + 1:]
    text = stripped.translate(_RESTORE)
    return text_format, (_html_to_text(text) if text_format == "html" else text).strip()


class _TextCollector(HTMLParser):
    _BREAKS = {"br", "p", "div", "li", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BREAKS and self.pieces:
            self.pieces.append("\n")

    def handle_data(self, data):
        self.pieces.append(data)


def _html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(collector.pieces))


# Writing -------------------------------------------------------------------------------------------

def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("\r", "")
    for char in "#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _comment_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n")


def _comment_lines(entry: BankEntry) -> list[str]:
    question = entry.question
    lines = [f"// [id:{question.id.replace(']', chr(92) + ']')}]"]
    if entry.points is not None:
        lines.append(f"// @points: {plain_number(entry.points)}")
    if question.source:
        lines.append(f"// @source: {_comment_value(question.source)}")
    if entry.type == "short" and question.reference:
        lines.append(f"// @reference: {_comment_value(question.reference)}")
    if entry.type == "short" and question.rubric:
        lines.append(f"// @rubric: {_comment_value(format_rubric_spec(question.rubric))}")
    return lines


def _question_lines(entry: BankEntry) -> list[str]:
    question = entry.question
    head = f"::{_escape(question.id)}::{_escape(question.stem)}"
    feedback = f"####{_escape(question.explanation)}" if question.explanation else ""
    if entry.type == "short":
        return [head + "{" + feedback + "}"]
    weight = plain_number((Decimal(100) / max(len(question.correct_option_ids()), 1)).quantize(Decimal("0.00001")))
    lines = [head + "{"]
    for option in question.options:
        if entry.type == "single":
            mark = "=" if option.correct else "~"
        else:
            mark = f"~%{weight}%" if option.correct else "~%-100%"
        lines.append("\t" + mark + _escape(option.text))
    if feedback:
        lines.append("\t" + feedback)
    return lines + ["}"]
