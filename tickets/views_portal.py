"""The customer portal: a customer's own tickets, the public thread, new tickets, replies and downloads.

Customers see their tickets only (`tickets_for`), and in a thread only customer-visible messages: their own
and replies the reply gate published. An agent appears as the persona snapshot on the message; nothing here
reads a staff user. Staff are sent to the inbox; anyone else's object is a 404.
"""
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from agents.identity import TEAM_NAME_FALLBACK
from agents.permissions import Perm, can
from tickets.access import customer_of, tickets_for
from tickets.downloads import file_download
from tickets.forms_portal import CustomerReplyForm, TicketOpenForm
from tickets.intake import ticket_open
from tickets.models import (
    Attachment,
    Channel,
    Customer,
    MessageKind,
    Status,
)
from tickets.selectors import with_customer_updated_at
from tickets.services import customer_message_add

PAGE_SIZE = 25


def _size_guarded(view):
    """Answer a body over DATA_UPLOAD_MAX_MEMORY_SIZE with a clear 400 page instead of a bare error.

    Django raises RequestDataTooBig when the POST is first read, which CsrfViewMiddleware does before any view
    runs. So the CSRF check moves inside: the body is read here first, then `csrf_protect` checks as usual.
    """
    protected = csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - reading it is the point: this is where Django enforces the limit
            except RequestDataTooBig:
                limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
                return render(request, "portal/too_large.html", {"limit": limit}, status=400)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def _customer_view(view):
    """Signed-in customers only: staff belong in the inbox, anyone else finds nothing here."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if can(request.user, Perm.TICKETS_WORK):
            # The staff ticket page scopes by queue itself, so a forwarded portal link lands where it should.
            if "reference" in kwargs:
                return redirect("ticket_detail", reference=kwargs["reference"])
            return redirect("inbox")
        customer = customer_of(request.user)
        if customer is None:
            raise Http404("No customer account")
        return view(request, customer, *args, **kwargs)

    return wrapper


def _files(request: HttpRequest) -> list:
    return request.FILES.getlist("attachments")


@require_GET
@_customer_view
def portal(request: HttpRequest, customer: Customer) -> HttpResponse:
    # "Last update" is the last thing the customer can see; an internal note must not move it.
    tickets = (
        with_customer_updated_at(tickets_for(request.user))
        .only("reference", "subject", "subject_public", "status", "created_at")
        .order_by("-customer_updated_at", "-pk")
    )
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@_size_guarded
@_customer_view
def portal_ticket(request: HttpRequest, customer: Customer, reference: str) -> HttpResponse:
    ticket = get_object_or_404(tickets_for(request.user), reference=reference)
    form = CustomerReplyForm()
    if request.method == "POST":
        form = CustomerReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                customer_message_add(
                    ticket=ticket, customer=customer, body=form.cleaned_data["body"], files=_files(request)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your message was added to the ticket."))
                return redirect("portal_ticket", reference=ticket.reference)
    thread = (
        ticket.messages.customer_visible()
        .only("ticket_id", "kind", "body", "author_alias", "author_avatar_seed", "author_signature", "created_at")
        .prefetch_related("attachments")
    )
    context = {
        "ticket": ticket,
        "is_closed": ticket.status == Status.CLOSED,
        "thread": thread,
        "form": form,
        "team_name": TEAM_NAME_FALLBACK,
    }
    return render(request, "portal/ticket.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@_size_guarded
@_customer_view
def portal_new(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = TicketOpenForm()
    if request.method == "POST":
        form = TicketOpenForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                ticket = ticket_open(
                    opened_by=request.user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    channel=Channel.PORTAL,
                    files=_files(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ticket %(reference)s is open. We reply here and by email.")
                    % {"reference": ticket.reference})
                return redirect("portal_ticket", reference=ticket.reference)
    return render(request, "portal/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a file only to someone who may read its ticket; customers never get a note's attachments."""
    attachments = Attachment.objects.filter(message__ticket__in=tickets_for(request.user))
    if not can(request.user, Perm.TICKETS_WORK):
        attachments = attachments.exclude(message__kind=MessageKind.INTERNAL_NOTE)
    attachment = get_object_or_404(attachments, pk=pk)
    return file_download(attachment.file, filename=attachment.filename, content_type=attachment.content_type)
