"""The course tools: assemble_exam, make_media, pack, intakes; and olxcleaner over the course."""
import json
import re
import shutil
import subprocess
import sys
import tarfile
import wave
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from course_content.tools import COURSE_DIR, assemble_exam, intakes, make_media, pack

CLEANER = Path(sys.executable).with_name("edx-cleaner")
REPORT_LINE = re.compile(r"(DEBUG|INFO|WARNING|ERROR) (\w+) \((.*?)\): (.*)")
OUR_BLOCKS = ("carbon_exam", "hours_gate", "eligibility_form")


# --- assemble_exam on a small synthetic bank ------------------------------------------------------

def write_bank(folder, section, part, questions):
    body = "".join(questions)
    (folder / f"{section}.xml").write_text(
        f'<bank section="{section}" title="t" part="{part}">{body}</bank>', encoding="utf-8")


def single(qid):
    return (f'<question id="{qid}" type="single"><stem>S {qid}</stem><option id="A" correct="true">a</option>'
            f'<option id="B">b</option><explanation>e</explanation><source>s</source></question>')


def test_assemble_orders_by_id_drops_type_and_reports_overdrawn_pools(tmp_path):
    (tmp_path / "question_bank").mkdir()
    write_bank(tmp_path / "question_bank", "basic-theory", "theory", [single("bt-s-002"), single("bt-s-001")])
    write_bank(tmp_path / "question_bank", "trading", "professional", [single("tr-s-001")])
    paper, data = assemble_exam.assemble(tmp_path)
    pool = paper.find("part[@id='theory']/pool[@id='theory-single']")
    assert [q.get("id") for q in pool.findall("question")] == ["bt-s-001", "bt-s-002"]
    assert all("type" not in q.attrib for q in paper.iter("question"))
    assert pool.get("draw") == "20" and pool.get("points") == "1"
    assert paper.find("part/pool[@id='theory-multi']").get("scoring") == "partial"
    assert paper.find("part/pool[@id='professional-short']").get("grading") == "staff"
    problems = assemble_exam.paper_problems(paper)
    assert any("theory-single" in p for p in problems)
    assert data.startswith(b"<?xml")


