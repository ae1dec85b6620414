"""Pack the OLX course into a ``.tar.gz`` that Studio imports (Tools > Import).

The archive's single root folder is ``course/``; it holds the OLX and the generated stand-in
media, and leaves out the tools, the question-bank sources (already assembled into
``carbon_exam/final_exam.xml``) and this folder's README. Entries are sorted and time-stamped
alike, so the same input gives the same archive.

The sources keep each pure XBlock (``carbon_exam``, ``hours_gate``, ``eligibility_form``) in a file of
its own behind a pointer tag, which is easy to author. Open edX (Teak) resolves pointer tags only for
its built-in blocks: a pure XBlock gets the bare tag. So the archive is written as Studio's own export
writes it: every pure XBlock inline in its parent's file (:func:`inline_pure_xblocks`).

    python -m course_content.tools.pack --out dist/
    python -m course_content.tools.pack --tree var/course   # the same OLX as a folder (what devsite serves)
"""
import argparse
import gzip
import io
import sys
import tarfile
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR, assemble_exam, make_media

ROOT_FOLDER = "course"
#: Tags the platform parses itself (XModule-style blocks and course structure): pointers to them stay.
PLATFORM_TAGS = {"course", "chapter", "sequential", "vertical", "html", "video", "problem", "discussion",
                 "library_content", "split_test", "conditional", "about", "info", "static", "tabs"}
#: Top-level entries of ``course_content/`` that are sources, not OLX.
EXCLUDED_TOP_LEVEL = {"tools", "question_bank", "README.md", "__init__.py"}
EXCLUDED_NAMES = {"__pycache__", ".DS_Store"}
ARCHIVE_MTIME = 1767196800  # 2026-01-01T00:00:00+08:00, a fixed stamp for reproducible archives


class PackError(RuntimeError):
    """The course is not in a state to be packed."""


def course_files(course_dir=COURSE_DIR):
    """``{relative posix path: absolute Path}`` of every file that belongs in the archive."""
    course_dir = Path(course_dir)
    files = {}
    for path in sorted(course_dir.rglob("*")):
        relative = path.relative_to(course_dir)
        if (relative.parts[0] in EXCLUDED_TOP_LEVEL or EXCLUDED_NAMES.intersection(relative.parts)
                or any(part.startswith(".") for part in relative.parts) or path.suffix == ".pyc"):
            continue
        if path.is_file():
            files[relative.as_posix()] = path
    return files


def run_name(course_dir=COURSE_DIR):
    """The ``url_name`` (run) and ``org``/``course`` of ``course.xml``."""
    root = etree.parse(str(Path(course_dir) / "course.xml")).getroot()
    return root.get("org"), root.get("course"), root.get("url_name")


def write_archive(target, files):
    """Write ``files`` (``{relative path: Path or bytes}``) under ``course/`` into ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        directories = set()
        for relative in sorted(files):
            parts = relative.split("/")
            for depth in range(len(parts)):
                folder = "/".join([ROOT_FOLDER, *parts[:depth]])
                if folder not in directories:
                    directories.add(folder)
                    info = tarfile.TarInfo(folder)
                    info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, ARCHIVE_MTIME
                    tar.addfile(info)
            content = files[relative]
            data = content if isinstance(content, bytes) else Path(content).read_bytes()
            info = tarfile.TarInfo(f"{ROOT_FOLDER}/{relative}")
            info.size, info.mode, info.mtime = len(data), 0o644, ARCHIVE_MTIME
            tar.addfile(info, io.BytesIO(data))
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=ARCHIVE_MTIME,
                                                  filename="") as out:
        out.write(buffer.getvalue())
    return target


def prepare(course_dir=COURSE_DIR):
    """Generate the stand-in media and make sure the final paper matches the question bank."""
    make_media.generate(course_dir)
    if (Path(course_dir) / "question_bank").is_dir() and not assemble_exam.is_current(course_dir):
        raise PackError("carbon_exam/final_exam.xml is out of date: "
                        "run python -m course_content.tools.assemble_exam")


def _is_pointer(node):
    return len(node) == 0 and set(node.attrib) == {"url_name"} and not (node.text or "").strip()


def _inline(node, files, course_dir, used):
    """Replace pointer tags to pure XBlocks under ``node`` by their definitions, recursively."""
    for index, child in enumerate(list(node)):
        if not isinstance(child.tag, str):
            continue
        relative = f"{child.tag}/{child.get('url_name')}.xml"
        if child.tag not in PLATFORM_TAGS and _is_pointer(child) and relative in files:
            definition = etree.fromstring(Path(files[relative]).read_bytes(), _parser())
            definition.set("url_name", child.get("url_name"))
            definition.tail = child.tail
            node[index] = definition
            used.add(relative)
            child = definition
        _inline(child, files, course_dir, used)


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def inline_pure_xblocks(files, course_dir=COURSE_DIR):
    """``files`` with every pure XBlock written inline in its parent's file, as Studio exports them.

    The definitions' own files are dropped once inlined; a definition nothing points to stays.
    """
    result, used = dict(files), set()
    for relative, path in files.items():
        top = relative.split("/", 1)[0]
        if top not in PLATFORM_TAGS or not relative.endswith(".xml"):
            continue
        raw = Path(path).read_bytes()
        root = etree.fromstring(raw, _parser())
        before = len(used)
        _inline(root, files, course_dir, used)
        if len(used) != before:
            result[relative] = etree.tostring(root, encoding="utf-8", xml_declaration=raw.startswith(b"<?xml"))
    for relative in used:
        result.pop(relative, None)
    return result


def build(out_dir, course_dir=COURSE_DIR):
    """Prepare and pack the course; return the archive path (``<org>-<course>-<run>.tar.gz``)."""
    prepare(course_dir)
    org, course, run = run_name(course_dir)
    return write_archive(Path(out_dir) / f"{org}-{course}-{run}.tar.gz",
                         inline_pure_xblocks(course_files(course_dir), course_dir))


def write_tree(target, course_dir=COURSE_DIR, prepared=True):
    """Write the packed course as a folder (the archive's ``course/``) at ``target``; return it."""
    import shutil

    if prepared:
        prepare(course_dir)
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    for relative, content in inline_pure_xblocks(course_files(course_dir), course_dir).items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            destination.write_bytes(content)
        else:
            shutil.copyfile(content, destination)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist/)")
    parser.add_argument("--tree", type=Path, help="write the packed course as a folder here instead")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        archive = write_tree(args.tree, args.course_dir) if args.tree else build(args.out, args.course_dir)
    except PackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
