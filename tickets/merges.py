"""Changes to who a customer is, each run only after a second person approves it (see `agents.approvals`):
merging a duplicate into the customer who stays, and changing the details that let someone take over an
account (emails, phones, the portal login).

A merge moves everything that points at the duplicate (tickets, messages it wrote, calls, escalations,
notices) to the customer who stays, adds the duplicate's emails, phones, addresses, account ids, card digits
and IP addresses to theirs (so the reply gate keeps all of them private), keeps the stricter safety
restriction, and leaves the duplicate as a deleted tombstone whose `merged_into` points at the survivor. It is
not undone by a button: the approval's result lists every row moved and every value added, so a merge made by
mistake can be reversed by hand from the audit trail.
"""
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_refuse_if_waiting, approval_request
from agents.audit import audit_record
from agents.models import PendingAction
from agents.permissions import Perm, can
from tickets.access import customers_for
from tickets.models import Customer, CustomerExport, Restriction

# The lists a merge adds together: every one is private context for the reply gate.
DETAIL_LISTS = ("emails", "phones", "addresses", "account_ids", "card_last4", "ips")
# The contact details a change replaces, named in the reader's language (the form, the approvals page).
CONTACT_FIELDS = {"emails": _("emails"), "phones": _("phones"), "login": _("portal login")}
# What only staff with `customer_private` read of a customer (the API's `CustomerStaffSerializer`, the side panel).
PRIVATE_DETAIL_LISTS = ("account_ids", "card_last4", "ips")
_STRICTNESS = [Restriction.NONE, Restriction.RESTRICTED, Restriction.SUSPENDED]


summary_register("customer_merge", ngettext_lazy(
    "Merge customer %(duplicate)s (%(count)d ticket) into customer %(survivor)s; %(duplicate)s stays only as a "
    "pointer to %(survivor)s",
    "Merge customer %(duplicate)s (%(count)d tickets) into customer %(survivor)s; %(duplicate)s stays only as a "
    "pointer to %(survivor)s", "count"))
summary_register("customer_contact_change", _("Change the %(field)s of customer %(customer)s to: %(values)s"),
                 field=lambda code: CONTACT_FIELDS.get(code, code), values=lambda shown: shown or _("nothing"))


# --- Merging two customers -----------------------------------------------------------------------------------


def customer_merge_request(
    *, duplicate: Customer, survivor: Customer, requested_by, reason: str, request=None
) -> PendingAction:
    """Ask to merge `duplicate` into `survivor`: the survivor keeps everything, the duplicate becomes a tombstone."""
    if duplicate.pk == survivor.pk:
        raise ValidationError({"survivor": _("Choose another customer: a customer cannot be merged into themselves.")})
    _merge_pair_check(duplicate.pk, survivor.pk)
    approval_refuse_if_waiting(kind="customer_merge", target=duplicate, what="A merge of this customer")
    count = duplicate.tickets.alive().count()
    return approval_request(
        kind="customer_merge", requested_by=requested_by, target=duplicate, reason=reason, request=request,
        summary=Summary("customer_merge", {"duplicate": str(duplicate), "survivor": str(survivor), "count": count}),
        data={"customer_id": survivor.pk, "duplicate_id": duplicate.pk},
    )


def merge_result_shown(result: dict, *, viewer) -> dict:
    """A merge's result as `viewer` may read it: without `customer_private`, the account ids, card digits and IP
    addresses it added to the survivor are left out, as they are everywhere else that viewer looks."""
    if can(viewer, Perm.CUSTOMER_PRIVATE) or not isinstance(result.get("added"), dict):
        return result
    added = {name: values for name, values in result["added"].items() if name not in PRIVATE_DETAIL_LISTS}
    return {**result, "added": added}


def _merge_in_scope(user, action: PendingAction) -> bool:
    ids = {int(action.target_id), action.data["customer_id"]}
    return customers_for(user, include_deleted=True).filter(pk__in=ids).count() == len(ids)


