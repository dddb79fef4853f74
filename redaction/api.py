"""The reply gate's API: send a reply (with files, as multipart) through the gate and follow its state. Staff only.

POST answers 202 at once with the reply pending: the scan happens in a worker, and the client polls
GET /api/replies/{id}/ (or watches the ticket's messages) until the state is published or held.
"""
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.permissions import Perm, can
from config.api import error_response
from redaction import services
from redaction.models import Reply, ReplyFile, ReplyVersion
from redaction.replyfiles import version_files
from redaction.selectors import replies_for, submitted_version_of
from tickets.access import tickets_for
from tickets.api.serializers import ErrorSerializer

IDEMPOTENCY_HEADER = "Idempotency-Key"
ERROR = OpenApiResponse(response=ErrorSerializer, description="The API's one error format.")


class IsStaff(BasePermission):
    message = "Only staff can send replies through the gate."

    def has_permission(self, request, view) -> bool:
        return can(request.user, Perm.TICKETS_WORK)


class ReplyInSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    subject = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text=_("Only on a ticket staff opened whose subject the customer has not seen yet: the subject to "
        "publish with this reply, scanned with it (default: the one sent last, else the ticket's). Ignored "
        "once the subject is public."),
    )
    then_status = serializers.ChoiceField(
        choices=["pending", "solved"], required=False, allow_blank=True, default="",
        help_text=_("Send, then set the ticket's status: it moves when the reply is published, in the same "
        "transaction, and never if the reply stays held."),
    )
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list,
        help_text=_("multipart/form-data only: files to publish with the reply (repeat the field for each). Each "
        "passes the file-type policy by its content and is read and scanned with the reply, like the "
        "composer's; a refused type, a file over TACT_ATTACHMENT_MAX_BYTES or text that cannot be read is a 400 "
        "on this field, and nothing is sent."),
    )
    remove_files = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**53), required=False, default=list,
        help_text=_("Ids of files carried over from this reply's earlier version (see version.files) to leave "
        "out of this one."),
    )


class ScanOutSerializer(serializers.Serializer):
    scanner_version = serializers.CharField()
    findings = serializers.ListField(child=serializers.DictField())
    error = serializers.CharField()
    duration_ms = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ReplyFileOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField(help_text=_("As sniffed from the content, not as the client said."))
    url = serializers.SerializerMethodField(help_text=_("Staff download, for whoever may read the ticket."))

    def get_url(self, reply_file: ReplyFile) -> str:
        return reverse("gate:file", args=[reply_file.pk])


class VersionOutSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.CharField()
    sha256 = serializers.CharField()
    subject = serializers.CharField(help_text=_("The staff-written subject sent with it, if any (scanned with it)."))
    alias = serializers.CharField(help_text=_("The persona's alias, frozen at Send and scanned with it."))
    signature = serializers.CharField(help_text=_("The persona's signature, frozen at Send and scanned with it."))
    then_status = serializers.CharField(help_text=_("The status the ticket takes when this version is published."))
    attempts = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    files = serializers.SerializerMethodField(help_text=_("Files frozen with this version and scanned with it."))

    @extend_schema_field(ReplyFileOutSerializer(many=True))
    def get_files(self, version: ReplyVersion) -> list[dict]:
        return ReplyFileOutSerializer(version_files(version), many=True).data


class ReplyOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ticket = serializers.CharField(source="ticket.reference")
    state = serializers.CharField()
    version = serializers.SerializerMethodField()
    scan = serializers.SerializerMethodField()
    published_message = serializers.IntegerField(source="published_message_id", allow_null=True)

    def _submitted(self, reply: Reply):
        if not hasattr(reply, "_submitted_version"):
            reply._submitted_version = submitted_version_of(reply)
        return reply._submitted_version

    def get_version(self, reply: Reply) -> dict | None:
        version = self._submitted(reply)
        return VersionOutSerializer(version).data if version else None

    def get_scan(self, reply: Reply) -> dict | None:
        version = self._submitted(reply)
        scan = version.scans.order_by("-id").first() if version else None
        return ScanOutSerializer(scan).data if scan else None


class ReplyCreateView(APIView):
    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(
        request={"application/json": ReplyInSerializer, "multipart/form-data": ReplyInSerializer},
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, required=False,
                description="Retry-safe Send: a repeat with the same key and body answers with the reply the "
                "first request made (no second version); the same key with another body or ticket is a 422.",
            ),
        ],
        responses={202: ReplyOutSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 422: ERROR},
        summary="Send a public reply through the reply gate",
    )
    def post(self, request: Request, reference: str) -> Response:
        ticket = get_object_or_404(tickets_for(request.user), reference=reference)
        data = ReplyInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get(IDEMPOTENCY_HEADER, "")
        if len(key) > 255 or not key.isprintable():
            message = _("%(header)s must be at most 255 printable characters.") % {"header": IDEMPOTENCY_HEADER}
            return error_response("invalid", message)
        try:
            version = services.reply_submit(
                ticket=ticket, author=request.user, body=data.validated_data["body"],
                subject=data.validated_data.get("subject"), idempotency_key=key,
                then_status=data.validated_data["then_status"], files=data.validated_data["attachments"],
                remove_files=data.validated_data["remove_files"],
            )
        except services.SendKeyReused as exc:
            return error_response("idempotency_key_reused", str(exc), status.HTTP_422_UNPROCESSABLE_ENTITY)
        reply = Reply.objects.select_related("ticket").get(pk=version.reply_id)
        return Response(ReplyOutSerializer(reply).data, status=status.HTTP_202_ACCEPTED)


class ReplyDetailView(APIView):
    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(responses={200: ReplyOutSerializer, 404: ERROR}, summary="A reply's state in the gate")
    def get(self, request: Request, pk: int) -> Response:
        reply = get_object_or_404(replies_for(request.user).select_related("ticket"), pk=pk)
        return Response(ReplyOutSerializer(reply).data)
