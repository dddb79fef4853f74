"""Explicit input and output serializers. Output serializers come in a staff and a customer flavour.

What a customer receives never holds anything about staff but a persona: no username, real name, email or user
id (so customers get no assignee at all), and message authors are built by `AuthorSerializer` from the
persona snapshot taken at publish time or from `agents.identity.public_identity`.
"""
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from agents.avatars import is_valid_seed
from agents.identity import public_identity
from tickets.access import customer_of, customers_for, queues_for, tickets_for
from tickets.models import (
    CUSTOMER_STATUS_CHOICES,
    Channel,
    ClosureReason,
    Customer,
    Message,
    MessageKind,
    Priority,
    Queue,
    Status,
    Ticket,
)
from tickets.names import public_names_shown
from tickets.sla.display import CLOCK_STATES, ticket_sla
from tickets.sla.models import SlaPolicy

# Staff ids and customer ids are database keys: bounding them keeps absurd numbers a 400, on every database.
MAX_ID = 2**53

def _avatar_url(seed: str) -> str | None:
    return reverse("agents:avatar", args=[seed]) if is_valid_seed(seed) else None


def _names_shown(context: dict, names: list[tuple[str, bool]]) -> list[str | None]:
    """Names as the customer asking may read them (`tickets.names.public_names_shown`, their own emails and
    numbers theirs to read), each checked once per request: a thread repeats its customer's name on every
    message of theirs."""
    memo = context.setdefault("names_shown", {})
    missing = [name for name in dict.fromkeys(names) if name not in memo]
    if missing:
        request = context.get("request")
        reader = customer_of(request.user) if request is not None else None
        memo.update(zip(missing, public_names_shown(missing, reader=reader), strict=True))
    return [memo[name] for name in names]


# --- Output -------------------------------------------------------------------------------------------------


class AuthorSerializer(serializers.Serializer):
    """Who wrote a message, as anyone may see it: the customer, or the agent's persona."""

    type = serializers.ChoiceField(choices=["agent", "customer"])
    name = serializers.CharField()
    avatar_url = serializers.CharField(allow_null=True)

    def to_representation(self, message: Message) -> dict:
        if message.kind == MessageKind.CUSTOMER:
            customer = message.author_customer
            name = customer.name if customer else ""
            if name and not self.context.get("is_staff"):
                name = _names_shown(self.context, [(name, True)])[0] or ""
            return {"type": "customer", "name": name, "avatar_url": None}
        identity = public_identity(message.author_user)
        # The snapshot wins: renaming a persona later must not rewrite what was published under the old alias.
        name = message.author_alias or identity.name
        seed = message.author_avatar_seed or identity.avatar_seed
        return {"type": "agent", "name": name, "avatar_url": _avatar_url(seed)}


class AssigneeSerializer(serializers.Serializer):
    """An assigned agent as staff see them in the API: id (to filter and reassign) and persona alias."""

    id = serializers.IntegerField()
    name = serializers.CharField()

    def to_representation(self, user: User) -> dict:
        return {"id": user.pk, "name": public_identity(user).name}


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()


class MessageCustomerSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(source="*", read_only=True)
    signature = serializers.CharField(
        source="author_signature", read_only=True,
        help_text=_("A reply's persona signature, as the reply gate scanned and published it (the email's too)."),
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "kind", "author", "body", "signature", "created_at", "attachments"]
        read_only_fields = fields


class MessageStaffSerializer(MessageCustomerSerializer):
    class Meta(MessageCustomerSerializer.Meta):
        fields = [*MessageCustomerSerializer.Meta.fields, "is_public_post", "suspended"]
        read_only_fields = fields


class QueueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Queue
        fields = ["id", "slug", "name", "email"]
        read_only_fields = fields


class QueueBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Queue
        fields = ["slug", "name"]
        read_only_fields = fields


class CustomerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["id", "name", "handle"]
        read_only_fields = fields


class CustomerSelfSerializer(serializers.ModelSerializer):
    """A customer reading their own record: their details, nothing of the desk's safety decisions on them. Their
    name and their organization's, which staff may have written, as `tickets.names.public_names_shown` lets
    them read (a refused name reads as empty, a refused organization as null; their own email or number in their
    name is theirs); staff read them as stored."""

    organization = serializers.CharField(source="organization.name", default=None, read_only=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "handle", "organization", "emails", "phones", "addresses", "created_at"]
        read_only_fields = fields

    def to_representation(self, instance: Customer) -> dict:
        data = super().to_representation(instance)
        if not self.context.get("is_staff"):
            name, organization = _names_shown(self.context, [(data["name"], True), (data["organization"] or "", False)])
            data["name"], data["organization"] = name or "", organization or None
        return data


class CustomerStaffBasicSerializer(CustomerSelfSerializer):
    """Staff without `customer_private` (contractors, unless elevated): no account ids, card digits or IPs."""

    class Meta(CustomerSelfSerializer.Meta):
        fields = [*CustomerSelfSerializer.Meta.fields, "restriction"]
        read_only_fields = fields


