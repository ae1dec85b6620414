"""The courses the benchmarks run on, as OLX folders (no Django here): the real course packed as `make course`
does, with the exam open to retakes and a bench-only floor probe beside it, and a generated course of many
lessons with a gate crediting every lesson around a copy of the real exam."""
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROBE = '<bench_probe url_name="bench-floor"/>'
#: What the benchmarks add to devsite's blocks (settings.DEVSITE_EXTRA_BLOCKS): the floor probe.
EXTRA_BLOCKS = {"bench_probe": "probe_block.FloorProbe"}


def real_course(target):
    """The real course as `make course` packs it; the exam may be retaken (the bench starts it many times)
    and the floor probe sits in the exam's unit."""
    from course_content.tools.make_media import generate
    from course_content.tools.pack import write_tree

    generate(REPO / "course_content")
    packed = Path(write_tree(target, REPO / "course_content", prepared=False))
    unit = packed / "vertical" / "exam-final-unit.xml"
    text = unit.read_text(encoding="utf-8")
    text = _unlimited_attempts(text)
    unit.write_text(text[:text.rindex("</vertical>")] + PROBE + "</vertical>", encoding="utf-8")
    return packed, text[text.index("<carbon_exam"):text.index("</carbon_exam>") + len("</carbon_exam>")]


def _unlimited_attempts(text):
    head_end = text.index(">", text.index("<carbon_exam"))
    head = re.sub(r'\s(max_attempts|time_limit_minutes|opens_at|closes_at)="[^"]*"', "",
                  text[text.index("<carbon_exam"):head_end])
    head += ' max_attempts="0" time_limit_minutes="0"'
    return text[:text.index("<carbon_exam")] + head + text[head_end:]


def big_course(folder, lessons, exam_xml):
    """`lessons` lessons (video + reading each), a gate crediting every lesson around the real exam."""
    (folder / "course").mkdir(parents=True)
    (folder / "course.xml").write_text('<course url_name="B" org="Bench" course="BIG"/>', encoding="utf-8")
    body = [f'<sequential url_name="lesson-{n}" display_name="L{n}"><vertical url_name="unit-{n}">'
            f'<video url_name="video-{n}"><source src="/static/x.wav"/></video>'
            f'<html url_name="reading-{n}">&lt;p&gt;r&lt;/p&gt;</html></vertical></sequential>' for n in range(lessons)]
    credits = "".join(f'<credit block_type="sequential" url_name="lesson-{n}" hours="1"/>' for n in range(lessons))
    exam = exam_xml.replace('url_name="final_exam"', 'url_name="big_exam"', 1)
    (folder / "course" / "B.xml").write_text(
        f'<course display_name="Bench"><chapter url_name="c">{"".join(body)}'
        f'<sequential url_name="gate-seq"><vertical url_name="gate-unit">'
        f'<hours_gate url_name="gate" required_hours="{lessons}" require_application="false">{credits}{exam}'
        f'</hours_gate>{PROBE}</vertical></sequential></chapter></course>', encoding="utf-8")
    return folder
