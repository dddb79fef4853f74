"""The REST API: tickets, their messages, customers and queues, with the same permissions as the pages.

Every queryset starts in `tickets.access` inside `get_queryset()`, so objects outside the caller's scope are
404, never 403. Writes go through `tickets.services`; the views only pick serializers and translate.
"""
from collections.abc import Sequence

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, Throttled, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.audit import audit_record, audit_record_customers
from agents.authentication import access_expired_check
from agents.lockout import lockout_message, lockout_until
from agents.mfa import token_second_factor
from agents.permissions import Perm, can
from agents.tokens import api_token_create
from config.throttling import ClientScopedRateThrottle
from tickets import services
from tickets.access import customer_of, customers_for, queues_for, tickets_for
from tickets.api import serializers as s
from tickets.api.filters import CustomerFilter, TicketFilter, TicketOrdering
from tickets.api.pagination import CursorPagination, Pagination
from tickets.api.permissions import StaffOnlyMethods
from tickets.intake import ticket_open
from tickets.models import Attachment, Message, Queue
from tickets.selectors import assignees_prefetch, with_customer_updated_at

# What the schema documents for endpoints whose output depends on who asks.
TICKET_OUT = PolymorphicProxySerializer(
    component_name="Ticket",
    serializers=[s.TicketStaffSerializer, s.TicketCustomerSerializer],
    resource_type_field_name=None,
)
MESSAGE_OUT = PolymorphicProxySerializer(
    component_name="Message",
    serializers=[s.MessageStaffSerializer, s.MessageCustomerSerializer],
    resource_type_field_name=None,
)
CUSTOMER_OUT = PolymorphicProxySerializer(
    component_name="Customer",
    serializers=[s.CustomerStaffSerializer, s.CustomerStaffBasicSerializer, s.CustomerSelfSerializer],
    resource_type_field_name=None,
)
TICKET_OPENED = PolymorphicProxySerializer(
    component_name="TicketOpened",
    serializers=[s.TicketOpenedStaffSerializer, s.TicketCustomerSerializer],
    resource_type_field_name=None,
)
ERROR = OpenApiResponse(response=s.ErrorSerializer, description="See the error format in docs/api.md.")


class ScopedViewMixin:
    # Whether the caller is staff decides serializers and querysets; asked once per request.

    @property
    def is_staff(self) -> bool:
        if not hasattr(self, "_is_staff"):
            self._is_staff = can(self.request.user, Perm.TICKETS_WORK)
        return self._is_staff

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "is_staff": self.is_staff}


