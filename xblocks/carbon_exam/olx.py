"""The paper as OLX child elements of ``<carbon_exam>``: parse, validate syntax, write back.

``parse_paper`` reads ``<part>/<pool>/<question>`` children (see docs/architecture.md) and raises
:class:`PaperSyntaxError` listing every problem with its element and line; ``write_paper`` writes
the same structure back with attributes in a fixed order and defaults left out, so that
parse -> write -> parse gives an equal paper. Texts are plain text: surrounding white space is
trimmed, inner white space and line breaks are kept, markup inside a text element is an error.
Block settings (attributes of ``<carbon_exam>`` itself) belong to the shell.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from .paper import (
    DEFAULT_GRADING,
    DEFAULT_PASS_MARK,
    DEFAULT_SCORING,
    DEFAULT_TOTAL_POINTS,
    Option,
    Paper,
    Part,
    Pool,
    Question,
    RubricPoint,
)
from .problems import Problem, plain_number, problem

_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d+)?\s*$")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_QUESTION_TEXTS = ("stem", "reference", "explanation", "source")


class PaperSyntaxError(ValueError):
    """The OLX cannot be read as a paper; ``errors`` lists :class:`Problem` (line, element, message)."""

    def __init__(self, errors: list[Problem]):
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))

    def triples(self) -> list[tuple[int | None, str | None, str]]:
        """The errors as ``(line, element, message)`` tuples."""
        return [(error.line, error.element, error.message) for error in self.errors]


def safe_xml_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD and never uses the network.

    Comments and processing instructions are kept in the tree (the parser loses nothing);
    ``parse_paper`` ignores them.
    """
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=False, remove_pis=False, remove_blank_text=False,
    )


_XML_REASONS = {  # libxml2's error names -> reasons with a message in the author's language (problems.LABELS)
    "ERR_TAG_NAME_MISMATCH": "tag-mismatch", "ERR_TAG_NOT_FINISHED": "tag-unclosed", "ERR_NAME_REQUIRED": "bad-name",
    "ERR_LT_IN_ATTRIBUTE": "bad-name", "ERR_ATTRIBUTE_NOT_STARTED": "attribute-quotes",
    "ERR_UNDECLARED_ENTITY": "unknown-entity", "ERR_DOCUMENT_END": "extra-content",
    "ERR_ATTRIBUTE_REDEFINED": "attribute-twice",
}


