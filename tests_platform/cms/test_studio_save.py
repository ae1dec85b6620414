"""Saving from each block's Studio editor persists (draft) and Studio's publish button publishes it.

The payloads are the ones the editors' JavaScript posts (``carbon_exam/public/js/studio.js``,
XBlock's ``StudioEditableXBlockMixin`` for the gate, with ``hours_gate/public/js/hours_gate_studio.js`` for its credits
table, and for the form).
"""
import json
from decimal import Decimal

import pytest

from tests_platform.common import Figures, client_for, items_of, make_user, stored

JSON = "application/json"


@pytest.fixture(scope="module")
def studio(course):
    """A Studio author (course staff; not global staff)."""
    return client_for(make_user("studio_saver", course.id, role="staff", enroll=False))


def save(client, key, handler, payload):
    Figures.requests += 1
    response = client.post(f"/xblock/{key}/handler/{handler}", data=json.dumps(payload), content_type=JSON,
                           HTTP_ACCEPT=JSON)
    Figures.check(response.status_code == 200,
                  f"{handler} on {key} answered {response.status_code}: {response.content[:500]!r}")
    return response.json()


def publish(client, key):
    """Studio's Publish button: ``POST /xblock/<usage>`` with ``{"publish": "make_public"}``."""
    Figures.requests += 1
    response = client.post(f"/xblock/{key}", data=json.dumps({"publish": "make_public"}), content_type=JSON,
                           HTTP_ACCEPT=JSON)
    Figures.check(response.status_code == 200, (key, response.status_code, response.content[:500]))


def test_exam_editor_saves_settings_and_paper_then_publishes(course, studio):
    from carbon_exam.paper_json import paper_to_json

    exam = next(e for e in items_of(course.id, "carbon_exam") if e.mode == "practice")
    paper = paper_to_json(exam.paper)
    question = paper["parts"][0]["pools"][0]["questions"][0]
    question["stem"] = "在 Studio 中修改的题干"
    body = save(studio, exam.location, "studio_submit", {
        "display_name": "Studio 保存的练习", "mode": "practice", "total_points": exam.total_points,
        "pass_mark": 1, "time_limit_minutes": 0, "paper": paper})
    Figures.check(body.get("saved") is True, body)
    for label, block in (("draft", stored(exam.location, "draft_preferred")), ("published", None)):
        if label == "published":
            Figures.check(stored(exam.location).pass_mark != 1, "not published before Publish")
            publish(studio, exam.location)
            block = stored(exam.location)
        Figures.check(block.display_name == "Studio 保存的练习", (label, block.display_name))
        Figures.check(block.pass_mark == 1, (label, block.pass_mark))
        stems = [q.stem for _part, pool in block.paper.pools() for q in pool.questions]
        Figures.check("在 Studio 中修改的题干" in stems, (label, stems[:3]))
        Figures.check(not block.blocking_problems(), label)


GATE_EDITS = {  # every field of the gate's editable_fields, as the mixin's Save posts them (integers as numbers)
    "display_name": "考试资格（Studio）", "required_hours": "41", "minutes_per_hour": 50, "hours_mode": "verified",
    "reading_minutes": 12, "fallback_video_seconds": 900, "credit_all_videos": True, "require_application": True,
    "application_url_name": "application",
}
GATE_STORED = {**GATE_EDITS, "required_hours": "41.00"}


