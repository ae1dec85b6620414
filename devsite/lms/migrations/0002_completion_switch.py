"""Turn on edx-completion's tracking switch, as a platform that tracks completion has it."""
from django.db import migrations


def switch_on(apps, schema_editor):
    Switch = apps.get_model("waffle", "Switch")
    Switch.objects.update_or_create(name="completion.enable_completion_tracking", defaults={"active": True})


class Migration(migrations.Migration):
    dependencies = [("devsite_lms", "0001_initial"), ("waffle", "0001_initial")]
    operations = [migrations.RunPython(switch_on, migrations.RunPython.noop)]
