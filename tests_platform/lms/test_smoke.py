"""The blocks load, render and answer their handlers in the real LMS."""
from tests_platform.common import Figures, call, client_for, course_key, make_user, render, usage


def test_exam_renders_and_answers_its_state():
    learner = make_user("smoke_learner", course_key())
    client = client_for(learner)
    status, html = render(client, usage("carbon_exam", "basic-theory-lesson-1-practice"))
    Figures.check(status == 200, status)
    Figures.check("CarbonExamInit" in html, html[:500])
    status, body = call(client, usage("carbon_exam", "basic-theory-lesson-1-practice"), "exam_state", method="get")
    Figures.check(status == 200, body)
    Figures.check(body["can_start"] is True, body)
