"""Approval summaries become a sentence's key and parameters, put into words in the reader's language.

The English sentence each request was asked with stays (`summary` renamed `summary_asked`); for the rows
already there, the key and parameters are read back from it, sentence by sentence as the code wrote them until
now. A sentence that matches none (edited by hand, cut at 300 characters) keeps no key and is shown as asked.
"""
import re

from django.db import migrations, models

NAME = r"(?P<%s>.+)"
ROLES = {"Agent": "agent", "Contractor": "contractor", "Team lead": "lead", "Administrator": "admin",
         "Auditor": "auditor"}
ROLE = "(?P<%s>" + "|".join(map(re.escape, ROLES)) + ")"
# (kind, key, pattern); the patterns are the f-strings of agents, tickets, escalation and redaction before this.
SENTENCES = [
    ("mfa_reset", "mfa_reset",
     rf"Reset {NAME % 'name'}'s second factor \(they enrol again at their next sign-in\)"),
    ("role_grant", "role_grant", rf"Make {NAME % 'name'} {ROLE % 'role'} \(now {ROLE % 'was'}\)"),
    ("identity_reveal", "identity_reveal", rf"Show {NAME % 'agent'}'s real identity to {NAME % 'viewer'}"),
    ("customer_export", "customer_export",
     rf"Export all data of customer {NAME % 'customer'} \(JSON\), downloadable once by the requester"),
    ("customer_export", "queue_export",
     rf"Export the (?P<count>\d+) customers? of the {NAME % 'queue'} queue \((?P<format>JSON|CSV)\), "
     r"downloadable once by the requester"),
    ("customer_merge", "customer_merge",
     rf"Merge customer {NAME % 'duplicate'} \((?P<count>\d+) tickets?\) into customer {NAME % 'survivor'}; "
     r"(?P=duplicate) stays only as a pointer to (?P=survivor)"),
    ("customer_contact_change", "customer_contact_change",
     rf"Change the (?P<field>emails|phones|portal login) of customer {NAME % 'customer'} to: (?P<values>.*)"),
    ("customer_delete", "customer_delete",
     rf"Delete customer {NAME % 'customer'} and their (?P<count>\d+) tickets? \(restorable for 30 days\)"),
    ("ticket_delete", "ticket_delete", r"Delete ticket (?P<reference>\S+) \(restorable for 30 days\)"),
    ("queue_grant", "queue_grant", rf"Add {NAME % 'name'} to the {NAME % 'queue'} queue"),
    ("elevation", "elevation_queue", rf"Give {NAME % 'name'} the {NAME % 'queue'} queue for (?P<count>\d+) hours?"),
    ("elevation", "elevation_permission",
     rf"Give {NAME % 'name'} permission “(?P<permission>[^”]+)” for (?P<count>\d+) hours?"),
    ("customer_suspend", "customer_suspend", rf"Suspend customer {NAME % 'customer'} \(escalation #(?P<escalation>\d+)\)"),
    ("reply_override_own", "reply_override_own",
     r"Publish the held reply on (?P<reference>\S+) that its author, a lead, wrote"),
]
INTEGERS = {"count", "escalation"}


def read_back(kind: str, text: str) -> tuple[str, dict] | None:
    """The key and parameters of an English summary as the code wrote it, or None."""
    for sentence_kind, key, pattern in SENTENCES:
        match = re.fullmatch(pattern, text) if sentence_kind == kind else None
        if match is None:
            continue
        params = {name: int(value) if name in INTEGERS else value for name, value in match.groupdict().items()}
        if key == "role_grant":
            params["role"], params["was"] = ROLES[params["role"]], ROLES[params["was"]]
        elif key == "customer_contact_change":
            params["field"] = {"portal login": "login"}.get(params["field"], params["field"])
            params["values"] = "" if params["values"] == "nothing" else params["values"]
        return key, params
    return None


def keys_from_sentences(apps, schema_editor):
    PendingAction = apps.get_model("agents", "PendingAction")
    for action in PendingAction.objects.filter(summary_key="").only("kind", "summary_asked").iterator():
        found = read_back(action.kind, action.summary_asked)
        if found is not None:
            PendingAction.objects.filter(pk=action.pk).update(summary_key=found[0], summary_params=found[1])


class Migration(migrations.Migration):

    dependencies = [
        ("agents", "0009_viewer_locale"),
    ]

    operations = [
        migrations.RenameField(model_name="pendingaction", old_name="summary", new_name="summary_asked"),
        migrations.AlterField(
            model_name="pendingaction",
            name="summary_asked",
            field=models.CharField(help_text="What will happen, to what, as asked (English).", max_length=300),
        ),
        migrations.AddField(
            model_name="pendingaction", name="summary_key", field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="pendingaction", name="summary_params", field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(keys_from_sentences, migrations.RunPython.noop),
    ]
