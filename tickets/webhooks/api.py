"""Webhooks in the API, for administrators (`webhooks_manage`); anyone else is answered 403. The secret is in
the answer to the create and rotate calls only."""
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.permissions import Perm, can
from tickets.api.serializers import ErrorSerializer
from tickets.webhooks.models import Event, WebhookDelivery, WebhookSubscription
from tickets.webhooks.services import (
    delivery_replay,
    subscription_create,
    subscription_delete,
    subscription_secret_rotate,
    subscription_update,
)

ERROR = OpenApiResponse(response=ErrorSerializer, description="The API's one error format.")
LOG_SIZE = 100


class CanManageWebhooks(BasePermission):
    message = "Only administrators manage webhooks."

    def has_permission(self, request, view) -> bool:
        return can(request.user, Perm.WEBHOOKS_MANAGE)


class SubscriptionInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    url = serializers.CharField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.values), allow_empty=False)
    active = serializers.BooleanField(default=True)


class SubscriptionPatchSerializer(SubscriptionInSerializer):
    name = serializers.CharField(max_length=100, required=False)
    url = serializers.CharField(max_length=500, required=False)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.values), allow_empty=False,
                                   required=False)
    active = serializers.BooleanField(required=False)


class SubscriptionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class SubscriptionWithSecretSerializer(SubscriptionOutSerializer):
    secret = serializers.CharField(help_text=_("Shown in this answer only: keep it where your receiver reads it."))


class DeliveryOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uuid = serializers.UUIDField(help_text=_("Sent as X-Tact-Delivery."))
    event = serializers.CharField()
    state = serializers.CharField()
    attempts = serializers.IntegerField()
    response_code = serializers.IntegerField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    replay_of = serializers.IntegerField(source="replay_of_id", allow_null=True)
    created_at = serializers.DateTimeField()
    next_attempt_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)


def _subscription(pk: int) -> WebhookSubscription:
    return get_object_or_404(WebhookSubscription, pk=pk, deleted_at__isnull=True)


def _with_secret(subscription: WebhookSubscription, secret: str) -> dict:
    return {**SubscriptionOutSerializer(subscription).data, "secret": secret}


class SubscriptionListView(APIView):
    permission_classes = [IsAuthenticated, CanManageWebhooks]

    @extend_schema(responses={200: SubscriptionOutSerializer(many=True), 403: ERROR},
                   summary="List webhook subscriptions")
    def get(self, request: Request) -> Response:
        rows = WebhookSubscription.objects.filter(deleted_at__isnull=True)
        return Response(SubscriptionOutSerializer(rows, many=True).data)

    @extend_schema(request=SubscriptionInSerializer,
                   responses={201: SubscriptionWithSecretSerializer, 400: ERROR, 403: ERROR},
                   summary="Add a webhook subscription (its secret is in this answer only)")
    def post(self, request: Request) -> Response:
        data = SubscriptionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription, secret = subscription_create(admin=request.user, request=request, **data.validated_data)
        return Response(_with_secret(subscription, secret), status=status.HTTP_201_CREATED)


class SubscriptionDetailView(APIView):
    permission_classes = [IsAuthenticated, CanManageWebhooks]

    @extend_schema(responses={200: SubscriptionOutSerializer, 403: ERROR, 404: ERROR},
                   summary="A webhook subscription")
    def get(self, request: Request, pk: int) -> Response:
        return Response(SubscriptionOutSerializer(_subscription(pk)).data)

    @extend_schema(request=SubscriptionPatchSerializer,
                   responses={200: SubscriptionOutSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
                   summary="Change a webhook subscription")
    def patch(self, request: Request, pk: int) -> Response:
        subscription = _subscription(pk)
        data = SubscriptionPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        current = {"name": subscription.name, "url": subscription.url, "events": subscription.events,
                   "active": subscription.active}
        subscription = subscription_update(
            admin=request.user, subscription=subscription, request=request, **{**current, **data.validated_data}
        )
        return Response(SubscriptionOutSerializer(subscription).data)

    @extend_schema(responses={204: None, 403: ERROR, 404: ERROR},
                   summary="Delete a webhook subscription (its delivery log is kept)")
    def delete(self, request: Request, pk: int) -> Response:
        subscription_delete(admin=request.user, subscription=_subscription(pk), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecretRotateView(APIView):
    permission_classes = [IsAuthenticated, CanManageWebhooks]

    @extend_schema(request=None, responses={200: SubscriptionWithSecretSerializer, 403: ERROR, 404: ERROR},
                   summary="Give a subscription a new secret (in this answer only)")
    def post(self, request: Request, pk: int) -> Response:
        subscription = _subscription(pk)
        secret = subscription_secret_rotate(admin=request.user, subscription=subscription, request=request)
        return Response(_with_secret(subscription, secret))


class DeliveryListView(APIView):
    permission_classes = [IsAuthenticated, CanManageWebhooks]

    @extend_schema(responses={200: DeliveryOutSerializer(many=True), 403: ERROR, 404: ERROR},
                   summary="A subscription's latest deliveries")
    def get(self, request: Request, pk: int) -> Response:
        rows = get_object_or_404(WebhookSubscription, pk=pk).deliveries.all()[:LOG_SIZE]
        return Response(DeliveryOutSerializer(rows, many=True).data)


class DeliveryReplayView(APIView):
    permission_classes = [IsAuthenticated, CanManageWebhooks]

    @extend_schema(request=None, responses={202: DeliveryOutSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
                   summary="Send a delivery's body again, as a new delivery")
    def post(self, request: Request, pk: int) -> Response:
        delivery = get_object_or_404(WebhookDelivery.objects.select_related("subscription"), pk=pk)
        replay = delivery_replay(admin=request.user, delivery=delivery, request=request)
        return Response(DeliveryOutSerializer(replay).data, status=status.HTTP_202_ACCEPTED)
