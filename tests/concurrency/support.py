"""Shared by tests/integration/test_nothing_lost.py (SQLite) and the MariaDB tier in this package."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connections
from django.test import Client

from tests.integration.helpers import body, post_json

NOTHING_LOST_COURSE = Path(__file__).resolve().parent.parent / "fixtures" / "nothing_lost_course"
QUESTIONS = [f"s{i}" for i in range(1, 7)]
SHORT = ("q1", "q2")


class InjectedFault(DatabaseError):
    """A database call that fails on purpose (what a dropped connection or a deadlock victim sees)."""


def learner_client(user):
    """A logged-in client that answers 500 (instead of raising) when a handler fails."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def start(client, key):
    response = post_json(client, key, "start_exam", {})
    assert response.status_code == 200, response.content
    return body(response)["attempt"]["session"]


def save(client, key, session, answers, **extra):
    return post_json(client, key, "save_answers", {"session": session, "answers": answers, **extra})


def submit(client, key, session, answers=None):
    return post_json(client, key, "submit_exam", {"session": session, "answers": answers or {}})


def grade(client, key, attempt_id, question, points=(20,)):
    return post_json(client, key, "staff_grade", {"attempt": attempt_id, "question": question,
                                                  "points": list(points), "comment": ""})


def reset(client, key, attempt_id, reason="重考"):
    return post_json(client, key, "staff_reset_attempt", {"attempt": attempt_id, "reason": reason})


@contextmanager
def fault_once(monkeypatch, owner, name, counter=None):
    """``owner.name`` raises :class:`InjectedFault` on its first call, then behaves normally."""
    original = getattr(owner, name)
    state = {"fired": False}

    def failing(*args, **kwargs):
        if not state["fired"]:
            state["fired"] = True
            if counter is not None:
                counter.append(name)
            raise InjectedFault(f"injected fault in {name}")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
    yield state
    monkeypatch.setattr(owner, name, original)


def submissions_for(key):
    """edx-submissions' submissions for the exam (each one a score sent to the gradebook)."""
    from submissions.models import Submission

    return Submission.objects.filter(student_item__item_id=str(key)).count()


# Figures of the MariaDB tier, printed at the end of the run (tests/concurrency/conftest.py).
FIGURES = {
    "threads": 0,
    "saves_acknowledged": 0,
    "saves_refused_409": 0,
    "acknowledged_answers_lost": 0,
    "submits": 0,
    "double_submits_500": 0,
    "grades_acknowledged": 0,
    "grades_lost": 0,
    "import_rows_credited_twice": 0,
    "faults_injected": 0,
    "half_written_records": 0,
}


def in_parallel(calls):
    """Run the callables at once (one thread each, started together); their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:  # reported to the test, never swallowed
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    FIGURES["threads"] += len(threads)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results
