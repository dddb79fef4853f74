"""The agent's inbox and ticket page. Thin: forms read input, services write, selectors read."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents.audit import audit_record
from agents.identity import public_identity
from agents.permissions import Perm, can
from config.forms import errors_onto, form_status, form_submit
from tickets import services
from tickets.forms import (
    CallLogForm,
    InboxFilterForm,
    NoteForm,
    TicketChangeForm,
    TicketNewForm,
)
from tickets.history import history_lines
from tickets.inbox_rows import inbox_rows
from tickets.intake import ticket_open
from tickets.keyset import BadCursor, cursor_decode, cursor_encode, keyset_page
from tickets.macros import macro_render, macros_for
from tickets.models import MessageKind, Ticket
from tickets.selectors import (
    HISTORY_RECENT,
    SORT_KEYS,
    THREAD_KEYS,
    THREAD_RECENT,
    VIEWS,
    count_shown,
    customer_calls,
    history_context,
    inbox_counts,
    inbox_sort,
    inbox_tickets,
    ticket_for_page,
    ticket_history,
    ticket_thread,
)
from tickets.thread_rows import thread_rows

PER_PAGE = 25
HISTORY_PARTS = ("recent", "all")  # `?history=`: the newest HISTORY_RECENT events, or every one


def staff_required(view):
    """Signed-out visitors go to the login page; signed-in people who do not work tickets (customers,
    auditors) get the same 404 as a missing page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, Perm.TICKETS_WORK):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _partial(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore after a cache miss needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


# --- Inbox ------------------------------------------------------------


@require_GET
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    """One page of a view tab, "newer / older" by keyset (a deep page costs what the first does), with the tabs'
    counts capped so none reads more than COUNT_CAP rows. A broken page link is reported and the first page shown."""
    form = InboxFilterForm(request.GET, user=request.user)
    query = form.inbox_query()
    now = timezone.now()  # one moment for the SLA filter and the rows' badges
    tickets = inbox_tickets(user=request.user, query=query, now=now)
    sort = inbox_sort(query)
    keys = SORT_KEYS[sort]
    cursor, cursor_error = None, ""
    if request.GET.get("cursor"):
        try:
            cursor = cursor_decode(request.GET["cursor"], order=sort, keys=keys)
        except BadCursor as error:
            cursor_error = error.message
    page = keyset_page(tickets, keys=keys, size=PER_PAGE, cursor=cursor)
    # A search's matches are not counted: that would run the search a second time.
    counts = inbox_counts(user=request.user, current=None if query.q else tickets)
    context = {
        "form": form,
        "query": query,
        "tickets": inbox_rows(page.rows, viewer=request.user, now=now),
        "back": request.get_full_path(),
        "older": cursor_encode(page.next, order=sort) if page.next else "",
        "newer": cursor_encode(page.previous, order=sort) if page.previous else "",
        "paged": cursor is not None,
        "by_time": query.sort in ("updated", "created"),
        "cursor_error": cursor_error,
        "total": count_shown(counts["current"]) if "current" in counts else "",
        "total_n": counts.get("current", 0),
        "tabs": [(name, label, count_shown(counts[name])) for name, label in VIEWS.items()],
    }
    template = "tickets/partials/inbox_results.html" if _partial(request) else "tickets/inbox.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# --- New ticket (staff) -----------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
def ticket_new(request: HttpRequest) -> HttpResponse:
    """Open a ticket for a customer, e.g. after a phone call. The first reply goes through the reply gate."""
    find = request.GET.get("find", "").strip()[:100]
    if request.method == "POST":
        form = TicketNewForm(request.POST, request.FILES, user=request.user)
    else:
        form = TicketNewForm(user=request.user, find=find)

    def open_ticket(data: dict) -> HttpResponse:
        ticket = ticket_open(
            opened_by=request.user, customer=data["customer"], new_customer=form.new_customer(),
            queue=data["queue"], channel=data["channel"], priority=data["priority"],
            subject=data["subject"], body=data["body"], note=data["note"], files=data["attachments"],
        )
        opened = _("Ticket %(reference)s is open.") % {"reference": ticket.reference}
        if data["body"].strip():
            opened = "{} {}".format(opened, _("Your reply is being checked before the customer sees it."))
        messages.success(request, opened)
        return redirect("ticket_detail", reference=ticket.reference)

    return form_submit(request, form, open_ticket) or render(
        request, "tickets/new.html", {"form": form, "find": find}, status=form_status(form)
    )


# --- Ticket page ------------------------------------------------------


def _ticket_or_404(request: HttpRequest, reference: str) -> Ticket:
    try:
        return ticket_for_page(user=request.user, reference=reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def decorated_thread(request: HttpRequest, ticket: Ticket, *, older: str = "") -> dict:
    """The newest THREAD_RECENT messages of the thread (or those just before the `older` cursor), oldest first,
    as `tickets.thread_rows` rows, and the cursor of the page before them ("" when there is none): a
    150-message thread renders a page, not all of it. A broken cursor shows the newest messages."""
    try:
        cursor = cursor_decode(older, order="thread", keys=THREAD_KEYS) if older else None
    except BadCursor:
        cursor = None
    page = keyset_page(ticket_thread(ticket=ticket), keys=THREAD_KEYS, size=THREAD_RECENT, cursor=cursor)
    thread = thread_rows(page.rows[::-1], ticket=ticket, viewer=request.user, next_path=request.get_full_path())
    return {"thread": thread, "thread_older": cursor_encode(page.next, order="thread") if page.next else ""}


def _history(request: HttpRequest, ticket: Ticket, thread: list) -> dict:
    """The history's lines only when asked for (`?history=recent`, the newest events, or `?history=all`, every
    one): the page's collapsed history loads them when opened, so a page load reads no events. The replies the
    thread shows give their authors' aliases to the history's "published" lines without reading them again."""
    shown = request.GET.get("history")
    if shown not in HISTORY_PARTS:
        return {"history_shown": False}
    whole = shown == "all"
    events, cut = ticket_history(ticket=ticket, limit=None if whole else HISTORY_RECENT)
    context = history_context(ticket=ticket, events=events) if cut else []
    aliases = {row.pk: row.shown_name for row in thread if row.kind == MessageKind.PUBLIC_REPLY}
    return {"history": history_lines(ticket=ticket, events=events, context=context, aliases=aliases),
            "history_cut": cut, "history_shown": True}


def _ticket_context(request: HttpRequest, ticket: Ticket, older: str = "", **forms) -> dict:
    thread = decorated_thread(request, ticket, older=older)
    return {
        "ticket": ticket,
        **thread,
        "assignee_name": public_identity(ticket.assignee).name if ticket.assignee_id else "",
        "calls": customer_calls(ticket=ticket, viewer=request.user),
        **_history(request, ticket, thread["thread"]),
        "macros": macros_for(ticket=ticket),
        "change_form": forms.get("change_form") or TicketChangeForm(ticket=ticket, user=request.user),
        "call_form": forms.get("call_form") or CallLogForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }


@require_GET
@staff_required
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket_or_404(request, reference)
    if request.GET.get("older") and _partial(request):  # "Show older": the page of messages before these
        return render(request, "tickets/partials/thread_older.html",
                      {"ticket": ticket, **decorated_thread(request, ticket, older=request.GET["older"])})
    if request.GET.get("history") in HISTORY_PARTS and _partial(request):  # the collapsed history, opened: its lines
        response = render(request, "tickets/partials/history_lines.html",
                          {"ticket": ticket, **_history(request, ticket, thread=[])})
        patch_vary_headers(response, ("HX-Request",))
        return response
    # The side panel shows the customer's private details: every look is on the audit trail.
    audit_record(actor=request.user, action="customer.view", target=ticket, ticket=ticket, request=request,
                 data={"via": "ticket page"})
    # Without htmx, "Show older" opens the page at those messages and "Show the whole history" with every event.
    return render(request, "tickets/ticket.html", _ticket_context(request, ticket, older=request.GET.get("older", "")))


def _after_write(request: HttpRequest, ticket: Ticket, partial: str, **forms) -> HttpResponse:
    """htmx gets the section it posted from (plus out-of-band updates); a plain form post gets the page."""
    if _partial(request):
        return render(request, partial, _ticket_context(request, ticket, **forms))
    if any(form.errors for form in forms.values()):
        return render(request, "tickets/ticket.html", _ticket_context(request, ticket, **forms))
    return redirect("ticket_detail", reference=ticket.reference)


@require_POST
@staff_required
def ticket_update(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket_or_404(request, reference)
    form = TicketChangeForm(request.POST, ticket=ticket, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.ticket_change(
                ticket=ticket,
                actor=request.user,
                status=data["status"],
                priority=data["priority"],
                queue=data["queue"],
                assignee=data["assignee"],
                unassign=data["assignee"] is None,
                closure_reason=data["closure_reason"] or None,
                duplicate_of=data["duplicate_of"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:  # the service only moves tickets into the actor's queues, so the viewer still sees it
            ticket = _ticket_or_404(request, reference)
            form = TicketChangeForm(ticket=ticket, user=request.user)
    return _after_write(request, ticket, "tickets/partials/props_updated.html", change_form=form)


@require_POST
@staff_required
def ticket_take(request: HttpRequest, reference: str) -> HttpResponse:
    """"Assign to me", from the ticket page or an inbox row (which sends `next` to come back to the same view)."""
    ticket = _ticket_or_404(request, reference)
    try:
        services.ticket_change(ticket=ticket, actor=request.user, assignee=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(reference)s is assigned to you.") % {"reference": ticket.reference})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("ticket_detail", reference=ticket.reference)


@require_POST
@staff_required
def ticket_call_log(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket_or_404(request, reference)
    form = CallLogForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.call_log(
                customer=ticket.customer,
                agent=request.user,
                at=data["at"],
                duration_s=data["duration_minutes"] * 60,
                summary=data["summary"],
                ticket=ticket,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            form = CallLogForm()
    return _after_write(request, ticket, "tickets/partials/calls_updated.html", call_form=form)


@require_POST
@staff_required
def ticket_note_add(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket_or_404(request, reference)
    form = NoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.note_add(ticket=ticket, author=request.user, body=form.cleaned_data["body"],
                              files=form.cleaned_data["attachments"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            form = NoteForm()
    return _after_write(request, ticket, "tickets/partials/note_added.html", note_form=form)


@require_GET
@staff_required
def ticket_macro(request: HttpRequest, reference: str) -> HttpResponse:
    """A macro rendered for this ticket, as plain text for the composer (tact.js inserts it at the cursor)."""
    ticket = _ticket_or_404(request, reference)
    macro_id = request.GET.get("macro", "")
    if not macro_id.isdigit():
        return HttpResponse(str(_("Choose a macro.")), status=400, content_type="text/plain; charset=utf-8")
    macro = get_object_or_404(macros_for(ticket=ticket), pk=int(macro_id))
    try:
        text = macro_render(macro=macro, ticket=ticket, agent=request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
