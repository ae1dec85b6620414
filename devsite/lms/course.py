"""The authored course: OLX loaded from `course_content/` into an in-memory content store.

This plays the modulestore's part: block types, content/settings field values, children and parents,
keyed by real `block-v1:` usage keys. Learner state lives in the database (see runtime.py).
"""
import itertools
import json
import threading
from pathlib import Path

from lxml import etree
from opaque_keys.edx.locator import CourseLocator
from xblock.core import XBlock
from xblock.fields import ScopeIds
from xblock.runtime import IdGenerator, IdReader, NoSuchDefinition

_LOCK = threading.Lock()
_COURSES = {}


def secure_parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


class CourseIds(IdReader, IdGenerator):
    """Usage keys are `block-v1:` locators; a definition id is its usage key, as in the old modulestore."""

    def __init__(self, course):
        self.course = course

    def create_definition(self, block_type, slug=None):
        return self.course.course_key.make_usage_key(block_type, slug)

    def create_usage(self, def_id):
        return def_id

    def get_definition_id(self, usage_id):
        return usage_id

    def get_block_type(self, def_id):
        if def_id not in self.course.block_types:
            raise NoSuchDefinition(repr(def_id))
        return self.course.block_types[def_id]

    def create_aside(self, definition_id, usage_id, aside_type):
        raise NotImplementedError("asides are not supported by the local runtime")

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError


class VersionedValues(dict):
    """The course's field values, counting changes: ``version`` plays the modulestore's course version (the
    split modulestore sets ``course_version`` on the blocks it loads), so caches keyed by it see every edit.
    Versions are unique in the process, across courses and reloads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = next(_EDITS)

    def _edited(self):
        self.version = next(_EDITS)

    def __setitem__(self, key, value):
        self._edited()
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._edited()
        super().__delitem__(key)

    def pop(self, *args):
        self._edited()
        return super().pop(*args)

    def update(self, *args, **kwargs):
        self._edited()
        super().update(*args, **kwargs)

    def setdefault(self, key, default=None):
        self._edited()
        return super().setdefault(key, default)

    def clear(self):
        self._edited()
        super().clear()


_EDITS = itertools.count(1)


class Course:
    """One course run loaded from an OLX directory."""

    def __init__(self, course_dir):
        self.course_dir = Path(course_dir)
        root = etree.parse(str(self.course_dir / "course.xml"), secure_parser()).getroot()
        self.run = root.get("url_name")
        self.course_key = CourseLocator(root.get("org"), root.get("course"), self.run)
        self.ids = CourseIds(self)
        self.block_types = {}
        self.values = VersionedValues()  # (scope name, block scope id, field name) -> value
        self.policy = self._read_json(f"policies/{self.run}/policy.json").get(f"course/{self.run}", {})
        self.grading_policy = self._read_json(f"policies/{self.run}/grading_policy.json")
        self.root_key = None

    def _read_json(self, relative):
        path = self.course_dir / relative
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def load(self):
        from devsite.lms.runtime import LoadingRuntime

        runtime = LoadingRuntime(self)
        node = etree.Element("course", url_name=self.run)
        self.root_key = runtime.usage_from_node(node, None)
        return self

    @property
    def content_version(self) -> str:
        """Changes with every edit of the content (the runtime's ``content_version``, the modulestore's version)."""
        return str(self.values.version)

    # --- tree navigation ----------------------------------------------------------------------
    def children(self, usage_key):
        return list(self.values.get(("children", str(usage_key), "children"), []))

    def parent(self, usage_key):
        return self.values.get(("parent", str(usage_key), "parent"))

    def field(self, usage_key, name, default=None):
        for scope in ("settings", "content"):
            value = self.values.get((scope, str(usage_key), name))
            if value is not None:
                return value
        return default

    def walk(self, usage_key=None, depth=0):
        """(usage key, depth) for the whole tree in order."""
        usage_key = usage_key or self.root_key
        yield usage_key, depth
        for child in self.children(usage_key):
            yield from self.walk(child, depth + 1)

    def ancestors(self, usage_key):
        chain = []
        parent = self.parent(usage_key)
        while parent is not None:
            chain.append(parent)
            parent = self.parent(parent)
        return chain

    def of_type(self, block_type):
        return [key for key, _ in self.walk() if key.block_type == block_type]

    def display_name(self, usage_key):
        return self.field(usage_key, "display_name") or usage_key.block_id

    def units(self):
        """All verticals in course order (what the courseware navigates between)."""
        return self.of_type("vertical")


def get_course(course_dir=None):
    """The course loaded once per process (the OLX is read at first use)."""
    from django.conf import settings

    course_dir = Path(course_dir or settings.COURSE_CONTENT_DIR)
    with _LOCK:
        if course_dir not in _COURSES:
            _COURSES[course_dir] = Course(course_dir).load()
        return _COURSES[course_dir]


def get_course_by_key(course_key):
    course = get_course()
    if str(course.course_key) != str(course_key):
        return None
    return course


def reload_course():
    with _LOCK:
        _COURSES.clear()
    return get_course()


def block_class(block_type):
    """The class for an OLX tag: the local stand-ins for platform blocks, installed XBlocks otherwise."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from devsite.lms import blocks

    extra = getattr(settings, "DEVSITE_EXTRA_BLOCKS", {})
    if block_type in extra:
        return import_string(extra[block_type])
    if block_type in blocks.PLATFORM_STANDINS:
        return blocks.PLATFORM_STANDINS[block_type]
    return XBlock.load_class(block_type, default=blocks.UnknownBlock)


__all__ = ["Course", "CourseIds", "ScopeIds", "block_class", "get_course", "get_course_by_key", "reload_course"]