@extend_schema_view(
    list=extend_schema(summary="Tickets you may read", responses={200: TICKET_OUT}),
    retrieve=extend_schema(summary="One ticket", responses={200: TICKET_OUT, 404: ERROR}),
    create=extend_schema(
        summary="Open a ticket",
        request=s.TicketCreateSerializer,
        responses={201: TICKET_OPENED, 400: ERROR, 403: ERROR},
    ),
    partial_update=extend_schema(
        summary="Change status, priority, queue, assignee or closure reason (staff)",
        request=s.TicketUpdateSerializer,
        responses={200: s.TicketStaffSerializer, 400: ERROR, 404: ERROR, 405: ERROR},
    ),
)
class TicketViewSet(
    ScopedViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Tickets in the caller's scope: staff see their queues' tickets, a customer sees their own."""

    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9-]{1,20}"
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated, StaffOnlyMethods]
    staff_only_methods = ("PATCH",)
    pagination_class = CursorPagination
    filterset_class = TicketFilter
    filter_backends = [*viewsets.GenericViewSet.filter_backends, TicketOrdering]
    ordering_fields = ["created_at", "updated_at", "priority", "status"]  # staff; customers: `TicketOrdering`
    ordering = ["-updated_at"]

    def get_queryset(self) -> QuerySet:
        queryset = tickets_for(self.request.user)
        if self.is_staff:
            return queryset.select_related("queue", "customer", "duplicate_of").prefetch_related(
                assignees_prefetch()
            )
        return with_customer_updated_at(queryset)

    def get_serializer_class(self):
        if self.action == "create":
            return s.TicketCreateSerializer
        if self.action == "partial_update":
            return s.TicketUpdateSerializer
        return s.TicketStaffSerializer if self.is_staff else s.TicketCustomerSerializer

    def _output(self, ticket) -> dict:
        serializer = s.TicketStaffSerializer if self.is_staff else s.TicketCustomerSerializer
        return serializer(ticket, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs) -> Response:
        if not self.is_staff and customer_of(request.user) is None:  # auditors, strangers: before validation
            raise PermissionDenied("Only customers and staff who work tickets can open tickets.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = ticket_open(
            opened_by=request.user, subject=data["subject"], body=data.get("body", ""), note=data.get("note", ""),
            customer=data.get("customer"), queue=data.get("queue"), channel=data.get("channel"),
            priority=data.get("priority"),
        )
        ticket = self.get_queryset().get(pk=ticket.pk)
        if self.is_staff:
            opened = s.TicketOpenedStaffSerializer(ticket, context=self.get_serializer_context()).data
            return Response(opened, status=status.HTTP_201_CREATED)
        return Response(self._output(ticket), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        ticket = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.ticket_change(
            ticket=ticket,
            actor=request.user,
            status=data.get("status"),
            priority=data.get("priority"),
            queue=data.get("queue"),
            assignee=data.get("assignee"),
            unassign="assignee" in data and data["assignee"] is None,
            closure_reason=data.get("closure_reason"),
            duplicate_of=data.get("duplicate_of"),
        )
        return Response(self._output(self.get_queryset().get(pk=ticket.pk)))


@extend_schema_view(
    get=extend_schema(summary="A ticket's thread", responses={200: MESSAGE_OUT, 404: ERROR}),
    post=extend_schema(
        summary="Write a customer message (customers) or an internal note (staff)",
        request=s.MessageCreateSerializer,
        responses={201: MESSAGE_OUT, 400: ERROR, 404: ERROR},
    ),
)
class MessageListCreateView(ScopedViewMixin, generics.ListCreateAPIView):
    """Customers read their thread without internal notes; staff read everything."""

    pagination_class = Pagination

    def get_ticket(self):
        if not hasattr(self, "_ticket"):
            tickets = tickets_for(self.request.user)
            self._ticket = get_object_or_404(tickets, reference=self.kwargs["reference"])
        return self._ticket

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no ticket in the URL
            return Message.objects.none()
        messages = Message.objects.filter(ticket=self.get_ticket())
        if not self.is_staff:
            messages = messages.customer_visible()
        return messages.select_related("author_customer", "author_user__staff__persona").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
        )

    def get_serializer_class(self):
        if self.request.method == "POST":
            return s.MessageCreateSerializer
        return s.MessageStaffSerializer if self.is_staff else s.MessageCustomerSerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["ticket"] = self.get_ticket()
        return context

    def create(self, request, *args, **kwargs) -> Response:
        ticket = self.get_ticket()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data["body"]
        if self.is_staff:
            message = services.note_add(ticket=ticket, author=request.user, body=body)
        else:
            customer = customer_of(request.user)
            message = services.customer_message_add(ticket=ticket, customer=customer, body=body)
        message = self.get_queryset().get(pk=message.pk)
        output = s.MessageStaffSerializer if self.is_staff else s.MessageCustomerSerializer
        data = output(message, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Your queues' customers (staff) or yourself", responses={200: CUSTOMER_OUT}),
    retrieve=extend_schema(summary="One customer", responses={200: CUSTOMER_OUT, 404: ERROR}),
)
class CustomerViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Staff read the customers of their queues; a customer reads only their own record."""

    lookup_value_regex = r"[0-9]{1,15}"
    pagination_class = CursorPagination
    filterset_class = CustomerFilter
    ordering = ["name"]

    def get_queryset(self) -> QuerySet:
        return customers_for(self.request.user).select_related("organization").order_by("name", "pk")

    def get_serializer_class(self):
        if not self.is_staff:
            return s.CustomerSelfSerializer
        if can(self.request.user, Perm.CUSTOMER_PRIVATE):
            return s.CustomerStaffSerializer
        return s.CustomerStaffBasicSerializer

    def list(self, request, *args, **kwargs) -> Response:
        response = super().list(request, *args, **kwargs)
        self._audit_views([row["id"] for row in response.data["results"]])
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        self._audit_views([response.data["id"]])
        return response

    def _audit_views(self, customer_ids: Sequence[int]) -> None:
        """Staff reading customers' private details leave a trace per customer; a customer reading their own
        record does not."""
        if self.is_staff:
            audit_record_customers(
                actor=self.request.user, action="customer.view", customer_ids=customer_ids, request=self.request,
                data={"via": "api"},
            )


@extend_schema_view(
    list=extend_schema(summary="Queues you belong to (staff; empty for customers)"),
    retrieve=extend_schema(summary="One queue", responses={200: s.QueueSerializer, 404: ERROR}),
)
class QueueViewSet(viewsets.ReadOnlyModelViewSet):
    """The queues a staff member works in. Customers see none: queues are the desk's internal routing."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,100}"
    pagination_class = Pagination
    serializer_class = s.QueueSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Queue]:
        return queues_for(self.request.user).order_by("name")


class SecondFactorRequired(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "second_factor_required"
    default_detail = ("This account signs in with a second factor: send the code from the authenticator app (or a "
                      "recovery code) as `code`.")


@extend_schema(
    summary="Exchange a username and password (and a second-factor code) for a new API token",
    description="Each call makes a new token, with an optional name, that ends `TACT_API_TOKENS[\"LIFETIME_DAYS\"]` "
    "(30) days later. The secret is in this answer only: Tact keeps a digest of it. Staff with a second factor "
    "send its `code` too.",
    request=s.TokenRequestSerializer,
    responses={200: s.TokenSerializer, 400: ERROR, 429: ERROR},
    auth=[],
)
class TokenObtainView(APIView):
    """Bad credentials are a 400 in the one error format, never a hint about which half was wrong; too many of
    them lock the account and the client out (django-axes, as on the sign-in page): a 429 `locked_out`."""

    authentication_classes: list = []  # no session, so no CSRF dance for a client that has none yet
    permission_classes: list = []
    # Slows password guessing, per client address (config.client_ip); rate in REST_FRAMEWORK.
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "auth-token"

    def post(self, request, *args, **kwargs) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # Set by django-axes while it counted this failure: the account or the client is locked out.
            if getattr(request, "axes_locked_out", False):
                raise Throttled(wait=lockout_until(request)[1], detail=lockout_message(request), code="locked_out")
            serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        access_expired_check(user)
        self._second_factor(request, user, serializer.validated_data.get("code", ""))
        issued = api_token_create(user=user, name=serializer.validated_data.get("name", ""), request=request)
        audit_record(actor=user, action="auth.token", target=user, request=request)
        token = issued.token
        return Response({"token": issued.key, "id": token.pk, "name": token.name, "prefix": token.prefix,
                         "expires_at": token.expires_at})

    @staticmethod
    def _second_factor(request, user, code: str) -> None:
        """400 `second_factor_required` without a code, 403 for someone who must enrol first, 400 `invalid` for a
        wrong code (counted toward the lockout like a wrong password: 429 `locked_out` at the limit)."""
        try:
            state = token_second_factor(request=request, user=user, code=code)
        except DjangoValidationError as exc:
            if getattr(request, "axes_locked_out", False):
                raise Throttled(wait=lockout_until(request)[1], detail=lockout_message(request),
                                code="locked_out") from None
            raise ValidationError({"code": exc.messages}) from None
        if state == "code":
            raise SecondFactorRequired()
        if state == "enrol":
            raise PermissionDenied("Set up your second factor on the security page before asking for a token.",
                                   code="second_factor_required")
