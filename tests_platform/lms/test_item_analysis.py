"""Item analysis in the real LMS: learners sit a practice exam through its handlers, then course staff get the
analysis (server-rendered SVG charts and the per-question table) from the exam's ``item_analysis`` handler and
its CSV export; a learner gets 403 from both."""
import pytest

from tests_platform.common import Figures, call, client_for, course_key, handler_url, make_user, usage

PRACTICE = usage("carbon_exam", "basic-theory-lesson-1-practice")


def _sit(client, pick):
    """Start, answer every question with the option at ``pick`` on this learner's page, submit."""
    status, state = call(client, PRACTICE, "start_exam", {})
    Figures.check(status == 200, state)
    attempt = state["attempt"]
    answers = {q["id"]: [q["options"][pick % len(q["options"])]["id"]]
               for part in attempt["paper"]["parts"] for q in part["questions"] if q.get("options")}
    status, body = call(client, PRACTICE, "submit_exam", {"session": attempt.get("session", ""), "answers": answers})
    Figures.check(status == 200 and body["status"] == "submitted", body)
    return sorted(answers)


@pytest.fixture(scope="module")
def people():
    key = course_key()
    learners = [make_user(f"analysis_learner_{n}", key) for n in range(4)]
    return {"learners": learners, "staff": make_user("analysis_staff", key, role="staff")}


def test_staff_get_the_charts_learners_get_403(people):
    questions = set()
    for pick, learner in enumerate(people["learners"]):
        questions.update(_sit(client_for(learner), pick))

    learner = client_for(people["learners"][0])
    Figures.check(call(learner, PRACTICE, "item_analysis", method="get")[0] == 403)
    Figures.check(call(learner, PRACTICE, "export_item_analysis", {"format": "csv"}, method="get")[0] == 403)

    status, body = call(client_for(people["staff"]), PRACTICE, "item_analysis", method="get")
    Figures.check(status == 200, body)
    html = body["html"]
    Figures.check(html.count("<svg") >= 2 and 'role="img"' in html, html[:500])  # histogram and scatter at least
    Figures.check(all(question in html for question in questions), (sorted(questions), html[:500]))
    Figures.check("export_item_analysis" in html, html[:500])  # the export links

    Figures.requests += 1
    response = client_for(people["staff"]).get(handler_url(PRACTICE, "export_item_analysis"), {"format": "csv"})
    Figures.check(response.status_code == 200, response.status_code)
    text = b"".join(response.streaming_content) if response.streaming else response.content
    Figures.check(text.startswith(b"\xef\xbb\xbf") and all(q.encode() in text for q in questions), text[:300])
