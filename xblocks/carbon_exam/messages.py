"""Every learner- and staff-facing string of the exam block, as English msgids.

``_`` only marks a string for extraction; the block translates it through the runtime's ``i18n``
service (``xblocks/carbon_exam/translations``). The ``{name}`` placeholders are filled after
translation.
"""


def _(text):
    return text


REFUSALS = {
    "login_required": _("Please sign in to take the exam."),
    "not_open": _("The exam opens at {time}."),
    "closed": _("The exam closed at {time}."),
    "no_attempts_left": _("You have used all your attempts."),
    "already_passed": _("You have passed; a retake is allowed only after failing."),
    "awaiting_grading": _("Your last attempt is still being graded."),
    "gate_closed": _("You cannot sit the exam yet."),
    "no_attempt": _("You have no exam in progress."),
    "session_taken": _("This exam was opened in another window; this one is now read-only."),
    "time_up": _("Time is up: your exam was submitted with the answers saved so far."),
    "paper_invalid": _("The exam paper is not ready yet; please contact the course team."),
    "staff_only": _("Only course staff can do this."),
    "bad_answers": _("Some answers could not be saved."),
}

TEXT = {
    "start": _("Start the exam"),
    "start_practice": _("Start practice"),
    "retake": _("Start a new attempt"),
    "take_over": _("Continue in this window"),
    "submit": _("Submit"),
    "confirm_submit": _("Submit your answers now? You cannot change them afterwards."),
    "unanswered_list": _("Unanswered questions: {list}"),
    "all_answered": _("You have answered every question."),
    "cancel": _("Keep working"),
    "confirm": _("Submit now"),
    "saved": _("All answers saved"),
    "saving": _("Saving…"),
    "save_failed": _("Your last changes could not be saved. Check your connection; we will retry."),
    "progress": _("{answered} of {total} answered"),
    "time_left": _("Time left"),
    "minutes_left": _("{minutes} minutes left."),
    "one_minute_left": _("1 minute left."),
    "flag": _("Flag for review"),
    "flagged": _("Flagged"),
    "navigator": _("Questions"),
    "question": _("Question {number}"),
    "points": _("{points} points"),
    "single": _("Single choice"),
    "multiple": _("Multiple choice"),
    "short": _("Short answer"),
    "previous": _("Previous"),
    "next": _("Next"),
    "your_answer": _("Your answer"),
    "score": _("Score: {earned} of {possible}"),
    "pass_mark": _("Pass mark: {pass_mark}"),
    "passed": _("Passed"),
    "failed": _("Not passed"),
    "pending": _("Short answers are being graded; your result will follow."),
    "correct_answer": _("Correct answer"),
    "reference": _("Reference answer"),
    "explanation": _("Explanation"),
    "staff_comment": _("Comment from the course team"),
    "status_correct": _("Correct"),
    "status_partial": _("Partly correct"),
    "status_wrong": _("Wrong"),
    "status_unanswered": _("Not answered"),
    "status_pending": _("Being graded"),
    "status_graded": _("Graded"),
    "status_missing": _("Removed"),
    "attempts_left": _("Attempts left: {count}"),
    "unlimited_attempts": _("Unlimited attempts"),
    "time_limit": _("Time limit: {minutes} minutes"),
    "untimed": _("No time limit"),
    "question_count": _("{count} questions, {points} points"),
    "intro_exam": _("Your answers are saved as you go. If you close the window, come back to continue."),
    "review": _("Your result"),
    "request_failed": _("The request failed. Please try again."),
    "read_only_note": _("This exam is open in another window, so this one is read-only. "
                        "Continue here to take over; the other window then becomes read-only."),
    "focus_warning": _("Leaving the exam page is recorded."),
    "part_score": _("{title}: {earned} of {possible}"),
}