def _merge_pair_check(duplicate_id: int, survivor_id: int) -> None:
    pair = {c.pk: c for c in Customer.objects.filter(pk__in=[duplicate_id, survivor_id])}
    if len(pair) != 2 or any(c.deleted_at is not None for c in pair.values()):
        raise ValidationError(_("Both customers must exist and not be deleted or merged already."))
    if pair[duplicate_id].user_id and pair[survivor_id].user_id:
        raise ValidationError(_("Both customers have a portal login: change one of them first, so one login is left."))


def _merge_check(action: PendingAction) -> None:
    _merge_pair_check(int(action.target_id), action.data["customer_id"])


def _reverse_foreign_keys() -> list[models.ForeignKey]:
    """Every foreign key to Customer from elsewhere (hidden ones too, like a message's author), so a relation
    added later moves with a merge without anyone remembering to list it here. Not the exports: they record
    what left the desk about whom. Not the shielded agents' table: the merge adds those together."""
    return [
        rel.field for rel in Customer._meta.get_fields(include_hidden=True)
        if rel.one_to_many and not rel.concrete and rel.related_model not in (Customer, CustomerExport)
        and not rel.related_model._meta.auto_created
    ]


def _merge_execute(action: PendingAction, approver) -> dict:
    duplicate_id, survivor_id = int(action.target_id), action.data["customer_id"]
    pair = Customer.objects.select_for_update().filter(pk__in=[duplicate_id, survivor_id]).order_by("pk")
    locked = {c.pk: c for c in pair}
    duplicate, survivor = locked[duplicate_id], locked[survivor_id]
    moved: dict[str, list[int]] = {}
    for field in _reverse_foreign_keys():
        rows = field.model._base_manager.filter(**{field.name: duplicate})
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            field.model._base_manager.filter(pk__in=ids).update(**{field.name: survivor})
            moved[f"{field.model._meta.label_lower}.{field.name}"] = ids
    added: dict[str, list[str]] = {}
    for name in DETAIL_LISTS:
        new = [v for v in getattr(duplicate, name) if v not in getattr(survivor, name)]
        if new:
            setattr(survivor, name, [*getattr(survivor, name), *new])
            added[name] = new
    changed = {}
    if survivor.organization_id is None and duplicate.organization_id is not None:
        survivor.organization_id = changed["organization"] = duplicate.organization_id
    if _STRICTNESS.index(duplicate.restriction) > _STRICTNESS.index(survivor.restriction):
        survivor.restriction = changed["restriction"] = duplicate.restriction
    known = {survivor.name, *survivor.merged_names}
    names = [n for n in dict.fromkeys((duplicate.name, *duplicate.merged_names)) if n and n not in known]
    if names:
        survivor.merged_names = [*survivor.merged_names, *names]
        added["merged_names"] = names
    survivor.shielded_agents.add(*duplicate.shielded_agents.all())
    login = duplicate.user_id
    duplicate.user, duplicate.merged_into, duplicate.deleted_at = None, survivor, timezone.now()
    duplicate.save(update_fields=["user", "merged_into", "deleted_at"])
    if login and not survivor.user_id:
        survivor.user_id = changed["user"] = login
    survivor.save()
    result = {"survivor": survivor.pk, "tombstone": duplicate.pk, "moved": moved, "added": added, "changed": changed}
    audit_record(actor=approver, action="customer.merged_away", target=duplicate, customer=duplicate,
                 data={"survivor": survivor.pk, "approval": action.pk})
    return result


# --- Changing the details that let someone take over an account ----------------------------------------------


def _current(customer: Customer, field: str) -> list[str]:
    if field == "login":
        return [customer.user.username] if customer.user_id else []
    return list(getattr(customer, field))


