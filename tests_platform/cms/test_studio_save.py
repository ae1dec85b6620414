"""Saving from each block's Studio editor persists (draft) and Studio's publish button publishes it.

The payloads are the ones the editors' JavaScript posts (``carbon_exam/public/js/studio.js``,
``hours_gate/public/js/hours_gate.js: HoursGateStudioInit``, XBlock's ``StudioEditableXBlockMixin`` for the form).
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


def test_gate_editor_saves_then_publishes(course, studio):
    (gate,) = items_of(course.id, "hours_gate")
    credits = [dict(credit) for credit in gate.credits]
    credits[0]["hours"] = "2.5"
    body = save(studio, gate.location, "studio_submit", {
        "display_name": "考试资格（Studio）", "required_hours": "41", "minutes_per_hour": "50",
        "credit_all_videos": False, "require_application": True, "application_url_name": "application",
        "credits": credits})
    Figures.check(body.get("result") == "success", body)
    draft = stored(gate.location, "draft_preferred")
    Figures.check((Decimal(draft.required_hours), draft.minutes_per_hour, draft.display_name)
                  == (41, 50, "考试资格（Studio）"), (draft.required_hours, draft.minutes_per_hour, draft.display_name))
    Figures.check(Decimal(draft.credits[0]["hours"]) == Decimal("2.5") and len(draft.credits) == len(credits),
                  draft.credits[:2])
    Figures.check(draft.children == gate.children, "saving the settings keeps the gate's children")
    Figures.check(Decimal(stored(gate.location).required_hours) != 41, "not published before Publish")
    publish(studio, gate.location)
    published = stored(gate.location)
    Figures.check((Decimal(published.required_hours), published.minutes_per_hour) == (41, 50))
    Figures.check(published.credits == draft.credits and published.require_application is True)
    Figures.check(published.children == gate.children)


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
    response = learner.post(f"/xblock/{gate.location}/handler/studio_submit",
                            data=json.dumps({"required_hours": "1", "minutes_per_hour": "45", "credits": []}),
                            content_type=JSON)
    Figures.check(response.status_code == 403, (response.status_code, response.content[:300]))
    Figures.check(stored(gate.location, "draft_preferred").required_hours == before)
