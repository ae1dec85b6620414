"""Tools that assemble, generate media for, pack and schedule the OLX course in ``course_content/``.

Run them from the repository root, e.g. ``python -m course_content.tools.pack --out dist/``.
They depend on the standard library and lxml only.
"""
from pathlib import Path

#: The OLX course root (the folder holding ``course.xml``).
COURSE_DIR = Path(__file__).resolve().parent.parent
