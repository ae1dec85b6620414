"""Structured problems: what is wrong, where, and an English message with a stable code.

Every check of the exam core (paper validation, OLX syntax, question imports) reports a
:class:`Problem`. The ``code`` never changes, the message template is in :data:`MESSAGES`, and
``params`` fill it, so the shell can translate the template and show the message in Studio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from gettext import NullTranslations

from carbon_common.i18n import Translator, _, ngettext_noop

ENGLISH = Translator(NullTranslations())  # the msgids themselves: Problem.message

MESSAGES = {
    # Paper structure (validate_paper).
    "paper-no-parts": _("The paper has no parts."),
    "missing-id": _("A {kind} has no id."),
    "duplicate-id": _('The {kind} id "{id}" is used more than once in the paper.'),
    "unknown-type": _('Pool "{pool}" has an unknown question type "{value}"; use single, multiple or short.'),
    "unknown-scoring": _('Pool "{pool}" has an unknown scoring mode "{value}"; use strict, partial or half.'),
    "unknown-grading": _('Pool "{pool}" has an unknown grading mode "{value}"; use staff or machine.'),
    "bad-draw": _('Pool "{pool}" must draw at least one question.'),
    "bad-points": _('Pool "{pool}" must give more than 0 points per question.'),
    "pool-too-small": ngettext_noop('Pool "{pool}" draws {draw} question but holds only {available}.',
                                    'Pool "{pool}" draws {draw} questions but holds only {available}.'),
    "total-mismatch": _("The drawn questions are worth {drawn} points but the paper total is {total}."),
    "bad-total": _("The paper total must be more than 0."),
    "bad-pass-mark": _("The pass mark must be more than 0."),
    "pass-mark-above-total": _("The pass mark {pass_mark} is above the paper total {total}."),
    "exclusion-bad-id": _(
        'Question "{question}" names the exclusion group "{group}"; use letters, digits, "-", "_", "." or ":".'
    ),
    "exclusion-repeated": _('Question "{question}" names the exclusion group "{group}" more than once.'),
    "exclusion-single": _(
        'The exclusion group "{group}" has only question "{question}": it excludes nothing (a typo, or its'
        ' partner was removed?).'
    ),
    "exclusion-starves-pool": ngettext_noop(
        'Pool "{pool}" draws {draw} question, but exclusion groups may leave only {available} to draw from.',
        'Pool "{pool}" draws {draw} questions, but exclusion groups may leave only {available} to draw from.',
    ),
    "track-pool-too-small": ngettext_noop(
        'Drawn from the track "{track}" alone, pool "{pool}" must draw {draw} question but can give only {available}.',
        'Drawn from the track "{track}" alone, pool "{pool}" must draw {draw} questions but can give only {available}.',
    ),
    "bad-as-of": _('The "as of" date "{value}" of question "{question}" must be a year and month, such as 2026-01.'),
    "empty-stem": _('Question "{question}" has no text.'),
    "empty-option": _('Option "{option}" of question "{question}" has no text.'),
    "duplicate-option": _('Question "{question}" has the option id "{option}" more than once.'),
    "too-few-options": _('Question "{question}" needs at least 2 options; it has {count}.'),
    "single-correct-count": _('Single-choice question "{question}" must have exactly one correct option; it has {count}.'),
    "multiple-too-few-correct": _(
        'Multiple-choice question "{question}" must have at least 2 correct options; it has {count}.'
    ),
    "multiple-no-wrong": _('Multiple-choice question "{question}" needs at least one wrong option.'),
    "short-has-options": _('Short-answer question "{question}" must not have options.'),
    "choice-has-rubric": _('Choice question "{question}" must not have a rubric.'),
    "rubric-total": _('The rubric of question "{question}" gives {rubric} points but the pool gives {points}.'),
    "rubric-bad-points": _('Rubric point {number} of question "{question}" must give more than 0 points.'),
    "rubric-no-keywords": _(
        'Rubric point {number} of question "{question}" has no keywords, so machine grading can never award it.'
    ),
    "empty-keyword": _('Rubric point {number} of question "{question}" has a keyword with no letters or digits.'),
    "invalid-character": _('The {field} of question "{question}" contains a control character that XML cannot store.'),
    # The Studio editor's JSON (paper_json.paper_from_json).
    "json-malformed": _("The editor sent data that cannot be read ({detail})."),
    "json-bad-number": _('The {field} of {kind} "{id}" must be a number, not "{value}".'),
    "json-bad-integer": _('The {field} of {kind} "{id}" must be a whole number, not "{value}".'),
    "json-bad-text": _('The {field} of {kind} "{id}" must be text of at most {limit} characters.'),
    "json-invalid-character": _('The {field} of {kind} "{id}" contains a control character that XML cannot store.'),
    "json-missing-option-id": _('An option of question "{question}" has no id.'),
    # Staff grades and learner answers (scoring, answers).
    "grade-count": _("The grade gives {count} values but the rubric has {expected} points."),
    "grade-range": _("Rubric point {number} is given {value} points; it must be between 0 and {maximum}."),
    "answers-not-a-mapping": _("Answers must be an object of question ids."),
    "answer-unknown-question": _('Question "{question}" is not on your paper.'),
    "answer-bad-type": _('The answer to question "{question}" must be {expected}.'),
    "answer-unknown-option": _('Question "{question}" has no option "{option}".'),
    "answer-too-many": _('Question "{question}" takes only one option.'),
    "answer-too-long": _('The answer to question "{question}" is longer than {limit} characters.'),
    # OLX syntax (olx.parse_paper).
    "xml-malformed": _("The XML is not well-formed at line {line}, column {column}: {reason}."),
    "xml-unknown-element": _("<{element}> is not allowed inside <{parent}>."),
    "xml-unknown-attribute": _('<{element}> has an unknown attribute "{attribute}".'),
    "xml-missing-attribute": _('<{element}> needs the attribute "{attribute}".'),
    "xml-bad-integer": _('<{element}> attribute "{attribute}" must be a whole number, not "{value}".'),
    "xml-bad-number": _('<{element}> attribute "{attribute}" must be a number, not "{value}".'),
    "xml-bad-boolean": _('<{element}> attribute "{attribute}" must be true or false, not "{value}".'),
    "xml-duplicate-element": _("<{element}> may appear only once inside <{parent}>."),
    "xml-missing-element": _("<{parent}> needs a <{element}> child."),
    "xml-markup-in-text": _("<{element}> holds plain text only; remove the <{child}> element inside it."),
    "xml-stray-text": _('Text "{text}" is not allowed directly inside <{element}>.'),
    # Question imports (importers).
    "import-undecodable": _("The file is not UTF-8 or GB18030 text."),
    "import-empty": _("The file holds no questions."),
    "import-unreadable": _("The file cannot be read as {format}: it is damaged or of another kind."),
    "import-legacy-xls": _("Old .xls files cannot be read; save the sheet as .xlsx or CSV."),
    "import-too-many-rows": _("The file has more than {max} rows; split it."),
    "import-too-many": _("The file holds more than {limit} items; split it."),
    "import-unknown-format": _('Unknown import format "{format}"; use gift, aiken, csv or xlsx.'),
    "table-missing-column": _('The header row has no "{column}" column.'),
    "table-unknown-column": _('The header row has an unknown column "{column}".'),
    "table-duplicate-column": _('The column "{column}" appears more than once in the header row.'),
    "table-unknown-type": _('Unknown question type "{value}"; use 单选题, 多选题 or 简答题.'),
    "table-missing-answer": _("The answer (答案) is empty."),
    "table-bad-answer": _('The answer "{value}" must be option letters such as B or ABD.'),
    "table-answer-no-option": _("The answer names option {letter}, which is empty."),
    "table-option-gap": _("Option {letter} is empty but a later option is filled in."),
    "table-bad-points": _('The points (分值) "{value}" must be a number above 0.'),
    "table-bad-keywords": _('The keywords (关键词) "{value}" must look like 活动数据|活动水平:2;排放因子:2.'),
    "table-options-for-short": _("A short-answer question must not have options."),
    "gift-braces": _("The answer braces { } do not match."),
    "gift-unsupported": _("GIFT {kind} questions are not supported; use single, multiple choice or essay."),
    "gift-category-ignored": _('The category "{category}" was ignored: the questions go into the pool you chose.'),
    "gift-too-few-answers": _("A choice question needs at least 2 answers."),
    "gift-partial-single": _("A single-answer question cannot give partial credit ({weight}%) for a wrong option."),
    "gift-bad-extension": _('The comment "{value}" could not be read.'),
    "aiken-no-question": _("An option or ANSWER line appears before any question text."),
    "aiken-unfinished": _("The question has no ANSWER line."),
    "aiken-too-few-options": _("The question needs at least 2 options."),
    "aiken-bad-answer": _('The answer "{value}" must be the letter of one option.'),
    "aiken-duplicate-option": _("Option {letter} appears more than once."),
    "aiken-stray-line": _("The line after the options is neither an option nor an ANSWER line."),
    "export-unsupported-type": _("{format} cannot hold {kind} questions."),
    "export-too-many-options": _("The table template holds at most {limit} options; this question has {count}."),
    "item-type-mismatch": _("This is a {found} question but the pool holds {expected} questions."),
    "item-points-mismatch": _("This question gives {found} points but the pool gives {expected}."),
    "item-duplicate-id": _('The question id "{id}" is already used.'),
}


# Question types in ``found``, ``expected`` and ``kind`` are shown by their label, never their code.
TYPE_LABELS = {
    "single": _("Single choice"), "multiple": _("Multiple choice"), "short": _("Short answer"), "description": _("Description"),
    "true-false": _("True/false"), "fill-in": _("Fill in the blank"), "numerical": _("Numerical"), "matching": _("Matching"),
}
# Why XML is not well-formed (``reason``), in words, not the parser's English.
XML_REASONS = {
    "tag-mismatch": _("a closing tag does not match the element it closes"),
    "tag-unclosed": _("an element is not closed"),
    "bad-name": _('a "<" or "&" is not followed by a name (write &lt; or &amp; for the character itself)'),
    "attribute-quotes": _("an attribute value must be in quotes"),
    "unknown-entity": _("XML knows no such entity (type the character itself)"),
    "extra-content": _("there is more after the last element"),
    "attribute-twice": _("an attribute appears twice in one element"),
    "other": _("this is not XML"),
}
LABELS = {"found": TYPE_LABELS, "expected": TYPE_LABELS, "kind": TYPE_LABELS, "reason": XML_REASONS}


# The parameter whose number picks the plural form of a message (ngettext).
COUNTS = {"pool-too-small": "draw", "exclusion-starves-pool": "draw", "track-pool-too-small": "draw"}


def render(code: str, params: dict, t: Translator) -> str:
    """The message of ``code`` through translator ``t`` (labels and plural forms included); ``code`` if unknown."""
    template = MESSAGES.get(code, code)
    values = labelled(params, t.gettext)
    try:
        if isinstance(template, tuple):
            return t.ngettext(*template, params[COUNTS[code]], **values)
        return t.gettext(template, **values)
    except (KeyError, IndexError):
        return template if isinstance(template, str) else template[1]


def labelled(params: dict, translate=lambda text: text) -> dict:
    """``params`` with codes (question types, XML reasons) replaced by their (translated) labels."""
    return {key: translate(LABELS[key][value]) if isinstance(value, str) and value in LABELS.get(key, {}) else value
            for key, value in params.items()}


def plain_number(value: Decimal | int) -> str:
    """A number as people write it: ``2``, ``2.5``, ``0.67`` (no exponent, no trailing zeros)."""
    text = f"{Decimal(value).normalize():f}"
    return "0" if text == "-0" else text


@dataclass
class Problem:
    """One problem: a stable ``code``, ``params`` for its message, and where it was found."""

    code: str
    params: dict = field(default_factory=dict)
    part: str | None = None
    pool: str | None = None
    question: str | None = None
    element: str | None = None
    line: int | None = None

    @property
    def message(self) -> str:
        """The English message (the template in :data:`MESSAGES` filled with ``params``)."""
        return render(self.code, self.params, ENGLISH)

    def to_dict(self) -> dict:
        """JSON-ready form, for handlers and the Studio editor."""
        return {
            "code": self.code,
            "message": self.message,
            "params": dict(self.params),
            "part": self.part,
            "pool": self.pool,
            "question": self.question,
            "element": self.element,
            "line": self.line,
        }

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return where + self.message


def problem(code: str, where: dict | None = None, **params) -> Problem:
    """Build a :class:`Problem`; numbers in ``params`` are written the plain way."""
    clean = {key: plain_number(value) if isinstance(value, Decimal) else value for key, value in params.items()}
    return Problem(code, clean, **(where or {}))
