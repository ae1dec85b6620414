"""E-mail to the learner when staff decide on their application (returned, approved, rejected).

Sent through the platform's mail settings (Django's ``send_mail``, ``DEFAULT_FROM_EMAIL``, the site's
``EMAIL_BACKEND``), once the decision has committed (a rolled-back decision sends nothing). A failure to send is
logged, never raised: the decision stands and the learner also sees it on the form. The text is in Chinese
followed by English (the learner's language is not known when staff act), built from the block's catalogue.
"""
import logging

from carbon_common.i18n import _

from .messages import catalogue

log = logging.getLogger(__name__)

SUBJECTS = {
    "returned": _("Your application was returned for correction"),
    "approved": _("Your application has been approved"),
    "rejected": _("Your application was not approved"),
}
NEXT_STEPS = {
    "returned": _("Correct the items named below, upload any documents asked for, then submit the application "
                  "again."),
    "approved": _("You are eligible for the examination: complete the required study hours, then take the final "
                  "exam in this course."),
    "rejected": _("The reason is given below. If you think this is a mistake, contact the course staff."),
}


def _text(status, reason, notes, note_labels, course_name, language):
    gettext = catalogue(language).gettext
    lines = [gettext(SUBJECTS[status]) + f" — {course_name}", "", gettext(NEXT_STEPS[status])]
    if reason:
        lines += ["", gettext("Reason given by course staff:") + " " + reason]
    for key, note in (notes or {}).items():
        lines.append(f"- {note_labels.get(key, key)}: {note}")
    lines += ["", gettext("Open the application form in the course to see the details.")]
    return "\n".join(lines)


def decision_mail(application, course_name, note_labels=None):
    """``(subject, body, recipient)`` for the decision on ``application`` (``None`` when there is none to send)."""
    status = application.status
    if status not in SUBJECTS:
        return None
    recipient = (application.answers or {}).get("email") or getattr(application.user, "email", "")
    if not recipient:
        return None
    subject = f"{catalogue('zh-cn').gettext(SUBJECTS[status])} / {catalogue('en').gettext(SUBJECTS[status])}"
    notes = application.item_notes if status == "returned" else {}
    args = (status, application.decision_reason, notes, note_labels or {}, course_name)
    body = _text(*args, language="zh-cn") + "\n\n----\n\n" + _text(*args, language="en")
    return subject, body, recipient


def notify_decision(block, application):
    """Send the decision e-mail once the current transaction commits; failures are logged."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import transaction

    course_name = getattr(block, "display_name", "") or ""
    try:
        labels = {key: block.note_label(key) for key in (application.item_notes or {})}
    except Exception:  # noqa: BLE001 - labels are a nicety
        labels = {}
    mail = decision_mail(application, course_name, labels)
    if mail is None:
        return
    subject, body, recipient = mail
    application_id = application.id

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
        except Exception:  # noqa: BLE001 - a mail server's trouble must not undo or fail a staff decision
            log.exception("eligibility_form: the decision e-mail for application %s could not be sent", application_id)

    transaction.on_commit(send)
