"""Store calendar feed tokens hashed, like rater tokens: existing links keep working."""

import secrets

from django.db import migrations, models

from kamtraining.tokens import token_hash

BATCH = 500


def hash_plain_feed_tokens(apps, schema_editor):
    """Replace each stored plain token by its hash; the link in the user's calendar app still
    carries the plain token, which is what the feed now hashes and looks up."""
    User = apps.get_model("participants", "User")
    users = User.objects.exclude(feed_token_hash=None).only("pk", "feed_token_hash")
    batch = []
    for user in users.iterator(chunk_size=BATCH):
        user.feed_token_hash = token_hash(user.feed_token_hash)
        batch.append(user)
        if len(batch) == BATCH:
            User.objects.bulk_update(batch, ["feed_token_hash"])
            batch = []
    User.objects.bulk_update(batch, ["feed_token_hash"])


def new_plain_feed_tokens(apps, schema_editor):
    """Going back: a hash is no link, so everyone gets a fresh plain token (old links stop)."""
    User = apps.get_model("participants", "User")
    users = list(User.objects.only("pk"))
    for user in users:
        user.feed_token_hash = secrets.token_urlsafe(32)
    User.objects.bulk_update(users, ["feed_token_hash"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_attendance_history_and_protected_actors"),
    ]

    operations = [
        migrations.RenameField(model_name="user", old_name="feed_token", new_name="feed_token_hash"),
        migrations.AlterField(
            model_name="user",
            name="feed_token_hash",
            field=models.CharField(
                blank=True,
                default=None,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="calendar feed token",
            ),
        ),
        migrations.RunPython(hash_plain_feed_tokens, new_plain_feed_tokens),
    ]
