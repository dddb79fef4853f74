"""Every safety report becomes an `agent_harassment` escalation, with its evidence and every lead action.

Reports still open or actioned on the same ticket become one escalation (the first report raises it, later ones
join it as "raised again" entries with their own evidence), because only one may be active per ticket and
category. Statuses map: open → open; actioned → acknowledged (by the first action's lead, at its time);
closed → resolved (by the closing lead, outcome "acted on the customer" if any action was taken before, else
"other", with the closing note). Deadlines follow the policy defaults of the day the report was filed, counted
from that day. Each entry keeps the report's or action's id in its data ({"safety_report": id}).
"""
from datetime import timedelta

from django.db import migrations

ACKNOWLEDGE_S = 3600
RESOLVE_S = 24 * 3600
ACTION_KINDS = {"reassign", "warn", "restrict", "suspend", "lift"}


def forwards(apps, schema_editor):
    SafetyReport = apps.get_model("escalation", "SafetyReport")
    SafetyAction = apps.get_model("escalation", "SafetyAction")
    Escalation = apps.get_model("escalation", "Escalation")
    Entry = apps.get_model("escalation", "EscalationEntry")
    active_by_ticket = {}
    for report in SafetyReport.objects.order_by("created_at", "id"):
        actions = list(SafetyAction.objects.filter(report=report).order_by("created_at", "id"))
        escalation = None
        if report.status != "closed" and report.ticket_id is not None:
            escalation = active_by_ticket.get(report.ticket_id)
        joined = escalation is not None
        if escalation is None:
            escalation = _escalation_for(Escalation, report, actions)
            if escalation.status in ("open", "acknowledged") and report.ticket_id is not None:
                active_by_ticket[report.ticket_id] = escalation
        Entry.objects.create(
            escalation=escalation,
            kind="raised_again" if joined else "raised",
            actor_id=report.reporter_id,
            note=report.note,
            data={"safety_report": report.pk, "harassment_kind": report.category, "handed_back": report.handed_back},
            message_id=report.message_id,
            evidence_body=report.evidence_body,
            evidence_sha256=report.evidence_sha256,
            evidence_received_at=report.evidence_received_at,
            created_at=report.created_at,
        )
        for action in actions:
            closing = action.kind == "close"
            data = {**action.data, "safety_action": action.pk}
            if closing:
                data["outcome"] = escalation.outcome
            Entry.objects.create(
                escalation=escalation, kind="resolved" if closing else action.kind, actor_id=action.lead_id,
                note=action.note, data=data, created_at=action.created_at,
            )
        if joined:
            _absorb(Escalation, escalation, report, actions)


def _escalation_for(Escalation, report, actions):
    raised_at = report.created_at
    acknowledge_by = raised_at + timedelta(seconds=ACKNOWLEDGE_S)
    resolve_by = raised_at + timedelta(seconds=RESOLVE_S)
    first = actions[0] if actions else None
    close = next((a for a in actions if a.kind == "close"), None)
    fields = {}
    if report.status == "closed":
        acted = any(a.kind in ACTION_KINDS for a in actions)
        closed_at = close.created_at if close else (actions[-1].created_at if actions else raised_at)
        fields = {
            "status": "resolved", "outcome": "customer_actioned" if acted else "other",
            "closing_note": close.note if close else "", "closed_by_id": close.lead_id if close else None,
            "resolved_at": closed_at, "due_at": None,
        }
    elif report.status == "actioned" and first is not None:
        fields = {"status": "acknowledged", "due_at": resolve_by}
    else:
        fields = {"status": "open", "due_at": acknowledge_by}
    if first is not None:
        fields.update(acknowledged_at=first.created_at, acknowledged_by_id=first.lead_id)
    return Escalation.objects.create(
        ticket_id=report.ticket_id,
        customer_id=report.customer_id,
        message_id=report.message_id,
        category="agent_harassment",
        harassment_kind=report.category,
        severity=3,
        raised_by_id=report.reporter_id,
        note=report.note,
        handed_back=report.handed_back,
        policy={"version": 1, "acknowledge_within_s": ACKNOWLEDGE_S, "resolve_within_s": RESOLVE_S, "severity": 3,
                "from": "safety report"},
        raised_at=raised_at,
        acknowledge_by=acknowledge_by,
        resolve_by=resolve_by,
        updated_at=actions[-1].created_at if actions else raised_at,
        **fields,
    )


def _absorb(Escalation, escalation, report, actions):
    """A later report joined an active escalation: its hand-back and first action count for the escalation."""
    changes = {}
    if report.handed_back and not escalation.handed_back:
        changes["handed_back"] = True
    if actions and escalation.acknowledged_at is None:
        changes.update(status="acknowledged", acknowledged_at=actions[0].created_at,
                       acknowledged_by_id=actions[0].lead_id, due_at=escalation.resolve_by)
    if changes:
        Escalation.objects.filter(pk=escalation.pk).update(**changes)
        for key, value in changes.items():
            setattr(escalation, key, value)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0003_urgency")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