def parse_xml(text: str | bytes, wrapper: str | None = None) -> etree._Element:
    """Parse an XML document with :func:`safe_xml_parser`; malformed XML is a :class:`PaperSyntaxError`.

    With ``wrapper``, ``text`` is a fragment parsed inside ``<wrapper>``: errors still name the line and
    column of ``text`` itself. Errors carry a reason code, never the parser's English.
    """
    shift = 0
    if wrapper is not None:
        opening = f"<{wrapper}>"
        text = opening + (text.decode("utf-8") if isinstance(text, bytes) else text) + f"</{wrapper}>"
        shift = len(opening)
    if isinstance(text, str):
        text = text.encode("utf-8")
    try:
        return etree.fromstring(text, safe_xml_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        if line == 1 and column:
            column = max(column - shift, 1)
        reason = _XML_REASONS.get(etree.ErrorTypes._getName(error.code, ""), "other")
        raise PaperSyntaxError([problem("xml-malformed", {"line": line}, line=line, column=column,
                                        reason=reason)]) from None


def parse_paper(element, total_points: Decimal = DEFAULT_TOTAL_POINTS,
                pass_mark: Decimal = DEFAULT_PASS_MARK) -> Paper:
    """The paper held by the ``<part>`` children of ``element`` (a ``<carbon_exam>``)."""
    reader = _Reader()
    parts = [reader.part(child) for child in reader.children(element, {"part"})]
    reader.raise_errors()
    return Paper(parts=parts, total_points=Decimal(total_points), pass_mark=Decimal(pass_mark))


def parse_question(element, extra_attributes: tuple[str, ...] = ()) -> Question:
    """One ``<question>`` element (``extra_attributes`` are tolerated, e.g. ``type`` in a bank)."""
    reader = _Reader()
    question = reader.question(element, extra_attributes)
    reader.raise_errors()
    return question


def write_paper(paper: Paper, element) -> None:
    """Append the paper's parts to ``element`` as ``<part>`` children.

    Validate first: lxml refuses (ValueError) texts with control characters XML cannot hold.
    """
    for part in paper.parts:
        part_element = _sub(element, "part", [("id", part.id), ("title", part.title or None)])
        for pool in part.pools:
            _write_pool(pool, part_element)


def write_question(question: Question, parent, extra_attributes: list[tuple[str, str]] = ()) -> etree._Element:
    """Append ``question`` to ``parent`` as a ``<question>`` element and return it."""
    element = _sub(parent, "question", [("id", question.id), *extra_attributes,
                                        ("exclude", " ".join(question.exclude) or None), ("as_of", question.as_of or None),
                                        ("track", question.track or None)])
    _text_child(element, "stem", question.stem, always=True)
    for option in question.options:
        option_element = _sub(element, "option", [("id", option.id), ("correct", "true" if option.correct else None)])
        option_element.text = option.text
    _text_child(element, "reference", question.reference)
    if question.rubric:
        rubric = etree.SubElement(element, "rubric")
        for point in question.rubric:
            point_element = _sub(rubric, "point", [("points", plain_number(point.points)), ("label", point.label or None)])
            for keyword in point.keywords:
                _text_child(point_element, "keyword", keyword, always=True)
    _text_child(element, "explanation", question.explanation)
    _text_child(element, "source", question.source)
    return element


def _write_pool(pool: Pool, parent) -> None:
    attributes = [("id", pool.id), ("type", pool.type), ("draw", str(pool.draw)), ("points", plain_number(pool.points))]
    if pool.type == "multiple" or pool.scoring != DEFAULT_SCORING:
        attributes.append(("scoring", pool.scoring))
    if pool.type == "short" or pool.grading != DEFAULT_GRADING:
        attributes.append(("grading", pool.grading))
    element = _sub(parent, "pool", attributes)
    for question in pool.questions:
        write_question(question, element)


def _sub(parent, tag: str, attributes: list[tuple[str, str | None]]):
    element = etree.SubElement(parent, tag)
    for name, value in attributes:
        if value is not None:
            element.set(name, value)
    return element


def _text_child(parent, tag: str, text: str, always: bool = False) -> None:
    if text or always:
        etree.SubElement(parent, tag).text = text


class _Reader:
    """Reads elements into paper objects, collecting every problem instead of stopping at the first."""

    def __init__(self):
        self.errors: list[Problem] = []

    def raise_errors(self) -> None:
        if self.errors:
            raise PaperSyntaxError(sorted(self.errors, key=lambda error: error.line or 0))

    def error(self, code: str, node, /, **params) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        self.errors.append(problem(code, {"element": tag, "line": node.sourceline}, **params))

    # Elements -------------------------------------------------------------------------------

    def part(self, element) -> Part:
        attributes = self.attributes(element, required=("id",), optional=("title",))
        pools = [self.pool(child) for child in self.children(element, {"pool"})]
        return Part(id=attributes.get("id", ""), title=attributes.get("title", ""), pools=pools, line=element.sourceline)

    def pool(self, element) -> Pool:
        attributes = self.attributes(element, required=("id", "type", "draw", "points"), optional=("scoring", "grading"))
        questions = [self.question(child) for child in self.children(element, {"question"})]
        return Pool(
            id=attributes.get("id", ""),
            type=attributes.get("type", ""),
            draw=self.integer(element, "draw", attributes),
            points=self.number(element, "points", attributes),
            questions=questions,
            scoring=attributes.get("scoring", DEFAULT_SCORING),
            grading=attributes.get("grading", DEFAULT_GRADING),
            line=element.sourceline,
        )

    def question(self, element, extra_attributes: tuple[str, ...] = ()) -> Question:
        attributes = self.attributes(element, required=("id",), optional=("exclude", "as_of", "track", *extra_attributes))
        children = list(self.children(element, {*_QUESTION_TEXTS, "option", "rubric"}))
        texts = self.singletons(element, children, _QUESTION_TEXTS + ("rubric",))
        if "stem" not in texts:
            self.error("xml-missing-element", element, parent="question", element="stem")
        rubric = texts.pop("rubric", None)
        return Question(
            id=attributes.get("id", ""),
            exclude=attributes.get("exclude", "").split(),
            as_of=attributes.get("as_of", ""),
            track=attributes.get("track", ""),
            options=[self.option(child) for child in children if child.tag == "option"],
            rubric=self.rubric(rubric) if rubric is not None else [],
            line=element.sourceline,
            **{name: self.leaf_text(texts[name]) if name in texts else "" for name in _QUESTION_TEXTS},
        )

    def option(self, element) -> Option:
        attributes = self.attributes(element, required=("id",), optional=("correct",))
        return Option(id=attributes.get("id", ""), text=self.text(element), correct=self.boolean(element, "correct", attributes),
                      line=element.sourceline)

    def rubric(self, element) -> list[RubricPoint]:
        self.attributes(element, required=(), optional=())
        return [self.point(child) for child in self.children(element, {"point"})]

    def point(self, element) -> RubricPoint:
        attributes = self.attributes(element, required=("points",), optional=("label",))
        keywords = [self.leaf_text(child) for child in self.children(element, {"keyword"})]
        return RubricPoint(points=self.number(element, "points", attributes), label=attributes.get("label", ""),
                           keywords=keywords, line=element.sourceline)

    # Building blocks ------------------------------------------------------------------------

    def children(self, element, allowed: set[str]):
        """Yield the element children with an allowed tag; report anything else."""
        self.stray_text(element, element.text)
        for child in element:
            if isinstance(child, (etree._Comment, etree._ProcessingInstruction)):
                pass
            elif not isinstance(child.tag, str) or child.tag not in allowed:
                self.error("xml-unknown-element", child, element=_tag_name(child), parent=element.tag)
            else:
                yield child
            self.stray_text(element, child.tail)

    def stray_text(self, element, text: str | None) -> None:
        if text and text.strip():
            self.error("xml-stray-text", element, text=_shorten(text.strip()), element=element.tag)

    def singletons(self, parent, children, tags) -> dict:
        found = {}
        for child in children:
            if child.tag in tags:
                if child.tag in found:
                    self.error("xml-duplicate-element", child, element=child.tag, parent=parent.tag)
                found.setdefault(child.tag, child)
        return found

    def attributes(self, element, required: tuple[str, ...], optional: tuple[str, ...]) -> dict:
        values = dict(element.attrib)
        for name in values:
            if name not in required and name not in optional:
                self.error("xml-unknown-attribute", element, element=element.tag, attribute=name)
        for name in required:
            if name not in values:
                self.error("xml-missing-attribute", element, element=element.tag, attribute=name)
        return {name: value.strip() for name, value in values.items()}

    def leaf_text(self, element) -> str:
        """The text of an element that takes no attributes (``<stem>``, ``<keyword>`` ...)."""
        self.attributes(element, required=(), optional=())
        return self.text(element)

    def text(self, element) -> str:
        """The plain text of a leaf element, trimmed; child elements are reported."""
        pieces = [element.text or ""]
        for child in element:
            if not isinstance(child, (etree._Comment, etree._ProcessingInstruction)):
                self.error("xml-markup-in-text", child, element=element.tag, child=_tag_name(child))
            pieces.append(child.tail or "")
        return "".join(pieces).strip()

    def integer(self, element, name: str, attributes: dict) -> int:
        value = attributes.get(name)
        if value is None:
            return 0
        if not _INTEGER.match(value):
            self.error("xml-bad-integer", element, element=element.tag, attribute=name, value=value)
            return 0
        return int(value)

    def number(self, element, name: str, attributes: dict) -> Decimal:
        value = attributes.get(name)
        if value is None:
            return Decimal(0)
        if not _NUMBER.match(value):
            self.error("xml-bad-number", element, element=element.tag, attribute=name, value=value)
            return Decimal(0)
        return Decimal(value.strip())

    def boolean(self, element, name: str, attributes: dict) -> bool:
        value = attributes.get(name, "false")
        if value.lower() not in _BOOLEANS:
            self.error("xml-bad-boolean", element, element=element.tag, attribute=name, value=value)
            return False
        return _BOOLEANS[value.lower()]


def _tag_name(element) -> str:
    if isinstance(element, etree._Entity):
        return f"&{element.name};"
    return element.tag if isinstance(element.tag, str) else str(element.tag)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
