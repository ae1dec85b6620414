"""Pack the OLX course into a ``.tar.gz`` that Studio imports (Tools > Import).

The archive's single root folder is ``course/``; it holds the OLX and the generated stand-in
media, and leaves out the tools, the question-bank sources (already assembled into
``carbon_exam/final_exam.xml``) and this folder's README. Entries are sorted and time-stamped
alike, so the same input gives the same archive.

    python -m course_content.tools.pack --out dist/
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


def build(out_dir, course_dir=COURSE_DIR):
    """Prepare and pack the course; return the archive path (``<org>-<course>-<run>.tar.gz``)."""
    prepare(course_dir)
    org, course, run = run_name(course_dir)
    return write_archive(Path(out_dir) / f"{org}-{course}-{run}.tar.gz", course_files(course_dir))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist/)")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        archive = build(args.out, args.course_dir)
    except PackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
