"""The study ledger's event-tracking backend: the platform's events reach :func:`carbon_common.ledger.record_event`.

Registered in ``EVENT_TRACKING_BACKENDS`` (automatically by the plugin settings, ``carbon_common.settings``;
or explicitly, see the README). It receives every event the LMS emits, in the process that received it, with
the server's ``timestamp`` and the request's ``context`` (``user_id``, ``course_id``, ``session``).
"""
import logging

log = logging.getLogger(__name__)

BACKEND_NAME = "carbon_study_ledger"
ENGINE = "carbon_common.tracking.StudyLedgerBackend"


class StudyLedgerBackend:
    """An event-tracking backend (``send(event)``); it never raises into the platform's tracker."""

    def __init__(self, **options):
        self.options = options

    def send(self, event):
        from carbon_common import ledger

        try:
            ledger.record_event(event)
        except Exception:  # noqa: BLE001  (a failed record must not fail the learner's request)
            log.exception("study ledger: event %r not recorded", (event or {}).get("name"))
