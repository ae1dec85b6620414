"""Each attempt's number of short answers waiting for a staff grade (issue 12: the grading queue says exactly how many
answers are left across all its pages): a column, filled from the stored results by the rule scoring keeps it with,
and the queue's covering index extended with it, so the sum over an exam's pending attempts reads the index only."""
from django.db import migrations, models

BATCH = 500


def backfill(apps, schema_editor):
    """Every pending attempt's count from its stored result (the others keep 0), in batches read in id order."""
    from carbon_exam.scoring import pending_answers

    ExamAttempt = apps.get_model("carbon_common", "ExamAttempt")
    found = ExamAttempt.objects.filter(status="submitted", pending=True).only("id", "status", "result").order_by("id")
    last = 0
    while batch := list(found.filter(id__gt=last)[:BATCH]):
        last = batch[-1].id
        for attempt in batch:
            attempt.pending_answers = pending_answers(attempt.status, attempt.result)
        ExamAttempt.objects.bulk_update(batch, ["pending_answers"])


class Migration(migrations.Migration):

    dependencies = [
        ('carbon_common', '0006_opaque_keys_timestamped'),
    ]

    operations = [
        migrations.AddField(
            model_name='examattempt',
            name='pending_answers',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='examattempt',
            name='exam_attempt_queue',
        ),
        migrations.AddIndex(
            model_name='examattempt',
            index=models.Index(fields=['usage_key', 'status', '-pending', 'user', 'number', 'earned', 'possible',
                                       'passed', 'pending_answers'], name='exam_attempt_queue'),
        ),
    ]
