"""The study ledger's pure rules against cases worked out by hand (the comment under each says how)."""
import subprocess
import sys
from fractions import Fraction

from carbon_common import study_intervals as si
from carbon_common.study_intervals import Event, Need


def video(at, name, position=None, target=None, session="s1", item="v", speed=None):
    return Event(at, item, si.VIDEO, name, position, target, speed, session)


def test_pure_module_imports_neither_xblock_nor_django():
    code = ("import sys; import carbon_common.study_intervals; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'xblock')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_union_merges_overlapping_and_touching_and_drops_empty():
    # [0,10] and [5,12] overlap -> [0,12]; [12,15] touches it -> [0,15]; [20,20] is empty; [30,25] reversed.
    assert si.union([(5, 12), (0, 10), (12, 15), (20, 20), (30, 25), (40, 41)]) == [(0, 15), (40, 41)]
    # 15 + 1 seconds
    assert si.total([(5, 12), (0, 10), (12, 15), (40, 41)]) == 16


def test_clip_subtract_take():
    # [0,10] ∪ [20,30] clipped to [5,25]: [5,10] and [20,25]
    assert si.clip([(0, 10), (20, 30)], 5, 25) == [(5, 10), (20, 25)]
    # [0,100] minus [10,20] and [50,60]: three pieces, 10 + 30 + 40 = 80 seconds
    assert si.subtract([(0, 100)], [(50, 60), (10, 20)]) == [(0, 10), (20, 50), (60, 100)]
    assert si.subtract([(0, 10)], [(0, 10)]) == []
    # the first 15 seconds of [0,10] ∪ [20,30]: all of the first, 5 of the second
    assert si.take([(20, 30), (0, 10)], 15) == [(0, 10), (20, 25)]
    assert si.take([(0, 10)], 0) == []


def test_real_time_play_credits_what_was_played():
    # play at 0 s (position 0), pause 120 s later at position 120: 120 s of video in 120 s of wall clock.
    credit = si.credit_video([video(1000, si.PLAY, 0), video(1120, si.PAUSE, 120)], max_rate=1.0)
    assert credit.seconds == 120
    assert credit.intervals == [(0, 120)]
    assert credit.evidence == si.EVIDENCE_VIDEO


def test_burst_earns_no_more_than_the_wall_clock():
    # the script: play at position 0, complete at 3600 0.5 s later, stop at 3600 5 s after the play.
    # span 1: 3600 claimed in 0.5 s -> 0.5 s credited ([0, 0.5]); span 2 (complete -> stop, 3600 -> 3600): nothing.
    events = [video(0, si.PLAY, 0), video(0.5, si.COMPLETE, 3600), video(5, si.STOP, 3600)]
    credit = si.credit_video(events, max_rate=1.0)
    assert credit.seconds == 0.5
    assert credit.intervals == [(0, 0.5)]
    result = si.credit_course(events)
    assert [a.kind for a in result.anomalies] == [si.IMPOSSIBLE_SPEED]


def test_seeking_to_the_end_credits_only_what_was_played():
    # play 0 -> seek at 30 s from position 30 to 590 -> stop at 600 at 40 s.
    # span 1: [0,30] in 30 s -> 30; span 2: [590,600] in 10 s -> 10. Total 40, the skipped 560 s are not credited.
    events = [video(0, si.PLAY, 0), video(30, si.SEEK, 30, 590), video(40, si.STOP, 600)]
    credit = si.credit_video(events, max_rate=1.0)
    assert credit.intervals == [(0, 30), (590, 600)]
    assert credit.seconds == 40


def test_a_seek_while_paused_then_play_starts_from_the_new_position():
    # paused at 10 (after 10 s), seek to 100 while paused, play at 20 s from 100, pause at 30 s at 110:
    # [0,10] + [100,110] = 20 seconds.
    events = [video(0, si.PLAY, 0), video(10, si.PAUSE, 10), video(15, si.SEEK, 10, 100), video(20, si.PLAY, 100),
              video(30, si.PAUSE, 110)]
    assert si.credit_video(events).intervals == [(0, 10), (100, 110)]


def test_each_second_once_when_watched_again():
    # watched [0,60], then again [0,90] later: the union is [0,90] = 90, not 150.
    events = [video(0, si.PLAY, 0), video(60, si.PAUSE, 60), video(100, si.SEEK, 60, 0), video(100, si.PLAY, 0),
              video(190, si.PAUSE, 90)]
    assert si.credit_video(events).seconds == 90


def test_rate_above_the_limit_credits_at_the_limit():
    # 2x speed: positions 0 -> 120 in 60 s. max_rate 1.5: 60 × 1.5 = 90 credited ([0,90]); max_rate 1: 60.
    events = [video(0, "speed_change_video", 0, speed=2.0), video(0, si.PLAY, 0), video(60, si.PAUSE, 120)]
    assert si.credit_video(events, max_rate=1.5).intervals == [(0, 90)]
    assert si.credit_video(events, max_rate=1.0).seconds == 60
    # 2x is a speed the player offers: not flagged as impossible (120 <= 60 × 2 + 2)
    assert si.credit_course(events).anomalies == []


def test_two_tabs_playing_at_once_credit_once():
    # tab A plays [0,100] and tab B plays [100,200] during the same 100 s of wall clock (0 -> 100).
    # wall budget: A uses [0,100] first; B's wall [0,100] is all used -> B credits nothing. 100, not 200.
    events = [video(0, si.PLAY, 0, session="A"), video(0, si.PLAY, 100, session="B"),
              video(100, si.PAUSE, 100, session="A"), video(100, si.PAUSE, 200, session="B")]
    credit = si.credit_video(events)
    assert credit.seconds == 100
    assert credit.intervals == [(0, 100)]
    assert [a.kind for a in si.credit_course(events).anomalies] == [si.OVERLAPPING_SESSIONS]


def test_two_tabs_half_overlapping():
    # A plays [0,60] from 0 s to 60 s; B starts at 30 s from position 300 and pauses at 90 s at 360.
    # B's wall [30,90] has [60,90] free = 30 s -> it credits 30 s: [300,330]. Total 60 + 30 = 90 (wall 0..90).
    events = [video(0, si.PLAY, 0, session="A"), video(30, si.PLAY, 300, session="B"),
              video(60, si.PAUSE, 60, session="A"), video(90, si.PAUSE, 360, session="B")]
    assert si.credit_video(events).intervals == [(0, 60), (300, 330)]


def test_reading_from_arrival_to_next_event_capped_by_expected_time():
    # arrival 0, next event 300 s later, expected 240 s -> 240; next event 100 s later -> 100; none yet -> 0.
    assert si.credit_reading(0, 300, 240) == (240, si.EVIDENCE_READING)
    assert si.credit_reading(0, 100, 240) == (100, si.EVIDENCE_READING)
    assert si.credit_reading(0, None, 240) == (0.0, si.EVIDENCE_READING_OPEN)


def test_readings_in_the_course_and_the_burst_of_completions():
    # completions of r1, r2, r3 at 0, 0.1, 0.2 s then a practice submit at 0.3 s: each reading gets 0.1 s.
    events = [Event(0.0, "r1", si.READING, "completion"), Event(0.1, "r2", si.READING, "completion"),
              Event(0.2, "r3", si.READING, "completion"), Event(0.3, "p", si.PRACTICE, si.EVIDENCE_PRACTICE_EMPTY)]
    items = si.credit_course(events).items
    assert [round(items[key].seconds, 6) for key in ("r1", "r2", "r3")] == [0.1, 0.1, 0.1]
    assert items["p"].evidence == si.EVIDENCE_PRACTICE_EMPTY
    # a reading whose learner has sent nothing since is open and credits nothing yet
    open_items = si.credit_course([Event(50.0, "r1", si.READING, "completion")]).items
    assert open_items["r1"].seconds == 0 and open_items["r1"].open_since == 50.0


def test_reading_shares_the_wall_clock_with_a_video_in_another_tab():
    # tab A plays video [0,100] from 0 s to 100 s; tab B arrives at a reading at 40 s, next event at 100 s.
    # the reading's [40,100] is wall clock the video already used: it credits 0.
    events = [video(0, si.PLAY, 0, session="A"), Event(40, "r", si.READING, "completion", session="B"),
              video(100, si.PAUSE, 100, session="A")]
    items = si.credit_course(events).items
    assert items["v"].seconds == 100 and items["r"].seconds == 0


def test_long_idle_and_after_closed():
    # play at 0, pause 2 h later having moved 60 s: 7140 s of wall clock without progress > 1800 -> long_idle.
    # the item closed at 3600: the span ends after it -> after_closed.
    events = [video(0, si.PLAY, 0), video(7200, si.PAUSE, 60)]
    kinds = [a.kind for a in si.credit_course(events, closes={"v": 3600}).anomalies]
    assert kinds == [si.LONG_IDLE, si.AFTER_CLOSED]
    assert si.credit_video(events).seconds == 60


def test_studied_item_against_needs():
    video_credit = si.ItemCredit("v", si.VIDEO, 450.0, [(0, 450)], si.EVIDENCE_VIDEO)
    # 450 of 600 s -> share 3/4
    assert si.studied_item(Need(si.VIDEO, 600), video_credit) == si.Studied(450.0, 600, Fraction(3, 4),
                                                                            si.EVIDENCE_VIDEO)
    # a reading's 900 s gap capped at its expected 300 s -> share 1
    reading = si.ItemCredit("r", si.READING, 900.0, [], si.EVIDENCE_READING)
    assert si.studied_item(Need(si.READING, 300), reading).share == 1
    assert si.studied_item(Need(si.READING, 300), reading).seconds == 300
    # practice: answered counts the whole need; empty counts nothing; no record -> none
    answered = si.ItemCredit("p", si.PRACTICE, 0.0, [], si.EVIDENCE_PRACTICE)
    assert si.studied_item(Need(si.PRACTICE, 120), answered).share == 1
    empty = si.ItemCredit("p", si.PRACTICE, 0.0, [], si.EVIDENCE_PRACTICE_EMPTY)
    assert si.studied_item(Need(si.PRACTICE, 120), empty).share == 0
    assert si.studied_item(Need(si.VIDEO, 600), None) == si.Studied(0.0, 600, Fraction(0), si.EVIDENCE_NONE)


def test_requests_the_page_makes_right_after_arrival_do_not_end_a_reading():
    # arrival 0; a plain request at 1 s (the page loading, within the 3 s grace) and one at 200 s: [0, 200] = 200.
    events = [Event(0.0, "r", si.READING, "completion"), Event(1.0, "r", si.NEXT, "/xblock/unit"),
              Event(200.0, "r", si.NEXT, "/courses/next-unit")]
    assert si.credit_course(events, grace_seconds=3).items["r"].seconds == 200
    # without the grace the request at 1 s ends it: 1 s
    assert si.credit_course(events).items["r"].seconds == 1
    # the learner's own evidence ends it at once, grace or not: a play at 2 s -> 2 s
    played = events[:1] + [video(2.0, si.PLAY, 0), video(100.0, si.PAUSE, 98)]
    assert si.credit_course(played, grace_seconds=3).items["r"].seconds == 2


def test_a_burst_with_grace_still_earns_no_more_than_the_wall_clock():
    # ten readings 0.1 s apart, a plain request at 0.95 s and at 5 s: each reading is ended by the next
    # reading's arrival (0.1 s each, 9 × 0.1 = 0.9) and the last one by the request at 5 s (4.1 s): 5.0 in all.
    events = [Event(0.1 * n, f"r{n}", si.READING, "completion") for n in range(10)]
    events += [Event(0.95, "r9", si.NEXT, "/x"), Event(5.0, "r9", si.NEXT, "/y")]
    items = si.credit_course(events, grace_seconds=3).items
    assert round(sum(item.seconds for item in items.values()), 6) == 5.0
