"""The leads' pages: the triage list (live), one escalation with its timeline and moves, the suspended view.

Everything here is for leads of the escalation's queue; anyone else gets a 404, whatever the object.
"""
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from agents.identity import public_identity
from agents.mfa_gate import reauth_required
from agents.permissions import Perm, can
from config.forms import errors_onto, form_submit
from config.htmx_errors import htmx_message
from escalation import corrections, safety, selectors, services
from escalation.forms import (
    CauseForm,
    CorrectionForm,
    DismissForm,
    NoteForm,
    OverClaimFields,
    ResolveForm,
    SafetyActionForm,
)
from escalation.models import Category, EntryKind, Escalation, Outcome, Status
from escalation.policy import escalation_setting
from escalation.views_duty import roster_context

TRIAGE_LIMIT = 200


def _lead_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.SAFETY_ACT):
        raise Http404


def triage_context(request: HttpRequest) -> dict:
    counts = selectors.escalation_counts(request.user)
    return {
        "items": selectors.escalations_for_triage(request.user)[:TRIAGE_LIMIT],
        "counts": [(value, label, counts[value]) for value, label in Category.choices],
        "total": sum(counts.values()),
        "now": timezone.now(),
        "poll_seconds": escalation_setting("POLL_SECONDS"),
    }


@login_required
@require_GET
def triage(request: HttpRequest) -> HttpResponse:
    """Active escalations in the lead's queues, soonest breach first; the list refreshes itself (htmx)."""
    _lead_or_404(request)
    return render(request, "escalation/triage.html", triage_page_context(request))


def triage_page_context(request: HttpRequest) -> dict:
    """The whole triage page's: the list, the duty roster, and what was closed over the lead's claim."""
    return {**triage_context(request), **roster_context(request),
            "claim_overrides": selectors.claim_overrides_unseen(request.user)}


@login_required
@require_POST
def claim_override_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """The claimant marks "closed over your claim" as read."""
    _lead_or_404(request)
    if not services.claim_override_seen(notice_id=pk, lead=request.user):
        raise Http404
    return redirect("leads:dashboard")


@login_required
@require_GET
def triage_list(request: HttpRequest) -> HttpResponse:
    """The list and counts alone, polled by the triage page."""
    _lead_or_404(request)
    return render(request, "escalation/partials/triage_list.html", triage_context(request))


@login_required
@require_GET
def nav_count(request: HttpRequest) -> HttpResponse:
    """The navigation's badges, polled on every staff page: open escalations nobody has acknowledged, and those
    closed over the lead's claim that they have not marked read. The counts come from the context processor
    (`escalation.context_processors.escalations`), as on every page: counted once, not again by the view."""
    _lead_or_404(request)
    return render(request, "escalation/partials/nav_count.html")


def _load(request: HttpRequest, pk: int) -> Escalation:
    _lead_or_404(request)
    try:
        return selectors.escalation_detail(request.user, pk)
    except Escalation.DoesNotExist:
        raise Http404 from None


def _detail(request: HttpRequest, escalation: Escalation, status: int = 200, **forms: Form) -> HttpResponse:
    context = {
        "escalation": escalation,
        "resolve_form": forms.get("resolve") or ResolveForm(
            initial={"outcome": Outcome.CORRECTED} if escalation.correction_reply_id else None
        ),
        "dismiss_form": forms.get("dismiss") or DismissForm(),
        "note_form": forms.get("note") or NoteForm(),
        "safety_form": forms.get("safety") or SafetyActionForm(escalation=escalation),
        "now": timezone.now(),
        # Another lead holds it: the close forms say who and ask to confirm closing over their claim.
        "over_claim": escalation.status == Status.CLAIMED and escalation.claimed_by_id != request.user.pk,
        **_damage_context(request, escalation, forms),
    }
    return render(request, "escalation/escalation.html", context, status=status)


def _damage_context(request: HttpRequest, escalation: Escalation, forms: dict) -> dict:
    """Damage control on the page: what caused it, and the correction with its state in the gate."""
    if escalation.ticket is None:
        return {}
    replies = selectors.published_replies(escalation.ticket)
    templates = list(corrections.apology_templates(escalation))
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("apology")), None)
    correction_form = forms.get("correction") or CorrectionForm(initial={
        "body": corrections.correction_prefill(escalation=escalation, lead=request.user, template=chosen)
    })
    return {
        "cause_form": forms.get("cause") or CauseForm(replies=replies),
        "correction_form": correction_form,
        "correction_state": corrections.correction_state(escalation),
        "apology_templates": templates,
        "apology_chosen": chosen,
    }


@login_required
@require_GET
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _load(request, pk))


FORMS = {"resolve": ResolveForm, "dismiss": DismissForm, "note": NoteForm}


def _over_claim(form: Form | None) -> int | None:
    return form.over_claim() if isinstance(form, OverClaimFields) else None


