"""What staff do from a ticket page: raise an escalation, or report harassment, in one action (htmx)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agents.permissions import Perm, can
from config.locale import label_in_sentence
from escalation import safety, services
from escalation.forms import RaiseForm, ReportForm
from escalation.models import EntryKind
from tickets.access import customers_for, tickets_for
from tickets.models import Message, MessageKind


def _allowed_or_404(request: HttpRequest, perm: Perm) -> None:
    if not can(request.user, perm):
        raise Http404


def _back(request: HttpRequest, fallback: str) -> str:
    target = (request.POST if request.method == "POST" else request.GET).get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _customer_message(request: HttpRequest, pk: int) -> Message:
    """A customer's message on a ticket the viewer can see; any other message is not found."""
    visible = Message.objects.filter(ticket__in=tickets_for(request.user), kind=MessageKind.CUSTOMER)
    return get_object_or_404(visible.select_related("ticket"), pk=pk)


def _form_again(request: HttpRequest, form, partial: str, page: str, uid: str) -> HttpResponse:
    """A refused form keeps what was typed: htmx gets the form back, a plain post a page with it (400). htmx
    swaps only a 2xx answer, so its form comes back as a 200: a 400 would leave the agent's click with no
    visible effect."""
    context = {"form": form, "next": request.POST.get("next", ""), "uid": uid}
    if request.htmx:
        return render(request, partial, context)
    return render(request, page, context, status=400)


@login_required
@require_POST
def escalation_raise(request: HttpRequest) -> HttpResponse:
    """Any staff member who can see the ticket raises an escalation on it, with an optional note."""
    _allowed_or_404(request, Perm.TICKETS_WORK)
    # A ticket outside the viewer's scope is not found, whatever else is wrong with the form.
    ticket_id = request.POST.get("ticket", "")
    ticket = get_object_or_404(tickets_for(request.user), pk=int(ticket_id) if ticket_id.isdigit() else 0)
    form = RaiseForm(request.POST)
    again = ("escalation/partials/raise_form.html", "escalation/raise_new.html", "again")
    if not form.is_valid():
        return _form_again(request, form, *again)
    try:
        escalation = services.escalation_raise(
            ticket=ticket, category=form.cleaned_data["category"], raised_by=request.user,
            note=form.cleaned_data["note"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _form_again(request, form, *again)
    category = label_in_sentence(escalation.get_category_display())
    text = _("Escalated to the team leads as %(category)s.") % {"category": category}
    if escalation.entries.filter(kind__in=(EntryKind.RAISED, EntryKind.RAISED_AGAIN)).count() > 1:
        text = _("Added to the open %(category)s escalation; the leads have it.") % {"category": category}
    if request.htmx:
        return render(request, "escalation/partials/filed.html", {"text": text})
    messages.success(request, text)
    return redirect(_back(request, reverse("ticket_detail", args=[ticket.reference])))


@login_required
@require_POST
def report_file(request: HttpRequest) -> HttpResponse:
    """Any staff member who can see the customer may report them; customers and strangers get a 404."""
    _allowed_or_404(request, Perm.SAFETY_REPORT)
    form = ReportForm(request.POST)
    again = ("escalation/partials/report_form.html", "escalation/report_new.html", "again")
    if not form.is_valid():
        return _form_again(request, form, *again)
    data = form.cleaned_data
    customer = get_object_or_404(customers_for(request.user), pk=data["customer"])
    ticket = get_object_or_404(tickets_for(request.user), pk=data["ticket"]) if data["ticket"] else None
    message = None
    if data["message"]:
        message = _customer_message(request, data["message"])
        ticket = ticket or message.ticket
    try:
        escalation = safety.safety_report_file(
            reporter=request.user, customer=customer, message=message, ticket=ticket,
            category=data["category"], note=data["note"], hand_back=data["hand_back"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _form_again(request, form, *again)
    text = _("Reported to the team leads. The customer will never learn who reported them.")
    if data["hand_back"]:
        text = _(
            "Reported to the team leads. The customer will never learn who reported them. The ticket is back in "
            "the queue and you will not be assigned this customer again."
        )
    if request.htmx:
        response = render(request, "escalation/partials/filed.html", {"text": text})
        if data["hand_back"]:
            response["HX-Refresh"] = "true"
        return response
    messages.success(request, text)
    fallback = reverse("ticket_detail", args=[escalation.ticket.reference]) if escalation.ticket else reverse("inbox")
    return redirect(_back(request, fallback))


@login_required
@require_GET
def report_message(request: HttpRequest, pk: int) -> HttpResponse:
    """The report form for one customer message, fetched when an agent opens "Report harassment" beside it.

    The ticket page carries a link per message rather than a whole form per message (half of a long thread's
    render time); htmx loads the form in place, a plain click opens it as a page.
    """
    _allowed_or_404(request, Perm.SAFETY_REPORT)
    message = _customer_message(request, pk)
    form = ReportForm(
        initial={"customer": message.author_customer_id, "message": message.pk, "ticket": message.ticket_id}
    )
    context = {
        "form": form, "uid": f"m{message.pk}",
        "next": _back(request, reverse("ticket_detail", args=[message.ticket.reference])),
    }
    page = "escalation/partials/report_form.html" if request.htmx else "escalation/report_new.html"
    return render(request, page, context)
