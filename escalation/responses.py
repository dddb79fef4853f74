"""Response templates: leads write, edit and retire them; agents put them in their draft.

A first-response template must itself pass the first-response checker (empathy, a request for details — on a
public channel, private details only in private — and a commitment to review, no promise, no blame), so what agents
start from follows the formula. An apology (the correction after a bad staff reply) must apologise or show
empathy, commit to review, and neither promise an outcome nor blame. Its only placeholders are
{customer_first_name}, {alias} and {ticket_reference}, replaced as plain text: no template language, nothing
a lead writes can reach other data. Every saved text is kept as a revision, and every change is audited.
"""
from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.identity import public_identity
from agents.permissions import Perm, can
from escalation.firstresponse import check
from escalation.models import Category
from escalation.response_models import ResponseTemplate, ResponseTemplateRevision, TemplateKind
from tickets.macros import customer_greeting_name
from tickets.models import Ticket

PLACEHOLDERS = ("customer_first_name", "alias", "ticket_reference")
_BRACES = re.compile(r"\{([^{}]*)\}")
_SAMPLE = {"customer_first_name": "Sam", "alias": "Alex", "ticket_reference": "T-1234"}


def _fill(body: str, values: dict[str, str]) -> str:
    for name in PLACEHOLDERS:
        body = body.replace("{" + name + "}", values[name])
    return body


def response_template_errors(
    *, category: str, title: str, body: str, public: bool, kind: str = TemplateKind.FIRST_RESPONSE
) -> dict[str, list[str]]:
    """What is wrong with a template as a lead typed it (empty when it may be saved)."""
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [gettext("Choose one of the escalation categories.")]
    if kind not in TemplateKind.values:
        errors["kind"] = [gettext("Choose what the template is for.")]
    if not title.strip():
        errors["title"] = [gettext("Give the template a title.")]
    unknown = sorted({name for name in _BRACES.findall(body) if name not in PLACEHOLDERS})
    if unknown or _BRACES.sub("", body).count("{") or _BRACES.sub("", body).count("}"):
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        errors["body"] = [gettext("Only these placeholders may be used: %(allowed)s.") % {"allowed": allowed}]
    elif not body.strip():
        errors["body"] = [gettext("Write the reply.")]
    else:
        # Only the patterns refuse a template: a lead writes it with care and has no override, and a learned
        # warning can name ordinary words ("about", "this") that no edit could satisfy.
        warnings = check(_fill(body, _SAMPLE), first_response=True, public=public)
        if kind == TemplateKind.APOLOGY:  # a correction need not ask for details
            warnings = [w for w in warnings if w.code != "missing_info_request"]
        if warnings:
            errors["body"] = [w.message for w in warnings]
    return errors


def _revision_add(template: ResponseTemplate, lead, now) -> None:
    number = (template.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    ResponseTemplateRevision.objects.create(
        template=template, number=number, category=template.category, kind=template.kind, title=template.title,
        body=template.body, public=template.public, saved_by=lead, saved_at=now,
    )


def _lead_only(lead) -> None:
    if not can(lead, Perm.SAFETY_ACT):
        raise PermissionDenied("Only team leads manage response templates.")


def _checked(lead, *, category: str, title: str, body: str, public: bool, kind: str) -> tuple[str, str]:
    """A lead's new or changed template, checked: its title and body, trimmed."""
    _lead_only(lead)
    title, body = title.strip(), body.strip()
    errors = response_template_errors(category=category, title=title, body=body, public=public, kind=kind)
    if errors:
        raise ValidationError(errors)
    return title, body


def _title_taken() -> ValidationError:
    return ValidationError({"title": [_("This category already has a template with that title.")]})


def response_template_add(
    *, lead, category: str, title: str, body: str, public: bool = False,
    kind: str = TemplateKind.FIRST_RESPONSE, request=None,
) -> ResponseTemplate:
    title, body = _checked(lead, category=category, title=title, body=body, public=public, kind=kind)
    now = timezone.now()
    try:
        with transaction.atomic():
            template = ResponseTemplate.objects.create(
                category=category, kind=kind, title=title, body=body, public=public, created_by=lead,
                updated_by=lead, created_at=now, updated_at=now,
            )
            _revision_add(template, lead, now)
            audit_record(actor=lead, action="response_template.add", target=template, request=request,
                         data={"category": category, "public": public, "kind": kind})
    except IntegrityError:
        raise _title_taken() from None
    return template


def response_template_edit(
    *, lead, template: ResponseTemplate, category: str, title: str, body: str, public: bool = False,
    kind: str = TemplateKind.FIRST_RESPONSE, request=None,
) -> ResponseTemplate:
    """Change a template's text or settings, checked as a new one is. The text before stays as a revision,
    and the audit entry names what changed (never the text itself: it is in the revision)."""
    title, body = _checked(lead, category=category, title=title, body=body, public=public, kind=kind)
    new = {"category": category, "kind": kind, "title": title, "body": body, "public": public}
    now = timezone.now()
    try:
        with transaction.atomic():
            current = ResponseTemplate.objects.select_for_update().get(pk=template.pk)
            changed = sorted(name for name, value in new.items() if getattr(current, name) != value)
            if not changed:
                return current
            for name, value in new.items():
                setattr(current, name, value)
            current.updated_by, current.updated_at = lead, now
            current.save(update_fields=[*new, "updated_by", "updated_at"])
            _revision_add(current, lead, now)
            audit_record(actor=lead, action="response_template.edit", target=current, request=request,
                         data={"changed": changed})
    except IntegrityError:
        raise _title_taken() from None
    return current


def response_template_activate(*, lead, template: ResponseTemplate, active: bool, request=None) -> None:
    _lead_only(lead)
    with transaction.atomic():
        changed = ResponseTemplate.objects.filter(pk=template.pk).exclude(active=active).update(
            active=active, updated_by=lead, updated_at=timezone.now()
        )
        if changed:
            action = "response_template.enable" if active else "response_template.disable"
            audit_record(actor=lead, action=action, target=template, request=request)


def response_templates_for(ticket: Ticket) -> QuerySet[ResponseTemplate]:
    """Active templates fit for the ticket: public ones on a ticket whose replies the public reads."""
    return ResponseTemplate.objects.filter(active=True, public=ticket.replies_public)


def response_template_render(*, template: ResponseTemplate, ticket: Ticket, author) -> str:
    """The template's text for this ticket, as the agent's persona: never their real name."""
    return text_render(body=template.body, ticket=ticket, author=author)


def text_render(*, body: str, ticket: Ticket, author) -> str:
    """`body` with the placeholders filled for this ticket and the author's persona."""
    values = {
        "customer_first_name": customer_greeting_name(ticket=ticket),
        "alias": public_identity(author).name,
        "ticket_reference": ticket.reference,
    }
    return _fill(body, values)