def test_gate_editor_saves_then_publishes(course, studio):
    """StudioEditableXBlockMixin's ``submit_studio_edits`` through the CMS's handler view: every setting and the
    credits table saved as the draft, none published before Studio's Publish, all of them after."""
    (gate,) = items_of(course.id, "hours_gate")
    Figures.check(set(gate.editable_fields) == set(GATE_EDITS) | {"credits"}, gate.editable_fields)
    credits = [dict(credit) for credit in gate.credits]
    credits[0]["hours"] = "2.5"
    body = save(studio, gate.location, "submit_studio_edits", {"values": {**GATE_EDITS, "credits": credits},
                                                               "defaults": []})
    Figures.check(body.get("result") == "success" and body.get("warnings") == [], body)
    draft = stored(gate.location, "draft_preferred")
    Figures.check({name: getattr(draft, name) for name in GATE_EDITS} == GATE_STORED,
                  {name: getattr(draft, name) for name in GATE_EDITS})
    Figures.check(draft.credits[0]["hours"] == "2.50" and len(draft.credits) == len(credits), draft.credits[:2])
    Figures.check(draft.children == gate.children, "saving the settings keeps the gate's children")
    before = stored(gate.location)
    Figures.check(Decimal(before.required_hours) != 41 and before.display_name != GATE_EDITS["display_name"],
                  "not published before Publish")
    publish(studio, gate.location)
    published = stored(gate.location)
    Figures.check({name: getattr(published, name) for name in GATE_EDITS} == GATE_STORED,
                  {name: getattr(published, name) for name in GATE_EDITS})
    Figures.check(published.credits == draft.credits and published.children == gate.children)


def test_gate_editor_refuses_a_bad_value_naming_it_and_saves_nothing(course, studio):
    """A refusal through the CMS: 400 naming the field in the author's language, with the ``messages`` the
    mixin's editor shows, and the draft unchanged (other settings in the same Save included)."""
    (gate,) = items_of(course.id, "hours_gate")
    before = stored(gate.location, "draft_preferred")
    Figures.requests += 1
    response = studio.post(f"/xblock/{gate.location}/handler/submit_studio_edits", content_type=JSON,
                           data=json.dumps({"values": {"display_name": "不应保存", "minutes_per_hour": 0},
                                            "defaults": []}), HTTP_ACCEPT=JSON, HTTP_ACCEPT_LANGUAGE="zh-cn")
    Figures.check(response.status_code == 400, (response.status_code, response.content[:300]))
    error = response.json()["error"]
    Figures.check((error["field"], error["code"]) == ("minutes_per_hour", "minutes_invalid"), error)
    Figures.check(error["messages"][0]["text"] == error["message"] and error["message"], error)
    after = stored(gate.location, "draft_preferred")
    Figures.check((after.display_name, after.minutes_per_hour) == (before.display_name, before.minutes_per_hour),
                  (after.display_name, after.minutes_per_hour))


def test_form_editor_saves_then_publishes(course, studio):
    (form,) = items_of(course.id, "eligibility_form")
    majors = "环境科学\n化学工程"
    save(studio, form.location, "submit_studio_edits", {
        "values": {"display_name": "报名申请（Studio）", "related_majors": majors}, "defaults": []})
    draft = stored(form.location, "draft_preferred")
    Figures.check((draft.display_name, draft.related_majors) == ("报名申请（Studio）", majors),
                  (draft.display_name, draft.related_majors))
    Figures.check(stored(form.location).display_name != "报名申请（Studio）", "not published before Publish")
    publish(studio, form.location)
    published = stored(form.location)
    Figures.check((published.display_name, published.related_majors) == ("报名申请（Studio）", majors))


def test_editors_refuse_a_learner(course):
    """The same handler URLs refuse someone without Studio write access (and change nothing)."""
    learner = client_for(make_user("studio_learner", course.id))
    (gate,) = items_of(course.id, "hours_gate")
    before = stored(gate.location, "draft_preferred").required_hours
    Figures.requests += 1
    response = learner.post(f"/xblock/{gate.location}/handler/submit_studio_edits",
                            data=json.dumps({"values": {"required_hours": "1", "minutes_per_hour": 45, "credits": []},
                                             "defaults": []}), content_type=JSON)
    Figures.check(response.status_code == 403, (response.status_code, response.content[:300]))
    Figures.check(stored(gate.location, "draft_preferred").required_hours == before)
