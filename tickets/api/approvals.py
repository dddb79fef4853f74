"""Approvals over the API: what waits for me, my own requests, approving and rejecting; asking to merge
customers, change a customer's emails, phones or login, or export customer data; downloading my exports.

Every call goes through the same services as the pages (`agents.approvals`, `tickets.merges`,
`tickets.exports`). Errors are the API's one format: 400 bad input, 403 not allowed (the role, or approving
one's own request), 404 outside one's queues, 409 no longer possible (decided, expired, changed meanwhile,
already downloaded).
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from agents.approvals import KINDS, approval_approve, approval_decidable_by, approval_reject, approvals_visible_to
from agents.identity import public_identity
from agents.models import PendingAction
from agents.permissions import Perm, can
from tickets.access import customers_for, queues_for
from tickets.api.pagination import Pagination
from tickets.api.serializers import ErrorSerializer
from tickets.exports import export_download, export_request, exports_for
from tickets.merges import (
    CONTACT_FIELDS,
    customer_contact_change_request,
    customer_merge_request,
    merge_result_shown,
)
from tickets.models import CustomerExport

ERROR = OpenApiResponse(response=ErrorSerializer, description="See the error format in docs/api.md.")


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This is no longer possible."


def _conflict(exc: ValidationError) -> Conflict:
    return Conflict(detail=" ".join(exc.messages))


# --- Serializers ------------------------------------------------------------------------------------------------


class ApprovalSerializer(serializers.ModelSerializer):
    """A pending action as a lead reads it: what, to what, why, who asked (by persona, never by real name)."""

    label = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    requested_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField(help_text=_(
        "What the action did once executed (a merge: the rows moved and the values added; account ids, card digits "
        "and IP addresses only for staff who may read them)."
    ))

    class Meta:
        model = PendingAction
        fields = ["id", "kind", "label", "summary", "target", "reason", "status", "requested_by", "mine",
                  "created_at", "expires_at", "decided_by", "decided_at", "note", "result"]
        read_only_fields = fields

    def get_label(self, action: PendingAction) -> str:
        return KINDS[action.kind].label if action.kind in KINDS else action.kind

    def get_target(self, action: PendingAction) -> str:
        return f"{action.target_type}:{action.target_id}"

    def get_requested_by(self, action: PendingAction) -> str:
        return public_identity(action.requested_by).name

    def get_decided_by(self, action: PendingAction) -> str | None:
        return public_identity(action.decided_by).name if action.decided_by_id else None

    def get_mine(self, action: PendingAction) -> bool:
        return action.requested_by_id == self.context["request"].user.pk

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, action: PendingAction) -> dict:
        if action.kind == "customer_merge":
            return merge_result_shown(action.result, viewer=self.context["request"].user)
        return action.result


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True,
                                 help_text=_("Shown to the requester."))


class ReasonField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(min_length=10, max_length=1000, help_text=_("Why: shown to whoever decides."), **kwargs)


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(
        help_text=_("The customer who stays; the one in the URL becomes a pointer to them.")
    )
    reason = ReasonField()


class ContactChangeSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(CONTACT_FIELDS))
    values = serializers.ListField(child=serializers.CharField(max_length=254), max_length=20,
                                   help_text=_("The new values; they replace the old ones (login: exactly one)."))
    reason = ReasonField()


class ExportRequestSerializer(serializers.Serializer):
    customer = serializers.IntegerField(required=False, help_text=_("One customer's data (JSON)…"))
    queue = serializers.SlugField(required=False, help_text=_("…or every customer of a queue (by slug)."))
    format = serializers.ChoiceField(choices=CustomerExport.Format.values, default=CustomerExport.Format.JSON)
    reason = ReasonField()

    def validate(self, attrs: dict) -> dict:
        if ("customer" in attrs) == ("queue" in attrs):
            raise serializers.ValidationError(_("Give a customer or a queue."))
        return attrs


class ExportSerializer(serializers.ModelSerializer):
    customer = serializers.IntegerField(source="customer_id", allow_null=True)
    queue = serializers.SlugField(source="queue.slug", default=None)
    approval = serializers.IntegerField(source="action_id")

    class Meta:
        model = CustomerExport
        fields = ["id", "approval", "scope", "customer", "queue", "format", "state", "customers", "sha256",
                  "created_at", "ready_at", "expires_at", "downloaded_at"]
        read_only_fields = fields


# --- Deciding ---------------------------------------------------------------------------------------------------


def _require_approvals(user) -> None:
    if not (can(user, Perm.APPROVAL_REQUEST) or can(user, Perm.APPROVAL_DECIDE)):
        raise PermissionDenied("Your role neither asks for nor decides approvals.")


@extend_schema_view(
    list=extend_schema(
        summary="Requests waiting for you to decide (or, with mine=true, your own requests)",
        parameters=[OpenApiParameter("mine", OpenApiTypes.BOOL, description="Your own requests, any state.")],
        responses={200: ApprovalSerializer(many=True), 403: ERROR},
    ),
    retrieve=extend_schema(summary="One request you may decide or asked for",
                           responses={200: ApprovalSerializer, 403: ERROR, 404: ERROR}),
)
class ApprovalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ApprovalSerializer
    lookup_value_regex = r"[0-9]{1,15}"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[PendingAction]:
        user = self.request.user
        _require_approvals(user)
        if self.action == "list":
            if self.request.query_params.get("mine") in ("1", "true"):
                return PendingAction.objects.filter(requested_by=user)
            return PendingAction.objects.filter(pk__in=[a.pk for a in approvals_visible_to(user)])
        return PendingAction.objects.filter(requested_by=user) | PendingAction.objects.filter(
            status="pending", pk__in=[a.pk for a in approvals_visible_to(user)]
        )

    def _decidable(self, pk: str) -> PendingAction:
        """The request if this person may decide it (whatever its state); their own is a 403, anything else 404."""
        _require_approvals(self.request.user)
        scoped = PendingAction.objects.filter(Q(pk=pk) & ~Q(requested_by=self.request.user))
        found = next((a for a in scoped if approval_decidable_by(self.request.user, a)), None)
        if found is None:
            if PendingAction.objects.filter(pk=pk, requested_by=self.request.user).exists():
                raise PermissionDenied("Someone else must approve what you asked for.")
            raise NotFound()
        return found

    @extend_schema(summary="Approve, and so run, a request", request=None,
                   responses={200: ApprovalSerializer, 403: ERROR, 404: ERROR, 409: ERROR})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None) -> Response:
        pending = self._decidable(pk)
        try:
            done = approval_approve(action=pending, approver=request.user, request=request)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            raise _conflict(exc) from None
        return Response(ApprovalSerializer(done, context={"request": request}).data)

    @extend_schema(summary="Reject a request", request=RejectSerializer,
                   responses={200: ApprovalSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None) -> Response:
        pending = self._decidable(pk)
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            done = approval_reject(action=pending, approver=request.user, note=body.validated_data.get("note", ""),
                                   request=request)
        except ValidationError as exc:
            raise _conflict(exc) from None
        return Response(ApprovalSerializer(done, context={"request": request}).data)


# --- Asking -----------------------------------------------------------------------------------------------------


def _accepted(request, pending: PendingAction) -> Response:
    return Response(ApprovalSerializer(pending, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


def _require_asker(user, perm: Perm = Perm.APPROVAL_REQUEST) -> None:
    if not (can(user, Perm.TICKETS_WORK) and can(user, Perm.APPROVAL_REQUEST) and can(user, perm)):
        raise PermissionDenied("Your role may not ask for this.")


class _CustomerAsk(GenericAPIView):
    lookup_value_regex = r"[0-9]{1,15}"

    def customer(self, pk):
        _require_asker(self.request.user)
        return get_object_or_404(customers_for(self.request.user), pk=pk)


class CustomerMergeView(_CustomerAsk):
    serializer_class = MergeSerializer

    @extend_schema(summary="Ask to merge this customer into another (a second person approves)",
                   responses={202: ApprovalSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request, pk) -> Response:
        duplicate = self.customer(pk)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        survivor = customers_for(request.user).filter(pk=body.validated_data["into"]).first()
        if survivor is None:
            raise serializers.ValidationError({"into": [_("No customer in your queues has that number.")]})
        return _accepted(request, customer_merge_request(
            duplicate=duplicate, survivor=survivor, requested_by=request.user,
            reason=body.validated_data["reason"], request=request))


class CustomerContactChangeView(_CustomerAsk):
    serializer_class = ContactChangeSerializer

    @extend_schema(summary="Ask to change this customer's emails, phones or portal login (a second person approves)",
                   responses={202: ApprovalSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request, pk) -> Response:
        customer = self.customer(pk)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return _accepted(request, customer_contact_change_request(
            customer=customer, field=data["field"], values=data["values"], requested_by=request.user,
            reason=data["reason"], request=request))


@extend_schema_view(
    get=extend_schema(summary="Your exports of customer data", responses={200: ExportSerializer(many=True),
                                                                          403: ERROR}),
    post=extend_schema(summary="Ask to export a customer's or a queue's customer data (a second person approves)",
                       request=ExportRequestSerializer,
                       responses={202: ApprovalSerializer, 400: ERROR, 403: ERROR, 404: ERROR}),
)
class ExportListView(GenericAPIView):
    serializer_class = ExportSerializer
    pagination_class = Pagination
    filter_backends: list = []

    def get(self, request) -> Response:
        _require_asker(request.user, Perm.CUSTOMER_PRIVATE)
        page = self.paginate_queryset(exports_for(request.user))
        return self.get_paginated_response(ExportSerializer(page, many=True).data)

    def post(self, request) -> Response:
        _require_asker(request.user, Perm.CUSTOMER_PRIVATE)
        body = ExportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        customer = queue = None
        if "customer" in data:
            customer = get_object_or_404(customers_for(request.user), pk=data["customer"])
        else:
            queue = get_object_or_404(queues_for(request.user), slug=data["queue"])
        return _accepted(request, export_request(
            customer=customer, queue=queue, format=data["format"], requested_by=request.user,
            reason=data["reason"], request=request))


class ExportDownloadView(GenericAPIView):
    lookup_value_regex = r"[0-9]{1,15}"

    @extend_schema(summary="Download your export, once (the file is then deleted)",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 403: ERROR, 404: ERROR,
                              409: ERROR})
    def get(self, request, pk) -> HttpResponse:
        _require_asker(request.user, Perm.CUSTOMER_PRIVATE)
        export = get_object_or_404(exports_for(request.user), pk=pk)
        try:
            content, name = export_download(export=export, user=request.user, request=request)
        except ValidationError as exc:
            raise _conflict(exc) from None
        content_type = "text/csv" if name.endswith(".csv") else "application/json"
        response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