class CustomerStaffSerializer(CustomerStaffBasicSerializer):
    class Meta(CustomerStaffBasicSerializer.Meta):
        fields = [*CustomerStaffBasicSerializer.Meta.fields, "account_ids", "card_last4", "ips"]
        read_only_fields = fields


class TicketCustomerSerializer(serializers.ModelSerializer):
    """A ticket as its customer sees it in the portal: the status in their wording, the last update they could
    see. The desk's internal state (on hold, priority, notes, reassignment) is not theirs to read."""

    subject = serializers.CharField(source="customer_subject", read_only=True)
    status = serializers.SerializerMethodField(help_text=_(
        "The status as the customer reads it: a ticket on hold (an internal reason) reads as open."
    ))
    status_label = serializers.SerializerMethodField(help_text=_(
        "The status in the portal's words, in the caller's language (“In progress”, “Waiting for your reply”)."
    ))
    updated_at = serializers.DateTimeField(source="customer_updated_at", read_only=True, help_text=_(
        "The customer's last message or the last published reply, else when the ticket was opened; internal work "
        "(notes, reassignment, priority) does not move it."
    ))

    class Meta:
        model = Ticket
        fields = ["reference", "subject", "status", "status_label", "channel", "created_at", "updated_at",
                  "solved_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=CUSTOMER_STATUS_CHOICES))
    def get_status(self, ticket: Ticket) -> str:
        return ticket.customer_status

    def get_status_label(self, ticket: Ticket) -> str:
        return ticket.customer_status_words


class SlaClocksSerializer(serializers.Serializer):
    first_response = serializers.ChoiceField(choices=CLOCK_STATES)
    next_response = serializers.ChoiceField(choices=CLOCK_STATES)
    resolution = serializers.ChoiceField(choices=CLOCK_STATES)


class TicketSlaSerializer(serializers.Serializer):
    """The SLA clocks (`tickets.sla`), for staff only: targets are the desk's internal commitments."""

    policy = serializers.CharField(
        allow_null=True, help_text=_("The policy that applies now, named by what it matches (“Default”, or e.g. "
        "“Billing, Urgent, any channel”); null when no policy exists.")
    )
    first_response_due = serializers.DateTimeField(allow_null=True)
    next_response_due = serializers.DateTimeField(
        allow_null=True, help_text=_("Runs from a customer's message after the first response to the next reply.")
    )
    resolution_due = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text=_("The soonest running deadline; null while paused."))
    paused = serializers.BooleanField(help_text=_("Paused while pending on the customer, and while solved or closed."))
    paused_at = serializers.DateTimeField(allow_null=True)
    breached = serializers.BooleanField(help_text=_("A clock is past its deadline, or stopped after it."))
    clocks = SlaClocksSerializer(help_text=_("Each clock's state, as the ticket page shows it (met / missed once "
                                           "stopped, off when not running)."))


class TicketStaffSerializer(serializers.ModelSerializer):
    queue = QueueBriefSerializer(read_only=True)
    customer = CustomerBriefSerializer(read_only=True)
    assignee = AssigneeSerializer(read_only=True, allow_null=True)
    duplicate_of = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True,
        help_text=_("For a duplicate: the reference of the ticket it duplicates."),
    )
    sla = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "reference", "subject", "status", "priority", "channel", "replies_public", "queue", "customer",
            "assignee", "created_at", "updated_at", "first_response_due", "resolution_due",
            "first_responded_at", "solved_at", "closure_reason", "duplicate_of", "awaiting_info_since",
            "info_reminded_at", "sla",
        ]
        read_only_fields = fields

    @extend_schema_field(TicketSlaSerializer)
    def get_sla(self, ticket: Ticket) -> dict:
        # Every policy and one "now" per response, shared by a list's rows through the root's context.
        context = self.context
        if "sla_policies" not in context:
            context["sla_policies"] = list(SlaPolicy.objects.select_related("queue"))
            context["sla_now"] = timezone.now()
        return ticket_sla(ticket, policies=context["sla_policies"], now=context["sla_now"])


class TicketOpenedStaffSerializer(TicketStaffSerializer):
    """A ticket staff just opened, with its first public reply in the gate, to follow at /api/replies/{id}/."""

    opening_reply = serializers.SerializerMethodField(
        help_text=_("The id of the first public reply (pending in the reply gate), or null for a note-only opening.")
    )

    class Meta(TicketStaffSerializer.Meta):
        fields = [*TicketStaffSerializer.Meta.fields, "opening_reply"]
        read_only_fields = fields

    def get_opening_reply(self, ticket: Ticket) -> int | None:
        return ticket.gate_replies.order_by("pk").values_list("pk", flat=True).first()


