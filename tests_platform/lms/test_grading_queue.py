"""The exam's paged grading queue answers course staff in the real LMS (its role through the user service) and
refuses learners; a bad cursor reads the first page; the answers left in all agree with the answers listed."""
from tests_platform.common import Figures, call, client_for, course_key, make_user, usage

EXAM = usage("carbon_exam", "final_exam")


def test_staff_read_the_grading_queue_and_learners_are_refused():
    staff = client_for(make_user("queue_staff", course_key(), role="staff"))
    learner = client_for(make_user("queue_learner", course_key()))
    for query in ({}, {"pending": "0"}, {"after": "not-a-cursor"}):  # other tests' attempts may be listed
        status, page = call(staff, EXAM, "grading_queue", query, method="get")
        Figures.check(status == 200 and isinstance(page["queue"], list) and page["after"] is None, page)
        Figures.check(isinstance(page["pending_attempts"], int), page)
        # the kept column (migration 0007 ran here) against the queue's own rule, whenever every page is this one
        Figures.check(page["pending_answers"] >= page["pending_attempts"], page)
        if page["next"] is None:
            Figures.check(page["pending_answers"] == sum(1 for item in page["queue"] if item["pending"]), page)
        if query.get("pending") != "0":
            Figures.check(all(item["attempt"] for item in page["queue"]), page)
    status, refused = call(learner, EXAM, "grading_queue", method="get")
    Figures.check(status == 403 and refused["error"]["code"], refused)
