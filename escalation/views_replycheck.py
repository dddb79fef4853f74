"""The reply composer's tone check, refreshed as the agent types (htmx)."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from escalation.templatetags.firstresponse import reply_checklist_context
from tickets.access import tickets_for
from tickets.views_staff import staff_required


@require_POST
@staff_required
def reply_check(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_object_or_404(tickets_for(request.user), reference=reference)
    context = reply_checklist_context(ticket=ticket, body=request.POST.get("body", ""))
    return render(request, "escalation/partials/reply_checklist.html", {**context, "live": True})