class TokenRequestSerializer(AuthTokenSerializer):
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=100,
        help_text=_("What the token is for, to recognise it in your list (default: the date and time)."),
    )
    code = serializers.CharField(
        required=False, allow_blank=True, max_length=40,
        help_text=_("Staff with a second factor: the code from the authenticator app, or a recovery code."),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("The secret: shown this once, stored only as a digest."))
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text=_("The token's first characters, as your token list shows them."))
    expires_at = serializers.DateTimeField()


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(help_text=_("Field name to its messages; empty unless code is invalid."))


class ErrorSerializer(serializers.Serializer):
    """The one error format of the API (`config.api.exception_handler`)."""

    error = ErrorDetailSerializer()


# --- Input --------------------------------------------------------------------------------------------------


class TicketCreateSerializer(serializers.Serializer):
    """A customer opens a ticket for themselves; staff open one for a customer of their queues.

    Shape only: `tickets.intake.ticket_open` routes and checks the rest, for the pages too.
    """

    subject = serializers.CharField(
        max_length=200,
        help_text=_("Opened by staff: the customer sees it only once the reply gate has passed it, with the reply."),
    )
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Customers: the first message. Staff: the first public reply, sent to the customer under "
        "your persona through the reply gate (optional if you write a note). Limited to TACT_MESSAGE_MAX_CHARS."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Staff only: an internal note, never shown to the customer.")
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False,
        help_text=_("Customers may use portal (default) or email. Staff: any; phone by default."),
    )
    customer = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("Staff only: the customer's id.")
    )
    queue = serializers.SlugField(max_length=100, required=False, help_text=_("Staff only: the queue's slug."))
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, help_text=_("Staff only."))

    STAFF_FIELDS = ("customer", "queue", "priority", "note")

    def validate(self, attrs: dict) -> dict:
        user = self.context["request"].user
        if not self.context["is_staff"]:
            errors = {name: [_("Only staff can set this.")] for name in self.STAFF_FIELDS if name in attrs}
            if errors:
                raise serializers.ValidationError(errors)
            return attrs
        errors = {name: [_("This field is required.")] for name in ("customer", "queue") if name not in attrs}
        if errors:
            raise serializers.ValidationError(errors)
        # Out of scope reads as missing: the service answers both with one message, so nothing can be probed.
        attrs["customer"] = customers_for(user).filter(pk=attrs["customer"]).first()
        attrs["queue"] = queues_for(user).filter(slug=attrs["queue"]).first()
        return attrs


class TicketUpdateSerializer(serializers.Serializer):
    """Staff change a ticket. `assignee: null` unassigns it."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    queue = serializers.SlugField(max_length=100, required=False, help_text=_("The target queue's slug."))
    assignee = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text=_("A staff id, or null.")
    )
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, required=False,
        help_text=_("With status solved or closed (resolved when left out). Never shown to the customer."),
    )
    duplicate_of = serializers.CharField(
        max_length=20, required=False, help_text=_("With closure_reason duplicate: the original ticket's reference.")
    )

    def validate_duplicate_of(self, reference: str) -> Ticket:
        original = tickets_for(self.context["request"].user).filter(reference=reference.strip().upper()).first()
        if original is None:  # out of scope reads as missing
            raise serializers.ValidationError(_("No ticket with that reference in your queues."))
        return original

    def validate_queue(self, slug: str) -> Queue:
        queue = queues_for(self.context["request"].user).filter(slug=slug).first()
        if queue is None:
            raise serializers.ValidationError(_("You can only move tickets to queues you belong to."))
        return queue

    def validate_assignee(self, user_id: int | None) -> User | None:
        if user_id is None:
            return None
        user = User.objects.filter(pk=user_id).select_related("staff").first()
        if user is None:
            # Same words as the service uses for a non-member, so ids cannot be probed.
            raise serializers.ValidationError(_("The assignee must be staff in the ticket's queue."))
        return user


class MessageCreateSerializer(serializers.Serializer):
    """Customers write customer messages, staff internal notes. Public replies take the gate's path."""

    body = serializers.CharField(help_text=_("Limited to TACT_MESSAGE_MAX_CHARS characters."))
    kind = serializers.ChoiceField(
        choices=MessageKind.choices,
        required=False,
        help_text=_('Customers: "customer" (default). Staff: "note" (default); replies go to .../replies/.'),
    )

    def validate_kind(self, kind: str) -> str:
        if not self.context["is_staff"]:
            if kind != MessageKind.CUSTOMER:
                raise serializers.ValidationError(_("Customers write customer messages only."))
            return kind
        if kind == MessageKind.PUBLIC_REPLY:
            reference = self.context["ticket"].reference
            raise serializers.ValidationError(
                _("Public replies pass the reply gate: POST them to /api/tickets/%(reference)s/replies/.")
                    % {"reference": reference}
            )
        if kind != MessageKind.INTERNAL_NOTE:
            raise serializers.ValidationError(_('Staff write internal notes here: use kind "note".'))
        return kind
