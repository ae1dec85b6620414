"""Credited lessons the learner may not load leave the gate working in the real LMS.

The LMS's ``runtime.get_block()`` answers None for a block the learner may not load. Here one credited lesson
gets a release date in the future and another is hidden from learners (``visible_to_staff_only``), published
through the modulestore as Studio would; the platform's production behaviour for release dates is switched on
(its test settings disable it). The rule (``hours_gate/structure.py``): such an item is listed as not yet
available and counts as not complete; nothing answers 500.
"""
from datetime import UTC, datetime

import pytest

from tests_platform.common import Figures, call, client_for, course_key, edit_and_publish, make_user, render, usage

GATE = usage("hours_gate", "exam_gate")
EXAM = usage("carbon_exam", "final_exam")
EXAM_UNIT = usage("vertical", "exam-final-unit")
FUTURE = usage("sequential", "assessment-lesson-3")  # released in 2999
HIDDEN = usage("sequential", "audit-lesson-3")  # hidden from learners
FAR_FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


@pytest.fixture
def restricted():
    """Two credited lessons withheld from learners for the test, restored after it."""
    from django.conf import settings

    features = settings.FEATURES
    was = features.get("DISABLE_START_DATES")
    features["DISABLE_START_DATES"] = False  # production: release dates apply
    edit_and_publish(FUTURE, start=FAR_FUTURE)
    edit_and_publish(HIDDEN, visible_to_staff_only=True)
    try:
        yield
    finally:
        edit_and_publish(FUTURE, start=None)
        edit_and_publish(HIDDEN, visible_to_staff_only=None)
        features["DISABLE_START_DATES"] = was


def _titles():
    from xmodule.modulestore.django import modulestore

    return {key: modulestore().get_item(key).display_name for key in (FUTURE, HIDDEN)}


def _section(key):
    from xmodule.modulestore.django import modulestore

    return modulestore().get_item(key).get_parent().display_name


def test_withheld_lessons_are_listed_unavailable_and_nothing_fails(restricted):
    learner = make_user("restricted_learner", course_key())
    client = client_for(learner)
    titles = _titles()

    status, body = call(client, GATE, "gate_status", method="get")
    Figures.check(status == 200, (status, str(body)[:2000]))
    items = {item["key"]: item for item in body["items"]}
    for key in (FUTURE, HIDDEN):
        Figures.check(str(key) in items, f"{key} left out of {list(items)}")
        Figures.check(items[str(key)]["available"] is False and items[str(key)]["complete"] is False, items[str(key)])
        Figures.check(items[str(key)]["title"] == titles[key], (items[str(key)], titles[key]))
        Figures.check(items[str(key)]["section"] == _section(key), (items[str(key)], _section(key)))
    Figures.check(sum(1 for item in body["items"] if not item["available"]) == 2, body["items"])
    Figures.check(body["open"] is False, body)
    unavailable = [reason for reason in body["reasons"] if titles[FUTURE] in reason]
    Figures.check(len(unavailable) == 1 and titles[HIDDEN] in unavailable[0], body["reasons"])

    status, html = render(client, EXAM_UNIT)
    Figures.check(status == 200, (status, html[:3000]))
    Figures.check("hours-gate--locked" in html and titles[FUTURE] in html and titles[HIDDEN] in html, html[:3000])
    Figures.check(html.count("hg-unavailable") == 2, html.count("hg-unavailable"))

    status, body = call(client, EXAM, "exam_state", method="get")
    Figures.check(status < 500, (status, str(body)[:2000]))
    status, body = call(client, EXAM, "start_exam", {})
    Figures.check(400 <= status < 500, (status, str(body)[:2000]))
    Figures.check(titles[FUTURE] in str(body), body)  # the refusal names what cannot be earned yet


def test_staff_still_load_everything_and_see_the_gate(restricted):
    staff = make_user("restricted_staff", course_key(), role="staff")
    client = client_for(staff)
    status, html = render(client, EXAM_UNIT)
    Figures.check(status == 200 and "CarbonExamInit" in html, (status, html[:2000]))
    titles = _titles()
    flagged = html.split('class="hg-withheld"', 1)[-1].split("</div>", 1)[0]
    Figures.check('class="hg-withheld"' in html and titles[FUTURE] in flagged and titles[HIDDEN] in flagged,
                  flagged[:2000])
    Figures.check(flagged.count("<li>") == 2, flagged)
    status, body = call(client, GATE, "staff_roster", method="get")
    Figures.check(status == 200, (status, str(body)[:2000]))
