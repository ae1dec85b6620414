"""Background work on the platform's Celery workers: a large results sheet written to the report storage."""
from __future__ import annotations

import tempfile

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.utils import translation


@shared_task(name="carbon_common.tasks.export_results_sheet")
def export_results_sheet(course_id, exam_id, fmt, user_id, reveal, language, tz_name, filename):
    """Write the sheet to a temporary file (rows streamed, memory flat) and save it where the platform keeps
    its reports (``compat.report_store``): the instructor dashboard lists it with the LMS's own reports."""
    from zoneinfo import ZoneInfo

    from carbon_common import results_data
    from carbon_common.compat import report_store
    from carbon_common.exports import csv_chunks, xlsx_chunks

    course_key = results_data.parse_course(course_id)
    exam = results_data.find_exam(course_key, exam_id)
    if exam is None:
        raise ValueError(f"no graded exam {exam_id} in {course_id}")
    with translation.override(language):
        headers, rows = results_data.sheet_rows(exam, tz=ZoneInfo(tz_name), reveal=reveal, language=language)
        chunks = csv_chunks(headers, rows) if fmt == "csv" else xlsx_chunks(headers, rows, exam.display_name)
        with tempfile.TemporaryFile() as output:
            for chunk in chunks:
                output.write(chunk)
            output.seek(0)
            store = report_store()
            store.storage.save(store.path_to(course_key, filename), File(output, name=filename))
    return filename


def start_results_sheet(*args) -> str:
    """Queue :func:`export_results_sheet`; a site without workers (``CARBON_XBLOCKS_TASKS_INLINE``, the local
    runtime) runs it in the request instead. Returns the task id."""
    if getattr(settings, "CARBON_XBLOCKS_TASKS_INLINE", False):
        return export_results_sheet.apply(args=args).id
    return export_results_sheet.apply_async(args=args).id
