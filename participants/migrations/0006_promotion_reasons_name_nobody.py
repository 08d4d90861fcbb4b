"""Promotion reasons stop naming who cancelled: the promoted participant reads their history.

Reasons were written in the actor's language, so both wordings are rewritten, each to the
same language's "a place became free". The name cannot come back: going back does nothing.
"""

import re

from django.db import migrations

# (stored wording, its replacement) in English and in Chinese.
REWRITES = (
    (
        re.compile(r"^Promoted from the waitlist: .+ cancelled\.$", re.DOTALL),
        "Promoted from the waitlist: a place became free.",
    ),
    (re.compile(r"^从候补名单递补：.+ 已取消。$", re.DOTALL), "从候补名单递补：有名额空出。"),
)
PREFIXES = ("Promoted from the waitlist: ", "从候补名单递补：")
BATCH = 500


def rewrite_promotion_reasons(apps, schema_editor):
    Change = apps.get_model("participants", "EnrollmentStatusChange")
    rows = Change.objects.none()
    for prefix in PREFIXES:
        rows = rows | Change.objects.filter(reason__startswith=prefix)
    batch = []
    for row in rows.only("pk", "reason").iterator(chunk_size=BATCH):
        for pattern, replacement in REWRITES:
            if pattern.match(row.reason):
                row.reason = replacement
                batch.append(row)
                break
        if len(batch) == BATCH:
            Change.objects.bulk_update(batch, ["reason"])
            batch = []
    Change.objects.bulk_update(batch, ["reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_datetime_years_bounded"),
    ]

    operations = [
        migrations.RunPython(rewrite_promotion_reasons, migrations.RunPython.noop),
    ]
