"""The study ledger through the real path, at a compressed scale: Chromium plays a generated 4-second clip in the
video stand-in, which sends the platform player's events to /event, which emits them through eventtracking to
the ledger's backend; the gate (verified mode) counts what the ledger credited."""
import pytest

from course_content.tools.make_media import tone_wav
from tests.browser.conftest import enrol, unit_url
from tests.browser.conftest import sign_in_with_password as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIP_SECONDS = 4
COURSE = f"""<course display_name="学习台账测试课程" language="zh-cn">
  <chapter url_name="lessons" display_name="课程">
    <sequential url_name="lesson-1" display_name="第1讲">
      <vertical url_name="lesson-1-unit" display_name="第1讲 单元">
        <video url_name="clip" display_name="第1讲 视频"><source src="/static/clip.wav"/></video>
      </vertical>
    </sequential>
  </chapter>
  <chapter url_name="exam" display_name="考试">
    <sequential url_name="exam-final" display_name="结业考试">
      <vertical url_name="exam-unit" display_name="结业考试">
        <hours_gate url_name="exam_gate" display_name="考试资格" required_hours="1" minutes_per_hour="45"
                    hours_mode="verified" fallback_video_seconds="{CLIP_SECONDS}" require_application="false">
          <credit block_type="video" url_name="clip" hours="1"/>
          <html url_name="exam-note" display_name="考试说明"><p>考试内容</p></html>
        </hours_gate>
      </vertical>
    </sequential>
  </chapter>
</course>"""


@pytest.fixture
def clip_course(load_course, tmp_path, completion_on):
    """A one-lesson course whose video is a generated 4-second tone, gated in verified mode."""
    root = tmp_path / "ledger_course"
    (root / "course").mkdir(parents=True)
    (root / "policies" / "T1").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "course.xml").write_text('<course url_name="T1" org="TestOrg" course="LEDGER"/>', encoding="utf-8")
    (root / "course" / "T1.xml").write_text(COURSE, encoding="utf-8")
    (root / "policies" / "T1" / "policy.json").write_text('{"course/T1": {"language": "zh-cn"}}', encoding="utf-8")
    (root / "static" / "clip.wav").write_bytes(tone_wav(seconds=CLIP_SECONDS))
    return load_course(root)


def studied_seconds(course, user):
    from carbon_common.models import StudyCredit

    key = str(course.course_key.make_usage_key("video", "clip"))
    return sum(StudyCredit.objects.filter(user=user, usage_key=key).values_list("seconds", flat=True))


def open_clip(page, course):
    page.goto(unit_url(page, course, "lesson-1-unit"))
    page.wait_for_selector("video")
    page.wait_for_function("document.querySelector('video').readyState >= 1")


def play(page):
    page.eval_on_selector("video", "v => { v.muted = true; v.play().catch(() => {}); }")  # never await play()


def wait_until_sent(page, events):
    """Until the stand-in has posted `events` tracking events (its counter, set when /event answered)."""
    page.wait_for_function(f"Number(document.querySelector('[data-events-sent]')?.dataset.eventsSent) >= {events}")


def test_a_clip_played_in_real_time_is_credited_and_opens_the_gate(clip_course, page):
    ann = enrol(clip_course, "ann")
    sign_in(page, "ann")
    page.goto(unit_url(page, clip_course, "exam-unit"))
    assert page.locator(".hours-gate--locked .hg-progress--item").get_attribute("aria-valuenow") == "0"
    open_clip(page, clip_course)
    play(page)
    page.wait_for_selector(".xblock[data-block-type=video][data-complete=true]", timeout=CLIP_SECONDS * 4000)
    wait_until_sent(page, 3)  # play_video, complete_video, stop_video
    assert 0.9 * CLIP_SECONDS <= studied_seconds(clip_course, ann) <= CLIP_SECONDS
    page.goto(unit_url(page, clip_course, "exam-unit"))
    assert "考试内容" in page.locator(".hours-gate--open").locator("xpath=..").inner_text()


def test_seeking_to_the_end_credits_only_what_was_played(clip_course, page):
    bob = enrol(clip_course, "bob")
    sign_in(page, "bob")
    open_clip(page, clip_course)
    play(page)
    page.wait_for_function("document.querySelector('video').currentTime > 1")
    page.eval_on_selector("video", "v => { v.currentTime = v.duration - 0.1; }")
    page.wait_for_selector(".xblock[data-block-type=video][data-complete=true]", timeout=CLIP_SECONDS * 4000)
    wait_until_sent(page, 4)  # play, seek, complete, stop
    credited = studied_seconds(clip_course, bob)
    assert 0.5 <= credited <= CLIP_SECONDS / 2  # about the second played, not the skipped part
    page.goto(unit_url(page, clip_course, "exam-unit"))
    gate = page.locator(".hours-gate--locked")
    assert "视频：已观看" in gate.inner_text()
    assert gate.locator(".hg-progress--item").get_attribute("aria-valuemax") == "0.1"


def test_two_tabs_playing_at_once_credit_the_clip_once(clip_course, page):
    carol = enrol(clip_course, "carol")
    sign_in(page, "carol")
    second = page.context.new_page()
    second.base_url = page.base_url
    open_clip(page, clip_course)
    open_clip(second, clip_course)
    play(page)
    play(second)
    for tab in (page, second):
        tab.wait_for_selector(".xblock[data-block-type=video][data-complete=true]", timeout=CLIP_SECONDS * 4000)
        wait_until_sent(tab, 3)
    assert studied_seconds(clip_course, carol) <= CLIP_SECONDS


def test_staff_read_a_learners_timeline(clip_course, page):
    enrol(clip_course, "ann")
    enrol(clip_course, "sam", role="staff")
    sign_in(page, "ann")
    open_clip(page, clip_course)
    play(page)
    page.wait_for_selector(".xblock[data-block-type=video][data-complete=true]", timeout=CLIP_SECONDS * 4000)
    wait_until_sent(page, 3)
    sign_in(page, "sam")
    page.goto(unit_url(page, clip_course, "exam-unit"))
    staff = page.locator(".hg-staff")
    staff.get_by_role("button", name="ann 的学习轨迹").click()
    panel = staff.locator(".hg-timeline-panel")
    panel.locator("table.hg-timeline tbody tr").first.wait_for()
    text = panel.inner_text()
    assert "视频: 第1讲 视频" in text and "视频已播放" in text and "无异常。" in text