@login_required
@require_POST
def escalation_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """Claim, acknowledge, release, resolve, dismiss or note. A move that lost a race says who won (409)."""
    escalation = _load(request, pk)
    form = FORMS[move](request.POST) if move in FORMS else None
    if form is not None and not form.is_valid():
        return _detail(request, escalation, status=400, **{move: form})
    data = form.cleaned_data if form is not None else {}
    lead = request.user
    try:
        if move == "claim":
            services.escalation_claim(escalation=escalation, lead=lead)
        elif move == "acknowledge":
            services.escalation_acknowledge(escalation=escalation, lead=lead)
        elif move == "release":
            services.escalation_release(escalation=escalation, lead=lead)
        elif move == "resolve":
            services.escalation_resolve(escalation=escalation, lead=lead, outcome=data["outcome"], note=data["note"],
                                        over_claim_of=_over_claim(form))
        elif move == "dismiss":
            services.escalation_dismiss(escalation=escalation, lead=lead, reason=data["reason"], note=data["note"],
                                        over_claim_of=_over_claim(form))
        elif move == "note":
            services.escalation_note(escalation=escalation, lead=lead, note=data["note"])
        else:
            raise Http404
    except PermissionDenied:
        raise Http404 from None
    except services.EscalationConflict as conflict:
        current = conflict.escalation
        if move in ("resolve", "dismiss") and current.status == Status.CLAIMED:
            # Claimed by another lead, not confirmed (or by someone else than the page showed): the form comes
            # back with what was typed, naming who holds it, and the lead decides again.
            who = public_identity(current.claimed_by).name
            text = _("%(who)s holds the claim on this escalation. To close it anyway, tick “Close it over "
                     "%(who)s's claim”: they are told, and the timeline records it.") % {"who": who}
            again = type(form)({**request.POST.dict(), "confirm_over_claim": ""})
            again.is_valid()
            again.add_error("confirm_over_claim", text)
            return htmx_message(_detail(request, _load(request, pk), status=409, **{move: again}), text)
        messages.error(request, str(conflict))
        # Another lead closed it first: what this lead typed stays on the page, in the note box (a note can be
        # added in any status), so it can still go on the timeline.
        kept = {"note": NoteForm(initial={"note": data["note"]})} if data.get("note") else {}
        return htmx_message(_detail(request, _load(request, pk), status=409, **kept), str(conflict))
    except ValidationError as exc:
        if form is None:
            raise
        errors_onto(form, exc)
        return _detail(request, escalation, status=400, **{move: form})
    messages.success(request, _("Done, and recorded on the timeline."))
    return redirect("leads:escalation", pk=pk)


def _submit(request: HttpRequest, escalation: Escalation, name: str, form: Form,
            act: Callable[[dict], str | HttpResponse]) -> HttpResponse:
    """A lead's form on the escalation page, one way for all: `act(cleaned_data)` calls the service and returns
    the success message (or a response of its own); a service's ValidationError goes onto the form and the page
    comes back (400) with it, as does an invalid form; an escalation out of the lead's scope is a 404."""
    def respond(data: dict) -> HttpResponse:
        try:
            done = act(data)
        except PermissionDenied:
            raise Http404 from None
        if isinstance(done, HttpResponse):
            return done
        messages.success(request, done)
        return redirect("leads:escalation", pk=escalation.pk)

    return form_submit(request, form, respond) or _detail(request, escalation, status=400, **{name: form})


@login_required
@require_POST
def escalation_cause(request: HttpRequest, pk: int) -> HttpResponse:
    """Point the escalation at the staff reply or public post that caused it."""
    escalation = _load(request, pk)
    if escalation.ticket is None:
        raise Http404
    ticket = escalation.ticket

    def cause(data: dict) -> str:
        message = ticket.messages.filter(pk=data["message"]).first() if data["message"] else None
        corrections.escalation_cause_set(escalation=escalation, lead=request.user, message=message,
                                         url=data["url"], text=data["text"], request=request)
        return _("Recorded what caused it, on the timeline.")

    return _submit(request, escalation, "cause", CauseForm(request.POST, replies=selectors.published_replies(ticket)),
                   cause)


@login_required
@require_POST
def escalation_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the correction through the reply gate; the page then shows whether it was published or held."""
    escalation = _load(request, pk)
    if escalation.ticket is None:
        raise Http404

    def correct(data: dict) -> str:
        corrections.escalation_correct(escalation=escalation, lead=request.user, body=data["body"], request=request)
        return _("Correction sent to the reply gate: it is published once the scan is clean.")

    return _submit(request, escalation, "correction", CorrectionForm(request.POST), correct)


@login_required
@reauth_required
@require_POST
def safety_action(request: HttpRequest, pk: int) -> HttpResponse:
    """A lead's action on the customer or the ticket (reassign, warn, restrict, suspend, lift)."""
    escalation = _load(request, pk)
    lead = request.user

    def act(data: dict) -> str | HttpResponse:
        kind, note = data["kind"], data["note"]
        if kind == EntryKind.REASSIGN:
            safety.safety_reassign(escalation=escalation, lead=lead, assignee=data["assignee"], note=note)
        elif kind == EntryKind.WARN:
            safety.safety_warn(escalation=escalation, lead=lead, template=data["template"], note=note)
        elif kind == EntryKind.SUSPEND:  # a second lead approves it on the approvals page
            action = safety.safety_suspend(escalation=escalation, lead=lead, note=note, request=request)
            messages.success(request, _("Asked: %(summary)s. Another lead must approve it.")
                % {"summary": action.summary})
            return redirect("agents:approvals")
        else:
            ACTIONS[kind](escalation=escalation, lead=lead, note=note)
        return _("Done, and recorded on the timeline.")

    return _submit(request, escalation, "safety", SafetyActionForm(request.POST, escalation=escalation), act)


ACTIONS = {
    EntryKind.RESTRICT: safety.safety_restrict,
    EntryKind.LIFT: safety.safety_lift,
}


@login_required
@require_GET
def suspended(request: HttpRequest) -> HttpResponse:
    """Messages from suspended customers: kept, shown only here, and nobody was notified of them."""
    _lead_or_404(request)
    items = selectors.suspended_messages(request.user)[:200]
    return render(request, "escalation/suspended.html", {"items": items})