def _clean_values(field: str, values: list[str], customer: Customer) -> list[str]:
    values = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if field == "emails":
        values = list(dict.fromkeys(v.lower() for v in values))
        for value in values:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError({"values": _("“%(value)s” is not an email address.")
                    % {"value": value}}) from None
    elif field == "phones":
        for value in values:
            if len(value) > 40 or sum(ch.isdigit() for ch in value) < 5:
                raise ValidationError({"values": _("“%(value)s” is not a phone number.") % {"value": value}})
    else:
        if customer.user_id is None:
            raise ValidationError({"field": _("This customer has no portal login to change.")})
        if len(values) != 1:
            raise ValidationError({"values": _("Give exactly one new login.")})
        try:
            UnicodeUsernameValidator()(values[0])
        except ValidationError:
            raise ValidationError({"values": _("A login has letters, digits and @ . + - _ only.")}) from None
        if User.objects.filter(username__iexact=values[0]).exclude(pk=customer.user_id).exists():
            raise ValidationError({"values": _("That login is taken.")})
    if len(values) > 20:
        raise ValidationError({"values": _("At most 20 values.")})
    return values


def customer_contact_change_request(
    *, customer: Customer, field: str, values: list[str], requested_by, reason: str, request=None
) -> PendingAction:
    """Ask to replace a customer's emails, phones or portal login; the values now are kept with the request,
    and the approval refuses to run if they changed meanwhile."""
    if field not in CONTACT_FIELDS:
        raise ValidationError({"field": _("Choose emails, phones or login.")})
    new = _clean_values(field, values, customer)
    old = _current(customer, field)
    if new == old:
        raise ValidationError({"values": _("That is what they are already.")})
    approval_refuse_if_waiting(
        kind="customer_contact_change", target=customer, what="A change to this customer's contact details"
    )
    return approval_request(
        kind="customer_contact_change", requested_by=requested_by, target=customer, reason=reason, request=request,
        summary=Summary("customer_contact_change", {"field": field, "customer": str(customer),
                                                    "values": ", ".join(new)[:200]}),
        data={"customer_id": customer.pk, "field": field, "old": old, "new": new},
    )


def _contact_in_scope(user, action: PendingAction) -> bool:
    return customers_for(user, include_deleted=True).filter(pk=action.target_id).exists()


def _contact_check(action: PendingAction) -> None:
    customer = Customer.objects.filter(pk=action.target_id, deleted_at__isnull=True).select_related("user").first()
    if customer is None:
        raise ValidationError(_("This customer is deleted or merged."))
    if _current(customer, action.data["field"]) != action.data["old"]:
        raise ValidationError(_("These details changed since the request was made. Ask again from what they are now."))
    if action.data["field"] == "login":
        _clean_values("login", action.data["new"], customer)


def _contact_execute(action: PendingAction, approver) -> dict:
    customer = Customer.objects.select_for_update(of=("self",)).select_related("user").get(pk=action.target_id)
    field, old, new = action.data["field"], action.data["old"], action.data["new"]
    if field == "login":
        User.objects.filter(pk=customer.user_id).update(username=new[0])
    else:
        setattr(customer, field, new)
        customer.save(update_fields=[field])
        if field == "emails" and customer.user_id:
            # The portal login's address is where a password reset goes: it follows the first email.
            User.objects.filter(pk=customer.user_id).update(email=new[0] if new else "")
    audit_record(actor=approver, action="customer.contact_change", target=customer, customer=customer,
                 data={"field": field, "old": old, "new": new, "approval": action.pk})
    return {"field": field, "old": old, "new": new}


def register() -> None:
    approval_kind_register("customer_merge", ApprovalKind(
        label=_("Merge customers"), in_scope=_merge_in_scope, check=_merge_check, execute=_merge_execute,
    ))
    approval_kind_register("customer_contact_change", ApprovalKind(
        label=_("Change a customer's emails, phones or login"), in_scope=_contact_in_scope, check=_contact_check,
        execute=_contact_execute,
    ))

