"""Applications get a number (报名编号, programme-year-sequence) at their first submission.

Applications submitted before this migration get theirs here, in the order they were submitted.
"""
from django.db import migrations, models


def number_submitted(apps, schema_editor):
    from opaque_keys import InvalidKeyError
    from opaque_keys.edx.keys import CourseKey

    from carbon_common.compat import user_time_zone
    from eligibility_form.numbering import WIDTH, format_number  # a pure helper, no models

    Application = apps.get_model("carbon_common", "Application")
    zone, last = user_time_zone(None), {}
    for application in Application.objects.filter(submitted_at__isnull=False).order_by("submitted_at", "id"):
        try:
            programme = CourseKey.from_string(application.course_key).course
        except InvalidKeyError:
            programme = ""
        prefix = format_number(programme, application.submitted_at.astimezone(zone).year, 0)[:-WIDTH]
        last[prefix] = last.get(prefix, 0) + 1
        Application.objects.filter(pk=application.pk).update(number=prefix + f"{last[prefix]:0{WIDTH}d}")


class Migration(migrations.Migration):

    dependencies = [
        ('carbon_common', '0004_exam_queue_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='number',
            field=models.CharField(blank=True, editable=False, max_length=40, null=True, unique=True),
        ),
        migrations.RunPython(number_submitted, migrations.RunPython.noop),
    ]
