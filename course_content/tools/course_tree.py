"""Read the OLX course tree: follow pointer elements from ``course.xml`` down to the blocks.

Shared by the tools and the course checks (``tests/course_content``).
"""
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR

#: Section slugs in course order; ``apply`` and ``exam`` have no lessons.
SECTIONS = ("apply", "basic-theory", "management", "verification", "asset", "monitoring", "consulting",
            "accounting", "trading", "audit", "assessment", "exam")
TEACHING_SECTIONS = SECTIONS[1:-1]


@dataclass(frozen=True)
class Block:
    """One block of the course: its type, url_name, definition element and the file that holds it."""

    block_type: str
    url_name: str
    element: etree._Element
    path: Path

    def children(self):
        """The child elements, comments left out."""
        return [child for child in self.element if isinstance(child.tag, str)]


def is_pointer(element):
    """True for ``<tag url_name="x"/>``: only a url_name, no children, no text (OLX pointer tag)."""
    return (set(element.attrib) == {"url_name"} and len(element) == 0
            and not (element.text or "").strip())


def parse(path):
    """Parse one XML file (comments dropped)."""
    return etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()


def load(block_type, url_name, course_dir=COURSE_DIR):
    """Load the block ``<block_type>/<url_name>.xml``."""
    path = Path(course_dir) / block_type / f"{url_name}.xml"
    return Block(block_type, url_name, parse(path), path)


def resolve(element, course_dir=COURSE_DIR):
    """The block a child element stands for: the pointed-to file, or the inline element itself."""
    if is_pointer(element):
        return load(element.tag, element.get("url_name"), course_dir)
    return Block(element.tag, element.get("url_name", ""), element, None)


def course(course_dir=COURSE_DIR):
    """The course block (``course/<run>.xml``) named by ``course.xml``."""
    root = parse(Path(course_dir) / "course.xml")
    return load("course", root.get("url_name"), course_dir)


def sections(course_dir=COURSE_DIR):
    """``[chapter Block]`` in course order."""
    return [resolve(child, course_dir) for child in course(course_dir).children()]


def lessons(course_dir=COURSE_DIR):
    """``[(section slug, sequential Block)]`` for every lesson of the teaching sections."""
    found = []
    for chapter in sections(course_dir):
        if chapter.url_name in TEACHING_SECTIONS:
            found.extend((chapter.url_name, resolve(child, course_dir)) for child in chapter.children())
    return found


def walk(course_dir=COURSE_DIR, missing=None):
    """Every block reachable from ``course.xml`` through pointers (depth first, course order).

    A pointer whose file does not exist raises ``FileNotFoundError``, or, when ``missing`` is a list,
    is appended to it as ``(pointing file, "<type>/<url_name>.xml")`` and skipped.
    """
    stack = [course(course_dir)]
    while stack:
        block = stack.pop()
        yield block
        children = []
        for child in block.children():
            if not is_pointer(child):
                continue
            target = Path(course_dir) / child.tag / f"{child.get('url_name')}.xml"
            if not target.is_file():
                if missing is None:
                    raise FileNotFoundError(target)
                missing.append((block.path, f"{child.tag}/{child.get('url_name')}.xml"))
                continue
            children.append(resolve(child, course_dir))
        stack.extend(reversed(children))
