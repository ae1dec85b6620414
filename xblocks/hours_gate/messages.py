"""Sentences for the message codes of the pure modules, translated with the block's gettext.

Pure: ``gettext`` is passed in (the i18n service's), so nothing here imports XBlock or Django.
The msgids are English; the Simplified Chinese catalogue is ``translations/zh_CN/LC_MESSAGES/text.po``.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from . import config, hours, hours_import

Gettext = Callable[[str], str]
ITEMS_UNAVAILABLE = "items_unavailable"  # evaluation.ITEMS_UNAVAILABLE: credited items withheld from the learner


def _(text: str) -> str:
    """Mark a msgid for extraction; translated where it is used."""
    return text


APPLICATION_STATUS = {
    "none": _("not started"), "draft": _("draft, not yet submitted"), "submitted": _("submitted, awaiting review"),
    "returned": _("returned for correction"), "approved": _("approved"), "rejected": _("rejected"),
}

IMPORT_ERRORS = {
    hours_import.IDENTIFIER_MISSING: _("No username or email."),
    hours_import.EMAIL_INVALID: _("The email address is not valid."),
    hours_import.HOURS_MISSING: _("No hours given."),
    hours_import.HOURS_NOT_NUMBER: _("The hours are not a number."),
    hours_import.HOURS_NOT_POSITIVE: _("The hours must be more than zero."),
    hours_import.HOURS_TOO_LARGE: _("The hours are more than %(max)s."),
    hours_import.HOURS_TOO_PRECISE: _("Give hours with at most two decimals."),
    hours_import.REASON_MISSING: _("No reason given."),
    hours_import.REASON_TOO_LONG: _("The reason is longer than %(max)s characters."),
    hours_import.DUPLICATE_ROW: _("Same as row %(first_row)s of this file."),
    hours_import.FILE_UNREADABLE: _("The file could not be read. Upload a CSV or XLSX file."),
    hours_import.FILE_UNDECODABLE: _("The file is not UTF-8 or GB18030 text."),
    hours_import.FILE_UNSUPPORTED: _("Old .xls files are not supported. Save the sheet as .xlsx or CSV."),
    hours_import.FILE_EMPTY: _("The file is empty."),
    hours_import.COLUMN_MISSING: _("The file has no %(column)s column."),
    hours_import.TOO_MANY_ROWS: _("The file has more than %(max)s rows."),
    "user_not_found": _("No learner enrolled in this course has this username or email."),
    "already_applied": _("Already applied from an earlier import."),
}
IMPORT_COLUMNS = {
    "identifier": _("username or email (用户名/邮箱)"), "hours": _("hours (学时)"), "reason": _("reason (原因)"),
}

CONFIG_ERRORS = {
    config.REQUIRED_INVALID: _("Required hours must be a number from 0 to 10000 with at most two decimals."),
    config.MINUTES_INVALID: _("Minutes per hour must be a whole number from 1 to 240."),
    config.BLOCK_TYPE_INVALID: _("Credit %(number)s: the block type is not valid."),
    config.URL_NAME_INVALID: _("Credit %(number)s: the url_name is not valid."),
    config.HOURS_INVALID: _("Credit %(number)s: hours must be a number from 0 to 1000 with at most two decimals."),
    config.DUPLICATE_CREDIT: _("Credit %(number)s: this block is already credited."),
    config.MODE_INVALID: _("Choose how hours are counted: completion or verified."),
    config.READING_MINUTES_INVALID: _("Reading minutes must be a whole number from 1 to 240."),
    config.VIDEO_SECONDS_INVALID: _("The video length must be a whole number of seconds from 1 to 21600."),
}


def number(value: Decimal) -> str:
    """A 学时 figure without trailing zeros: 2, 2.5, 2.25."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def application_status(gettext: Gettext, status: str) -> str:
    return gettext(APPLICATION_STATUS.get(status, status))


def missing_fact(gettext: Gettext, fact: hours.MissingFact) -> str:
    """One plain sentence for a MissingFact."""
    params = fact.params
    if fact.code == hours.HOURS_MISSING:
        return gettext("You need %(missing)s more training hours: %(earned)s of %(required)s earned.") % {
            "missing": number(params["missing"]), "earned": number(params["earned"]),
            "required": number(params["required"]),
        }
    if fact.code == hours.ITEM_INCOMPLETE:
        return gettext("Finish “%(title)s”: %(percent)s%% done, %(remaining)s hours still to earn.") % {
            "title": params["title"], "percent": number((params["completion"] * 100).quantize(Decimal("1"))),
            "remaining": number(params["remaining_hours"]),
        }
    if fact.code == ITEMS_UNAVAILABLE:
        return gettext("Not yet available to you: %(titles)s. Their %(hours)s hours cannot be earned yet.") % {
            "titles": "、".join(f"“{title}”" for title in params["titles"]), "hours": number(params["hours"]),
        }
    if fact.code == hours.APPLICATION_NOT_SUBMITTED:
        return gettext("Your application for the exam must be submitted and approved.")
    if fact.code == hours.APPLICATION_NOT_APPROVED:
        return gettext("Your application for the exam must be approved (now: %(status)s).") % {
            "status": application_status(gettext, params["status"]),
        }
    return fact.code


def reasons(gettext: Gettext, facts) -> list[str]:
    """What keeps the gate closed, for learners: the hours still missing and the application requirement.

    Incomplete items are not repeated here: the learner sees every credited item, with its progress,
    in the items table next to these sentences.
    """
    return [missing_fact(gettext, fact) for fact in facts if fact.code != hours.ITEM_INCOMPLETE]


def import_error(gettext: Gettext, problem) -> str:
    """A sentence for an ImportProblem (or a code with params)."""
    params = dict(getattr(problem, "params", {}) or {})
    if "column" in params:
        params["column"] = gettext(IMPORT_COLUMNS.get(params["column"], params["column"]))
    template = gettext(IMPORT_ERRORS.get(problem.code, problem.code))
    return template % params if params else template


def config_error(gettext: Gettext, error: config.ConfigError) -> str:
    template = gettext(CONFIG_ERRORS.get(error.code, error.code))
    return template % {"number": (error.index or 0) + 1} if error.index is not None else template
