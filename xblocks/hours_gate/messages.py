"""Sentences for the message codes of the pure modules, translated with the block's gettext.

Pure: the block passes its translator (``carbon_common.i18n.Translator`` over the i18n service), so nothing
here imports XBlock or Django. Placeholders are ``{name}``, filled after translation.
The msgids are English; the Simplified Chinese catalogue is ``translations/zh_CN/LC_MESSAGES/text.po``.
"""
from __future__ import annotations

from decimal import Decimal

from carbon_common.i18n import Translator, _, ngettext_noop

from . import config, hours, hours_import

ITEMS_UNAVAILABLE = "items_unavailable"  # evaluation.ITEMS_UNAVAILABLE: credited items withheld from the learner


APPLICATION_STATUS = {
    "none": _("not started"), "draft": _("draft, not yet submitted"), "submitted": _("submitted, awaiting review"),
    "returned": _("returned for correction"), "approved": _("approved"), "rejected": _("rejected"),
}
#: The same statuses as labels of their own (staff roster and export columns): capitalised in English.
APPLICATION_LABELS = {
    "none": _("Not started"), "draft": _("Draft, not yet submitted"), "submitted": _("Submitted, awaiting review"),
    "returned": _("Returned for correction"), "approved": _("Approved"), "rejected": _("Rejected"),
}

IMPORT_ERRORS = {
    hours_import.IDENTIFIER_MISSING: _("No username or email."),
    hours_import.EMAIL_INVALID: _("The email address is not valid."),
    hours_import.HOURS_MISSING: _("No hours given."),
    hours_import.HOURS_NOT_NUMBER: _("The hours are not a number."),
    hours_import.HOURS_NOT_POSITIVE: _("The hours must be more than zero."),
    hours_import.HOURS_TOO_LARGE: _("The hours are more than {max}."),
    hours_import.HOURS_TOO_PRECISE: _("Give hours with at most two decimals."),
    hours_import.REASON_MISSING: _("No reason given."),
    hours_import.REASON_TOO_LONG: ngettext_noop("The reason is longer than {max} character.", "The reason is longer than {max} characters."),
    hours_import.DUPLICATE_ROW: _("Same as row {first_row} of this file."),
    hours_import.FILE_UNREADABLE: _("The file could not be read. Upload a CSV or XLSX file."),
    hours_import.FILE_UNDECODABLE: _("The file is not UTF-8 or GB18030 text."),
    hours_import.FILE_UNSUPPORTED: _("Old .xls files are not supported. Save the sheet as .xlsx or CSV."),
    hours_import.FILE_EMPTY: _("The file is empty."),
    hours_import.COLUMN_MISSING: _("The file has no {column} column."),
    hours_import.TOO_MANY_ROWS: ngettext_noop("The file has more than {max} row.", "The file has more than {max} rows."),
    "user_not_found": _("No learner enrolled in this course has this username or email."),
    "already_applied": _("Already applied from an earlier import."),
}
IMPORT_COLUMNS = {
    "identifier": _("username or email (用户名/邮箱)"), "hours": _("hours (学时)"), "reason": _("reason (原因)"),
}

CONFIG_ERRORS = {
    config.REQUIRED_INVALID: _("Required hours must be a number from 0 to 10000 with at most two decimals."),
    config.MINUTES_INVALID: _("Minutes per hour must be a whole number from 1 to 240."),
    config.BLOCK_TYPE_INVALID: _("Credit {number}: the block type is not valid."),
    config.URL_NAME_INVALID: _("Credit {number}: the url_name is not valid."),
    config.HOURS_INVALID: _("Credit {number}: hours must be a number from 0 to 1000 with at most two decimals."),
    config.DUPLICATE_CREDIT: _("Credit {number}: this block is already credited."),
    config.MODE_INVALID: _("Choose how hours are counted: completion or verified."),
    config.READING_MINUTES_INVALID: _("Reading minutes must be a whole number from 1 to 240."),
    config.VIDEO_SECONDS_INVALID: _("The video length must be a whole number of seconds from 1 to 21600."),
}


def number(value: Decimal) -> str:
    """A 学时 figure without trailing zeros: 2, 2.5, 2.25."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def application_status(t: Translator, status: str) -> str:
    """The status inside a sentence ("…(now: approved)")."""
    return t.gettext(APPLICATION_STATUS.get(status, status))


def application_label(t: Translator, status: str) -> str:
    """The status standing alone, as a table cell or column value ("Approved")."""
    return t.gettext(APPLICATION_LABELS.get(status, status))


def missing_fact(t: Translator, fact: hours.MissingFact) -> str:
    """One plain sentence for a MissingFact."""
    params = fact.params
    if fact.code == hours.HOURS_MISSING:
        return t.ngettext("You need {missing} more training hour: {earned} of {required} earned.",
                          "You need {missing} more training hours: {earned} of {required} earned.", params["missing"],
                          missing=number(params["missing"]), earned=number(params["earned"]),
                          required=number(params["required"]))
    if fact.code == hours.ITEM_INCOMPLETE:
        return t.ngettext("Finish “{title}”: {percent}% done, {remaining} hour still to earn.",
                          "Finish “{title}”: {percent}% done, {remaining} hours still to earn.", params["remaining_hours"],
                          title=params["title"], percent=number((params["completion"] * 100).quantize(Decimal("1"))),
                          remaining=number(params["remaining_hours"]))
    if fact.code == ITEMS_UNAVAILABLE:
        return t.ngettext("Not yet available to you: {titles}. Their {hours} hour cannot be earned yet.",
                          "Not yet available to you: {titles}. Their {hours} hours cannot be earned yet.", params["hours"],
                          titles="、".join(f"“{title}”" for title in params["titles"]), hours=number(params["hours"]))
    if fact.code == hours.APPLICATION_NOT_SUBMITTED:
        return t.gettext("Your application for the exam must be submitted and approved.")
    if fact.code == hours.APPLICATION_NOT_APPROVED:
        return t.gettext("Your application for the exam must be approved (now: {status}).",
                         status=application_status(t, params["status"]))
    return fact.code


def reasons(t: Translator, facts) -> list[str]:
    """What keeps the gate closed, for learners: the hours still missing and the application requirement.

    Incomplete items are not repeated here: the learner sees every credited item, with its progress,
    in the items table next to these sentences.
    """
    return [missing_fact(t, fact) for fact in facts if fact.code != hours.ITEM_INCOMPLETE]


def import_error(t: Translator, problem) -> str:
    """A sentence for an ImportProblem (or a code with params)."""
    params = dict(getattr(problem, "params", {}) or {})
    if "column" in params:
        params["column"] = t.gettext(IMPORT_COLUMNS.get(params["column"], params["column"]))
    template = IMPORT_ERRORS.get(problem.code, problem.code)
    if isinstance(template, tuple):  # ngettext_noop: the count is the limit named
        return t.ngettext(*template, params["max"], **params)
    return t.gettext(template, **params)


def config_error(t: Translator, error: config.ConfigError) -> str:
    template = CONFIG_ERRORS.get(error.code, error.code)
    return t.gettext(template, number=(error.index or 0) + 1) if error.index is not None else t.gettext(template)
