"""Queue and macro pages for leads and administrators (`/inbox/queues/`, `/inbox/macros/`).

Leads manage the queues they lead and those queues' macros; administrators every queue, adding and archiving
queues, and the macros shared by every queue. Anyone without the action gets the same 404 as a missing page,
and so does a queue or macro outside the viewer's scope; a lead posting what only administrators do gets 403.
Adding a member stays a two-person grant, asked on `/inbox/grants/`. Changes to a queue ask for the password
again after a while, as other sensitive pages do (`agents.mfa_gate.reauth_required`).
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agents.identity import public_identity
from agents.mfa_gate import reauth_required
from agents.models import Role
from agents.permissions import Perm, can
from config.forms import errors_onto, form_status, form_submit
from tickets.access import macros_managed_by, queues_managed_by
from tickets.macros import PLACEHOLDERS, macro_preview, macro_save
from tickets.models import Macro, Queue
from tickets.queues import queue_archive, queue_create, queue_member_remove, queue_update
from tickets.views_staff import staff_required


class QueueForm(forms.Form):
    name = forms.CharField(max_length=100, label=gettext_lazy("Name"))
    slug = forms.CharField(max_length=100, label=gettext_lazy("Short name"),
                           help_text=gettext_lazy("Used in the API and mailbox settings; it cannot change later."))
    email = forms.CharField(max_length=254, label=gettext_lazy("Address"),
                            help_text=gettext_lazy(
                                "Replies are sent from this address, and mail to it lands in this queue."))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]


class MacroForm(forms.Form):
    name = forms.CharField(max_length=100, label=gettext_lazy("Name"))
    queue = forms.ModelChoiceField(queryset=Queue.objects.none(), required=False, label=gettext_lazy("Queue"),
                                   help_text=gettext_lazy("The queue whose tickets offer it."))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), strip=False, label=gettext_lazy("Body"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queues_managed_by(user).order_by("name")
        shared = can(user, Perm.ALL_QUEUES)
        self.fields["queue"].required = not shared
        self.fields["queue"].empty_label = _("Every queue (shared)") if shared else None
        placeholders = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        self.fields["body"].help_text = _("Placeholders: %(placeholders)s.") % {"placeholders": placeholders}


def _manager_or_404(request: HttpRequest, perm: Perm) -> None:
    if not can(request.user, perm):
        raise Http404


def _members(queue: Queue) -> list[dict]:
    """Members by persona (and username, which only administrators are shown), never real names, leads first."""
    users = queue.members.select_related("staff__persona").order_by("username")
    rows = [{"user": u, "persona": public_identity(u).name, "lead": u.staff.role in (Role.LEAD, Role.ADMIN),
             "role": u.staff.get_role_display()} for u in users if hasattr(u, "staff")]
    return sorted(rows, key=lambda row: not row["lead"])


@staff_required
@reauth_required
@require_http_methods(["GET", "POST"])
def queues(request: HttpRequest) -> HttpResponse:
    _manager_or_404(request, Perm.QUEUES_MANAGE)
    form = QueueForm(request.POST or None)
    if request.method == "POST" and not can(request.user, Perm.ALL_QUEUES):
        raise PermissionDenied("Only administrators add queues.")

    def create(data: dict) -> HttpResponse:
        queue = queue_create(actor=request.user, request=request, **data)
        messages.success(request, _("Queue “%(name)s” added. Ask for its members on Roles and grants.")
                         % {"name": queue.name})
        return redirect("queue_detail", slug=queue.slug)

    created = form_submit(request, form, create)
    if created is not None:
        return created
    listed = queues_managed_by(request.user).annotate(member_count=Count("members", distinct=True)).order_by("name")
    context = {"form": form, "queues": listed, "can_add": can(request.user, Perm.ALL_QUEUES)}
    return render(request, "tickets/queues/list.html", context, status=form_status(form))


@staff_required
@reauth_required
@require_http_methods(["GET", "POST"])
def queue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _manager_or_404(request, Perm.QUEUES_MANAGE)
    queue = get_object_or_404(queues_managed_by(request.user), slug=slug)
    form = QueueForm(request.POST or None, editing=True, initial={"name": queue.name, "email": queue.email})

    def save(data: dict) -> HttpResponse:
        queue_update(actor=request.user, queue=queue, request=request, **data)
        messages.success(request, _("Queue saved."))
        return redirect("queue_detail", slug=queue.slug)

    saved = form_submit(request, form, save)
    if saved is not None:
        return saved
    # Usernames are for administrators, who make the accounts; leads read colleagues by persona only.
    context = {"queue": queue, "form": form, "members": _members(queue),
               "can_archive": can(request.user, Perm.ALL_QUEUES),
               "show_usernames": can(request.user, Perm.ADMIN_SITE)}
    return render(request, "tickets/queues/detail.html", context, status=form_status(form))


@staff_required
@reauth_required
@require_POST
def queue_archive_view(request: HttpRequest, slug: str) -> HttpResponse:
    _manager_or_404(request, Perm.QUEUES_MANAGE)
    queue = get_object_or_404(queues_managed_by(request.user), slug=slug)
    archived = request.POST.get("archived") == "1"
    if queue_archive(actor=request.user, queue=queue, archived=archived, request=request):
        messages.success(request, _("Queue archived: no new tickets land in it; its tickets stay.")
                         if archived else _("Queue open again: new tickets can land in it."))
    return redirect("queue_detail", slug=queue.slug)


@staff_required
@reauth_required
@require_POST
def queue_member_remove_view(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    _manager_or_404(request, Perm.QUEUES_MANAGE)
    queue = get_object_or_404(queues_managed_by(request.user), slug=slug)
    member = get_object_or_404(User, pk=user_id)
    try:
        returned = queue_member_remove(actor=request.user, queue=queue, user=member, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = ngettext("%(member)s left %(queue)s; %(count)d open ticket went back to the queue.",
                        "%(member)s left %(queue)s; %(count)d open tickets went back to the queue.", returned)
        messages.success(request, text % {"member": public_identity(member).name, "queue": queue.name,
                                          "count": returned})
    return redirect("queue_detail", slug=queue.slug)


def _macro_page(request: HttpRequest, macro: Macro | None) -> HttpResponse:
    initial = {"name": macro.name, "queue": macro.queue_id, "body": macro.body} if macro else {}
    form = MacroForm(request.POST or None, initial=initial, user=request.user)
    preview = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "preview":
                preview = macro_preview(body=data["body"], queue=data["queue"], agent=request.user)
            else:
                saved = macro_save(actor=request.user, macro=macro, request=request, **data)
                messages.success(request, _("Macro “%(name)s” saved.") % {"name": saved.name})
                return redirect("macros")
        except ValidationError as exc:
            errors_onto(form, exc)
    listed = macros_managed_by(request.user).select_related("queue").order_by("name") if macro is None else []
    context = {"form": form, "macro": macro, "preview": preview, "macros": listed, "placeholders": PLACEHOLDERS}
    return render(request, "tickets/macros/page.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def macros(request: HttpRequest) -> HttpResponse:
    _manager_or_404(request, Perm.MACROS_MANAGE)
    return _macro_page(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def macro_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, Perm.MACROS_MANAGE)
    return _macro_page(request, get_object_or_404(macros_managed_by(request.user), pk=pk))

