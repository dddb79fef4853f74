"""The administrators' public sources page (`/inbox/public-sources/`): add a network or forum, show its signing
secret once, rotate it, turn a source off. Everyone else gets the same 404 as a missing page."""
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agents.mfa_gate import reauth_required
from agents.permissions import Perm, can
from config.forms import form_status, form_submit
from tickets.models import Queue
from tickets.public.models import PUBLIC_CHANNEL_CHOICES, PublicSource
from tickets.public.sources import source_create, source_secret_rotate, source_update
from tickets.views_staff import staff_required


class SourceForm(forms.Form):
    slug = forms.CharField(
        max_length=50, label=gettext_lazy("Short name"),
        help_text=gettext_lazy("Part of the webhook's address: /channels/public/inbound/<short name>/."),
    )
    network = forms.CharField(max_length=60, label=gettext_lazy("Network"),
                              help_text=gettext_lazy("e.g. mastodon.social; handles are unique per network."))
    channel = forms.ChoiceField(choices=PUBLIC_CHANNEL_CHOICES, label=gettext_lazy("Channel"))
    queue = forms.ModelChoiceField(queryset=Queue.objects.open().order_by("name"), required=False,
                                   label=gettext_lazy("Queue"),
                                   empty_label=gettext_lazy("The intake's usual routing"),
                                   help_text=gettext_lazy("Where new threads land."))
    active = forms.BooleanField(required=False, initial=True, label=gettext_lazy("Active (take its posts in)"))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"], self.fields["network"]
        else:
            del self.fields["active"]


def _admin_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.CHANNELS_MANAGE):
        raise Http404


def _secret_page(request: HttpRequest, source: PublicSource, secret: str) -> HttpResponse:
    """The one time the secret is shown (never cached: config.headers sends no-store)."""
    return render(request, "tickets/public/source_secret.html", {"source": source, "secret": secret})


@staff_required
@reauth_required
@require_http_methods(["GET", "POST"])
def sources(request: HttpRequest) -> HttpResponse:
    _admin_or_404(request)
    form = SourceForm(request.POST or None)
    created = form_submit(request, form, lambda data: _secret_page(
        request, *source_create(admin=request.user, request=request, **data)))
    if created is not None:
        return created
    context = {"form": form, "sources": PublicSource.objects.select_related("queue")}
    return render(request, "tickets/public/sources.html", context, status=form_status(form))


@staff_required
@reauth_required
@require_http_methods(["GET", "POST"])
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _admin_or_404(request)
    source = get_object_or_404(PublicSource.objects.select_related("queue"), slug=slug)
    initial = {"channel": source.channel, "queue": source.queue_id, "active": source.active}
    form = SourceForm(request.POST or None, editing=True, initial=initial)

    def save(data: dict) -> HttpResponse:
        source_update(admin=request.user, source=source, request=request, **data)
        messages.success(request, _("Source saved.") if source.active else _("Source saved: it is off."))
        return redirect("public_source", slug=source.slug)

    saved = form_submit(request, form, save)
    if saved is not None:
        return saved
    return render(request, "tickets/public/source.html", {"source": source, "form": form},
                  status=form_status(form))


@staff_required
@reauth_required
@require_POST
def source_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    _admin_or_404(request)
    source = get_object_or_404(PublicSource, slug=slug)
    return _secret_page(request, source, source_secret_rotate(admin=request.user, source=source, request=request))
