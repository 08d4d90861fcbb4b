"""Ratings name their campaign (read through one index); existing rows take their invitation's."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_campaign(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rating = apps.get_model("assessments", "Rating")
    Invitation = apps.get_model("assessments", "Invitation")
    Rating.objects.filter(campaign__isnull=True).update(
        campaign_id=Subquery(
            Invitation.objects.filter(pk=OuterRef("invitation_id")).values("campaign_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_nomination_submissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="campaign",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="assessments.campaign",
                verbose_name="campaign",
            ),
        ),
        migrations.RunPython(fill_campaign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rating",
            name="campaign",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="assessments.campaign",
                verbose_name="campaign",
            ),
        ),
        migrations.AddIndex(
            model_name="rating",
            index=models.Index(
                fields=["campaign", "invitation", "item"],
                include=("score",),
                name="rating_campaign_report",
            ),
        ),
    ]
