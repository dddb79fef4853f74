"""The audit pages for leads and auditors (Perm.AUDIT_READ): the trail with filters, and its CSV export,
which is itself recorded. Anyone else gets the same 404 as a missing page."""
import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agents.audit import ACTIONS, audit_record
from agents.audit_alerts import recent_alerts
from agents.audit_selectors import audit_entries
from agents.forms_audit import AuditFilterForm
from agents.identity import public_identity, staff_account_names
from agents.mfa_gate import reauth_required
from agents.permissions import Perm, can
from agents.signin_audit import ACTION, signin_failed_shown

PER_PAGE = 50
EXPORT_COLUMNS = [
    "id", "time", "person_id", "person", "action", "target_type", "target_id", "customer_id", "ticket_id",
    "client_address", "data", "chain_position", "hash",
]


def _reader_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.AUDIT_READ):
        raise Http404


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    return form, form.audit_filter() if form.is_bound else AuditFilterForm().audit_filter()


def _who(entry) -> str:
    return public_identity(entry.actor).name if entry.actor_id else "Nobody signed in"


def _shown_data(entry, staff_names: tuple[dict[int, str], dict[str, str]]) -> dict:
    """The entry's data as the trail's readers see it: a failed sign-in names the account tried, a staff
    member's by persona, and never the text typed (`agents.signin_audit`). Leads and auditors read staff by
    persona only, and a username beside that person's next sign-in from the same address would tell who is
    behind it."""
    if entry.action != ACTION or not isinstance(entry.data, dict):
        return entry.data
    return signin_failed_shown(entry, staff_names)


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """Newest first, 50 at a time, paged by id ("older than"), so a page costs the same at any depth."""
    _reader_or_404(request)
    form, query = _filtered(request)
    entries = audit_entries(query)
    before = request.GET.get("before", "")
    if before.isdigit():
        entries = entries.filter(pk__lt=int(before))
    page = list(entries[: PER_PAGE + 1])
    older = page[PER_PAGE - 1].pk if len(page) > PER_PAGE else None
    page = page[:PER_PAGE]
    staff_names = staff_account_names() if any(e.action == ACTION for e in page) else ({}, {})
    for entry in page:
        entry.who = _who(entry)
        entry.label = ACTIONS.get(entry.action, entry.action)
        entry.details = json.dumps(_shown_data(entry, staff_names), sort_keys=True) if entry.data else ""
    params = request.GET.copy()
    params.pop("before", None)
    context = {
        "form": form, "entries": page, "older": older, "filters": params.urlencode(), "alerts": _alerts(),
    }
    return render(request, "agents/audit.html", context)


def _alerts() -> list:
    """The last day's unusual-views alerts, each naming the person by persona."""
    alerts = recent_alerts()
    people = User.objects.filter(pk__in={int(a.target_id) for a in alerts}).select_related("staff__persona")
    names = {person.pk: public_identity(person).name for person in people}
    for alert in alerts:
        alert.person_id = int(alert.target_id)
        alert.person = names.get(alert.person_id, f"#{alert.target_id}")
        alert.minutes = round(int(alert.data.get("window_s", 0)) / 60)
    return alerts


@login_required
@reauth_required(methods=("GET",))
@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse | HttpResponse:
    """Every entry the filter selects, as CSV. The export is recorded (with its filter) before it is sent."""
    _reader_or_404(request)
    form, query = _filtered(request)
    if form.is_bound and not form.is_valid():
        return render(request, "agents/audit.html", {"form": form, "entries": [], "older": None}, status=400)
    audit_record(actor=request.user, action="audit.export", request=request, data=query.as_data())
    response = StreamingHttpResponse(_csv_rows(audit_entries(query)), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries) -> Iterator[str]:
    """No cell can start a spreadsheet formula: the data column is JSON, which starts with a brace (and holds no
    text typed at a failed sign-in, `agents.signin_audit`); aliases start with a letter."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    staff_names = staff_account_names()
    for e in entries.iterator(chunk_size=2000):
        yield writer.writerow([
            e.pk, e.created_at.isoformat(), e.actor_id or "", _who(e), e.action, e.target_type, e.target_id,
            e.customer_id or "", e.ticket_id or "", e.ip, json.dumps(_shown_data(e, staff_names), sort_keys=True),
            e.seq or "", e.hash or "",
        ])
