import kamtraining.i18n
from django.db import migrations, models


def utc_venues_inherit(apps, schema_editor):
    # Until now a venue's zone was shown nowhere and defaulted to UTC; from now on it sets the
    # local time of the sessions in its rooms. A venue left at that default keeps its sessions
    # on their cohort's time, as they have always been shown.
    Venue = apps.get_model("courses", "Venue")
    Venue.objects.filter(time_zone="UTC").update(time_zone="")


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0006_session_change_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='session',
            name='time_zone',
            field=models.CharField(blank=True, help_text="The zone of its local time; blank: its room's venue's, else the cohort's.", max_length=64, validators=[kamtraining.i18n.validate_time_zone], verbose_name='time zone'),
        ),
        migrations.AlterField(
            model_name='venue',
            name='time_zone',
            field=models.CharField(blank=True, help_text="Sessions in its rooms are in this zone; blank: the cohort's.", max_length=64, validators=[kamtraining.i18n.validate_time_zone], verbose_name='time zone'),
        ),
        migrations.RunPython(utc_venues_inherit, migrations.RunPython.noop),
    ]