def test_assemble_check_detects_a_stale_paper(tmp_path, capsys):
    (tmp_path / "question_bank").mkdir()
    questions = [single(f"bt-s-{n:03d}") for n in range(1, 61)]
    write_bank(tmp_path / "question_bank", "basic-theory", "theory", questions)
    assert assemble_exam.main(["--course-dir", str(tmp_path), "--check"]) == 1      # nothing written yet
    assert "out of date" in capsys.readouterr().err
    assert assemble_exam.main(["--course-dir", str(tmp_path)]) == 1                 # other pools empty
    target = tmp_path / assemble_exam.FINAL_EXAM_PATH
    assert target.is_file()
    capsys.readouterr()
    assemble_exam.main(["--course-dir", str(tmp_path), "--check"])
    assert "out of date" not in capsys.readouterr().err
    target.write_text(target.read_text(encoding="utf-8").replace("bt-s-001", "bt-s-999"), encoding="utf-8")
    assert assemble_exam.main(["--course-dir", str(tmp_path), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err


def test_assemble_rejects_duplicate_ids(tmp_path):
    (tmp_path / "question_bank").mkdir()
    write_bank(tmp_path / "question_bank", "basic-theory", "theory", [single("bt-s-001")])
    write_bank(tmp_path / "question_bank", "trading", "professional", [single("bt-s-001")])
    with pytest.raises(assemble_exam.BankError):
        assemble_exam.load_questions(tmp_path / "question_bank")


# --- make_media ---------------------------------------------------------------------------------------

def test_make_media_writes_one_twenty_second_wav_per_video_and_is_idempotent(tmp_path):
    shutil.copytree(COURSE_DIR / "video", tmp_path / "video")
    sources = make_media.generated_sources(tmp_path)
    videos = sorted((tmp_path / "video").glob("*.xml"))
    assert len(sources) == len(videos) > 0
    written, unchanged = make_media.generate(tmp_path)
    assert len(written) == len(sources) and unchanged == []
    for _video, name in sources:
        with wave.open(str(tmp_path / "static" / "generated" / name)) as wav:
            assert wav.getnchannels() == 1
            assert wav.getnframes() / wav.getframerate() == make_media.SECONDS == 20
    written, unchanged = make_media.generate(tmp_path)
    assert written == [] and len(unchanged) == len(sources)


def test_make_media_leaves_hosted_videos_alone(tmp_path):
    (tmp_path / "video").mkdir()
    (tmp_path / "video" / "x.xml").write_text(
        '<video display_name="v"><source src="https://example.invalid/x.mp4"/></video>', encoding="utf-8")
    assert make_media.generate(tmp_path) == ([], [])


# --- pack and olxcleaner ----------------------------------------------------------------------------

def run_cleaner(course_xml):
    """Run edx-cleaner; return the reported problems as (level, name, file, description)."""
    result = subprocess.run([str(CLEANER), "-c", str(course_xml)], capture_output=True, text=True, check=False)
    assert "Loaded from" in result.stdout, result.stdout + result.stderr
    body = result.stdout.split("Loaded from", 1)[1].split("\nSummary:", 1)[0]
    lines = [line for line in body.splitlines()[1:] if line.strip()]
    unparsed = [line for line in lines if not REPORT_LINE.fullmatch(line)]
    assert unparsed == []
    return [REPORT_LINE.fullmatch(line).groups() for line in lines]


def only_our_unexpected_tags(problems):
    """Everything olxcleaner reported except UnexpectedTag notices for our own three block types."""
    ours = re.compile(rf"A <({'|'.join(OUR_BLOCKS)})> tag was unexpectedly found inside the <vertical ")
    return [p for p in problems if not (p[1] == "UnexpectedTag" and ours.match(p[3]))]


def test_olxcleaner_reports_only_our_block_types():
    make_media.generate()  # the stand-in video sources must exist, or it reports MissingFile
    problems = run_cleaner(COURSE_DIR / "course.xml")
    assert only_our_unexpected_tags(problems) == []
    assert {p[3].split(">")[0][3:] for p in problems} <= set(OUR_BLOCKS)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return pack.build(tmp_path_factory.mktemp("dist"))


def test_pack_writes_a_course_folder_archive(archive):
    assert archive.name == "CECA-CRS101-2026.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {name.split("/")[0] for name in names} == {"course"}
    assert "course/course.xml" in names
    # Pure XBlocks travel inline in their parents, as Studio exports them: no pointer files are left.
    assert not [n for n in names if n.startswith(("course/carbon_exam/", "course/hours_gate/",
                                                  "course/eligibility_form/"))]
    with tarfile.open(archive) as tar:
        unit = tar.extractfile("course/vertical/exam-final-unit.xml").read().decode("utf-8")
    assert '<hours_gate ' in unit and '<carbon_exam ' in unit and unit.count("<question ") > 300
    assert "course/static/images/course_image.png" in names
    wavs = [n for n in names if n.startswith("course/static/generated/") and n.endswith(".wav")]
    assert len(wavs) == len(make_media.generated_sources())
    assert not [n for n in names if n.startswith(("course/tools", "course/question_bank", "course/README"))
                or "__pycache__" in n]


def test_pack_is_reproducible(archive, tmp_path):
    assert pack.build(tmp_path).read_bytes() == archive.read_bytes()


def test_packed_course_passes_olxcleaner(archive, tmp_path):
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    assert only_our_unexpected_tags(run_cleaner(tmp_path / "course" / "course.xml")) == []


# --- intakes ------------------------------------------------------------------------------------------

def test_six_intakes_a_year_with_rolling_enrolment():
    runs = intakes.intakes_for_year(2027)
    assert [r.run for r in runs] == ["2027-01", "2027-03", "2027-05", "2027-07", "2027-09", "2027-11"]
    assert [r.start.month for r in runs] == [1, 3, 5, 7, 9, 11]
    assert all(r.start.day == 1 and r.start.utcoffset() == timedelta(hours=8) for r in runs)
    assert runs[0].enrollment_start == intakes.Intake(2026, 11).start
    for previous, run in pairwise(runs):
        assert run.enrollment_start == previous.start                 # rolling: opens as the last one starts
        assert previous.exam_close <= run.exam_open                   # exam windows never overlap
    for run in runs:
        assert run.enrollment_start < run.start < run.exam_open < run.exam_close <= run.end
        assert run.enrollment_end == run.exam_open
        assert run.exam_open - run.start == timedelta(weeks=6)
        assert run.exam_close - run.start == timedelta(weeks=8)


def test_intake_archives_carry_the_run_and_its_exam_window(tmp_path):
    written = intakes.write_intakes(2027, tmp_path)
    assert [path.name for _i, path in written] == [f"CECA-CRS101-2027-{m:02d}.tar.gz" for m in (1, 3, 5, 7, 9, 11)]
    intake, path = written[0]
    with tarfile.open(path) as tar:
        names = set(tar.getnames())
        course = etree.fromstring(tar.extractfile("course/course.xml").read())
        run_course = etree.fromstring(tar.extractfile("course/course/2027-01.xml").read())
        policy = json.loads(tar.extractfile("course/policies/2027-01/policy.json").read())
        tar.extractall(tmp_path / "x", filter="data")
    assert dict(course.attrib) == {"url_name": "2027-01", "org": "CECA", "course": "CRS101"}
    assert "course/course/2026.xml" not in names and not any(n.startswith("course/policies/2026") for n in names)
    assert "course/policies/2027-01/grading_policy.json" in names
    assert run_course.get("start") == "2027-01-01T00:00:00+08:00"
    assert "2027年1月期" in run_course.get("display_name")
    settings = policy["course/2027-01"]
    assert settings["enrollment_start"] == "2026-11-01T00:00:00+08:00"
    assert settings["enrollment_end"] == intake.exam_open.isoformat()
    assert settings["end"] == intake.end.isoformat()
    assert policy["sequential/exam-final"] == {"start": "2027-02-12T00:00:00+08:00",
                                              "due": "2027-02-26T00:00:00+08:00"}
    assert only_our_unexpected_tags(run_cleaner(tmp_path / "x" / "course" / "course.xml")) == []
