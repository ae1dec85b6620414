"""Generate the course runs for one year's six intakes and write one importable archive per run.

The programme opens an intake (期) every other month: January, March, May, July, September and
November, with rolling enrolment (随报随学). For a run starting on the 1st of month M
(00:00 Beijing time):

- run name ``<year>-<MM>``, e.g. ``2027-01``;
- enrolment opens when the previous intake starts (two months earlier) and closes when the run's
  exam window opens, so at every moment at least one run accepts learners and no one enrols into a
  run whose exam has already begun;
- the exam window (the ``exam-final`` subsection's release date and due date) opens at start +
  6 weeks and closes at start + 8 weeks, after the six weeks needed for the 40 学时 (30 hours) of
  required study; windows of consecutive runs never overlap;
- the run ends two weeks after the exam closes, time for staff to grade the short answers.

Each archive is the packed course with ``course.xml``, ``course/<run>.xml`` and
``policies/<run>/`` rewritten for the run.

    python -m course_content.tools.intakes --year 2027 --out dist/intakes/
"""
import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR, pack

BEIJING = timezone(timedelta(hours=8), "CST")
INTAKE_MONTHS = (1, 3, 5, 7, 9, 11)
EXAM_OPENS_AFTER = timedelta(weeks=6)
EXAM_CLOSES_AFTER = timedelta(weeks=8)
GRADING_PERIOD = timedelta(weeks=2)
EXAM_SEQUENTIAL = "exam-final"


@dataclass(frozen=True)
class Intake:
    """One course run of the programme and its dates (Beijing time)."""

    year: int
    month: int

    @property
    def run(self):
        return f"{self.year}-{self.month:02d}"

    @property
    def start(self):
        return datetime(self.year, self.month, 1, tzinfo=BEIJING)

    @property
    def enrollment_start(self):
        previous = date(self.year - 1, 11, 1) if self.month == 1 else date(self.year, self.month - 2, 1)
        return datetime(previous.year, previous.month, 1, tzinfo=BEIJING)

    @property
    def exam_open(self):
        return self.start + EXAM_OPENS_AFTER

    @property
    def exam_close(self):
        return self.start + EXAM_CLOSES_AFTER

    @property
    def enrollment_end(self):
        return self.exam_open

    @property
    def end(self):
        return self.exam_close + GRADING_PERIOD

    @property
    def label(self):
        return f"{self.year}年{self.month}月期"


def intakes_for_year(year):
    """The six intakes of ``year``, in order."""
    return [Intake(year, month) for month in INTAKE_MONTHS]


def iso(moment):
    """ISO 8601 with the +08:00 offset, as the OLX date settings are written."""
    return moment.isoformat()


def run_files(intake, course_dir=COURSE_DIR):
    """The archive's files for ``intake``: the packed course with its run-specific files replaced."""
    course_dir = Path(course_dir)
    org, course, base_run = pack.run_name(course_dir)
    files = {path: source for path, source in pack.course_files(course_dir).items()
             if not path.startswith((f"course/{base_run}.xml", f"policies/{base_run}/"))}
    run = intake.run

    files["course.xml"] = etree.tostring(etree.Element("course", url_name=run, org=org, course=course),
                                         encoding="utf-8") + b"\n"

    course_root = etree.parse(str(course_dir / "course" / f"{base_run}.xml")).getroot()
    course_root.set("display_name", f"{course_root.get('display_name')}（{intake.label}）")
    course_root.set("start", iso(intake.start))
    files[f"course/{run}.xml"] = etree.tostring(course_root, encoding="utf-8", xml_declaration=True) + b"\n"

    policy_dir = course_dir / "policies" / base_run
    policy = json.loads((policy_dir / "policy.json").read_text(encoding="utf-8"))
    settings = policy.pop(f"course/{base_run}")
    settings.update({
        "enrollment_start": iso(intake.enrollment_start),
        "enrollment_end": iso(intake.enrollment_end),
        "end": iso(intake.end),
    })
    policy = {f"course/{run}": settings, **policy}
    policy[f"sequential/{EXAM_SEQUENTIAL}"] = {
        **policy.get(f"sequential/{EXAM_SEQUENTIAL}", {}),
        "start": iso(intake.exam_open),
        "due": iso(intake.exam_close),
    }
    files[f"policies/{run}/policy.json"] = (json.dumps(policy, ensure_ascii=False, indent=4) + "\n").encode()
    for extra in sorted(policy_dir.iterdir()):
        if extra.is_file() and extra.name != "policy.json":
            files[f"policies/{run}/{extra.name}"] = extra
    return files


def write_intakes(year, out_dir, course_dir=COURSE_DIR):
    """Write one archive per intake of ``year`` into ``out_dir``; return ``[(intake, path)]``."""
    pack.prepare(course_dir)
    org, course, _run = pack.run_name(course_dir)
    written = []
    for intake in intakes_for_year(year):
        target = Path(out_dir) / f"{org}-{course}-{intake.run}.tar.gz"
        written.append((intake, pack.write_archive(target, run_files(intake, course_dir))))
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, required=True, help="calendar year, e.g. 2027")
    parser.add_argument("--out", type=Path, default=Path("dist/intakes"), help="output folder")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        written = write_intakes(args.year, args.out, args.course_dir)
    except pack.PackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{'run':<8} {'start':<11} {'enrolment':<23} {'exam window':<23} {'end':<10}  archive")
    for intake, path in written:
        print(f"{intake.run:<8} {intake.start:%Y-%m-%d}  "
              f"{intake.enrollment_start:%Y-%m-%d}..{intake.enrollment_end:%Y-%m-%d}  "
              f"{intake.exam_open:%Y-%m-%d}..{intake.exam_close:%Y-%m-%d}  {intake.end:%Y-%m-%d}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
