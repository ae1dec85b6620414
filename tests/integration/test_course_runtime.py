"""The programme's course (course_content/) through the local runtime: it loads, our blocks export back
what they imported, references resolve, and the packed archive loads the same."""
import shutil
import tarfile
from pathlib import Path

import pytest
from lxml import etree

from devsite.lms.course import Course
from devsite.lms.runtime import LmsRuntime

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
OUR_TYPES = ("carbon_exam", "hours_gate", "eligibility_form")
TRACKS = ("management", "verification", "asset", "monitoring", "consulting", "accounting", "trading", "audit",
          "assessment")


def canonical(element):
    """Tag, attributes and children, whitespace-insensitive, for comparing OLX."""
    attrs = {k: v for k, v in element.attrib.items() if k not in ("xblock-family", "url_name")}
    text = (element.text or "").strip()
    return (element.tag, tuple(sorted(attrs.items())), text,
            tuple(canonical(child) for child in element if isinstance(child.tag, str)))


def export_block(block):
    node = etree.Element("unknown")
    block.add_xml_to_node(node)
    return node


def test_course_loads_with_every_section_in_order(real_course):
    chapters = [key.block_id for key in real_course.children(real_course.root_key)]
    assert chapters == ["apply", "basic-theory", *TRACKS, "exam"]
    for chapter in chapters[1:-1]:
        lessons = real_course.children(real_course.course_key.make_usage_key("chapter", chapter))
        assert len(lessons) >= 3
        for lesson in lessons:
            (unit,) = real_course.children(lesson)
            assert [child.block_type for child in real_course.children(unit)] == ["video", "html", "carbon_exam"]


def test_gate_references_resolve_and_hold_the_final_exam(real_course, make_user):
    gate_key = real_course.course_key.make_usage_key("hours_gate", "exam_gate")
    user = make_user("ann", real_course)
    gate = LmsRuntime(real_course, user).get_block(gate_key)
    assert [child.block_type for child in gate.children] == ["carbon_exam"]
    source = etree.parse(str(REPO / "course_content" / "hours_gate" / "exam_gate.xml")).getroot()
    credits = source.findall("credit")
    assert len(credits) >= 30
    for credit in credits:
        key = real_course.course_key.make_usage_key(credit.get("block_type"), credit.get("url_name"))
        assert key in real_course.block_types, key
    assert sum(float(c.get("hours")) for c in credits) > float(source.get("required_hours"))
    application = real_course.course_key.make_usage_key("eligibility_form", source.get("application_url_name"))
    assert application in real_course.block_types


def test_our_blocks_export_back_what_they_imported(real_course, make_user, tmp_path, load_course):
    """Import -> export -> import -> export is stable, and the first export keeps the source's content."""
    user = make_user("ann", real_course)
    runtime = LmsRuntime(real_course, user)
    from course_content.tools import pack

    copy = tmp_path / "course"
    shutil.copytree(REPO / "course_content", copy, ignore=shutil.ignore_patterns("generated", "tools"))
    sources = pack.course_files(REPO / "course_content")
    first = {}
    for key in list(real_course.block_types):
        if key.block_type not in OUR_TYPES:
            continue
        exported = export_block(runtime.get_block(key))
        first[key] = exported
        relative = f"{key.block_type}/{key.block_id}.xml"
        if relative not in sources:  # defined inline in its parent (the final exam inside the gate)
            continue
        source = etree.parse(str(sources[relative])).getroot()
        pack._inline(source, sources, REPO / "course_content", set())  # children as the archive holds them
        source_children = [canonical(child) for child in source if isinstance(child.tag, str)]
        assert [canonical(child) for child in exported if isinstance(child.tag, str)] == source_children, key
        for name, value in source.attrib.items():
            if name in exported.attrib:
                assert exported.get(name) == value, (key, name)
        (copy / key.block_type / f"{key.block_id}.xml").write_bytes(etree.tostring(exported, encoding="utf-8"))
    assert len(first) >= 33
    reloaded = Course(pack.write_tree(tmp_path / "packed", copy, prepared=False)).load()
    reruntime = LmsRuntime(reloaded, user)
    for key, exported in first.items():
        assert canonical(export_block(reruntime.get_block(key))) == canonical(exported), key


def test_packed_archive_loads_the_same_course(real_course, tmp_path):
    from course_content.tools import pack

    assert pack.main(["--out", str(tmp_path)]) in (0, None)
    (tarball,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "x", filter="data")
    loaded = Course(tmp_path / "x" / "course").load()
    assert loaded.course_key == real_course.course_key
    assert set(loaded.block_types) == set(real_course.block_types)
