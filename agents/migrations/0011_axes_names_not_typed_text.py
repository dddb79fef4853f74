"""django-axes' rows written before `AXES_USERNAME_CALLABLE` hold the names typed at failed sign-ins; they get
the names it counts under now (`agents.signin_audit.lockout_name`): the account's username for a name that is
one (in any case, or its one email), `unknown:<keyed hash>` for any other. Two attempts that now share a name,
address and browser become one with both counts, so a lockout under way still holds."""
from django.db import migrations

from agents.signin_audit import tried_hash


def _name(users, typed):
    """The account a typed name is, as `agents.signin_audit.tried_account` read it when this was written."""
    name = (typed or "").strip()
    if not name:
        return typed
    if len(name) <= 254:
        by_username = list(users.filter(username__iexact=name)[:2])
        exact = [user for user in by_username if user.username == name]
        if len(exact) == 1 or len(by_username) == 1:
            return (exact or by_username)[0].username
        if "@" in name:
            by_email = list(users.filter(email__iexact=name)[:2])
            if len(by_email) == 1:
                return by_email[0].username
    return f"unknown:{tried_hash(typed)}"


def forwards(apps, schema_editor):
    users = apps.get_model("auth", "User").objects
    attempts = apps.get_model("axes", "AccessAttempt")
    for attempt in attempts.objects.exclude(username=None).exclude(username__startswith="unknown:").order_by("id"):
        name = _name(users, attempt.username)
        if name == attempt.username:
            continue
        same = attempts.objects.filter(
            username=name, ip_address=attempt.ip_address, user_agent=attempt.user_agent
        ).first()
        if same is None:
            attempt.username = name
            attempt.save(update_fields=["username"])
            continue
        same.failures_since_start += attempt.failures_since_start
        same.attempt_time = max(same.attempt_time, attempt.attempt_time)
        same.save(update_fields=["failures_since_start", "attempt_time"])
        attempt.delete()
    failures = apps.get_model("axes", "AccessFailureLog")
    for failure in failures.objects.exclude(username=None).exclude(username__startswith="unknown:"):
        name = _name(users, failure.username)
        if name != failure.username:
            failure.username = name
            failure.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [
        ("agents", "0010_approval_summary_keys"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
