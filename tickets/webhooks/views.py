"""The administrators' webhook pages: subscriptions, the secret shown once, the delivery log and replays.
Everyone else gets the same 404 as a missing page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from agents.mfa_gate import reauth_required
from agents.permissions import Perm, can
from config.forms import form_status, form_submit
from tickets.webhooks.forms import SubscriptionForm
from tickets.webhooks.models import WebhookDelivery, WebhookSubscription
from tickets.webhooks.services import (
    delivery_replay,
    subscription_create,
    subscription_delete,
    subscription_secret_rotate,
    subscription_update,
)

LOG_SIZE = 50


def _admin_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.WEBHOOKS_MANAGE):
        raise Http404


def _subscription(pk: int) -> WebhookSubscription:
    return get_object_or_404(WebhookSubscription, pk=pk, deleted_at__isnull=True)


def _secret_page(request: HttpRequest, subscription: WebhookSubscription, secret: str) -> HttpResponse:
    """The one time the secret is shown (never cached: config.headers sends no-store); it is kept nowhere else."""
    return render(request, "tickets/webhooks/secret.html", {"subscription": subscription, "secret": secret})


@login_required
@reauth_required
@require_http_methods(["GET", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    _admin_or_404(request)
    form = SubscriptionForm(request.POST or None)
    created = form_submit(request, form, lambda data: _secret_page(
        request, *subscription_create(admin=request.user, request=request, **data)))
    if created is not None:
        return created
    context = {"form": form, "subscriptions": WebhookSubscription.objects.filter(deleted_at__isnull=True)}
    return render(request, "tickets/webhooks/list.html", context, status=form_status(form))


@login_required
@reauth_required
@require_http_methods(["GET", "POST"])
def subscription(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_or_404(request)
    sub = _subscription(pk)
    initial = {"name": sub.name, "url": sub.url, "events": sub.events, "active": sub.active}
    form = SubscriptionForm(request.POST or None, initial=initial)

    def save(data: dict) -> HttpResponse:
        subscription_update(admin=request.user, subscription=sub, request=request, **data)
        messages.success(request, _("Subscription saved."))
        return redirect("webhooks:subscription", pk=sub.pk)

    saved = form_submit(request, form, save)
    if saved is not None:
        return saved
    deliveries = sub.deliveries.select_related("replay_of")[:LOG_SIZE]
    context = {"subscription": sub, "form": form, "deliveries": deliveries}
    return render(request, "tickets/webhooks/detail.html", context, status=form_status(form))


@login_required
@reauth_required
@require_POST
def rotate(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_or_404(request)
    sub = _subscription(pk)
    return _secret_page(request, sub, subscription_secret_rotate(admin=request.user, subscription=sub,
                                                                 request=request))


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_or_404(request)
    subscription_delete(admin=request.user, subscription=_subscription(pk), request=request)
    messages.success(request, _("Subscription deleted. Its delivery log is kept."))
    return redirect("webhooks:subscriptions")


@login_required
def delivery(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_or_404(request)
    row = get_object_or_404(WebhookDelivery.objects.select_related("subscription", "replay_of"), pk=pk)
    return render(request, "tickets/webhooks/delivery.html", {"delivery": row})


@login_required
@require_POST
def replay(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_or_404(request)
    row = get_object_or_404(WebhookDelivery.objects.select_related("subscription"), pk=pk)
    try:
        again = delivery_replay(admin=request.user, delivery=row, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("webhooks:delivery", pk=row.pk)
    messages.success(request, _("Delivery #%(pk)s queued again as #%(pk2)s.") % {"pk": row.pk, "pk2": again.pk})
    return redirect("webhooks:subscription", pk=row.subscription_id)
