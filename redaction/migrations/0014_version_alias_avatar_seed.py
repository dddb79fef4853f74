"""A version freezes the persona's alias and avatar seed at Send, as it does the signature.

Publication copies them from the version; before this it read the live persona. Existing rows are filled in
with what they went out under, or would have: a published version from its reply's message, a version still
waiting (pending, scanning, held) from its author's persona as it is now, which is what publication would
have written. Drafts take theirs at Send; superseded versions are never published.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

TEAM_NAME_FALLBACK = "Support team"  # agents.identity: what a reply by someone without a persona goes out under
TEAM_AVATAR_SEED = "team"


def backfill(apps, schema_editor):
    ReplyVersion = apps.get_model("redaction", "ReplyVersion")
    Message = apps.get_model("tickets", "Message")
    Persona = apps.get_model("agents", "Persona")
    message = Message.objects.filter(gate_reply__id=OuterRef("reply_id"))
    ReplyVersion.objects.filter(status="published", reply__published_message__isnull=False).update(
        alias=Subquery(message.values("author_alias")[:1]),
        avatar_seed=Subquery(message.values("author_avatar_seed")[:1]),
    )
    persona = Persona.objects.filter(staff__user__gate_replies__id=OuterRef("reply_id"))
    ReplyVersion.objects.filter(status__in=("pending", "scanning", "held")).update(
        alias=Coalesce(Subquery(persona.values("alias")[:1]), Value(TEAM_NAME_FALLBACK)),
        avatar_seed=Coalesce(Subquery(persona.values("avatar_seed")[:1]), Value(TEAM_AVATAR_SEED)),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("redaction", "0013_reply_file_guard"),
        ("agents", "0009_viewer_locale"),
        ("tickets", "0025_call_logged_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="replyversion",
            name="alias",
            field=models.CharField(blank=True, db_default="", max_length=60),
        ),
        migrations.AddField(
            model_name="replyversion",
            name="avatar_seed",
            field=models.CharField(blank=True, db_default="", max_length=32),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
