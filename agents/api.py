"""The API of one's own access: list and revoke API tokens, sign out everywhere. Mounted under /api/auth/.

New tokens come only from a password (`POST /api/auth/token/`) or the tokens page, never from another token,
so a stolen token cannot keep itself alive past its end. Tokens outside the caller's reach (someone else's,
without `tokens_manage`) are 404.
"""
from django.contrib.auth import logout
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.identity import public_identity
from agents.models import ApiToken
from agents.offboarding import sign_out_everywhere
from agents.tokens import api_token_revoke, live_tokens, tokens_manageable_by


class ApiTokenSerializer(serializers.ModelSerializer):
    owner = serializers.IntegerField(source="user_id", read_only=True)
    owner_name = serializers.SerializerMethodField(help_text=_("The owner's persona (staff) or username."))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "owner", "owner_name", "created_at", "expires_at", "last_used_at"]

    def get_owner_name(self, token: ApiToken) -> str:
        user = token.user
        return public_identity(user).name if hasattr(user, "staff") else user.username


@extend_schema_view(
    list=extend_schema(summary="Live API tokens: your own, or everyone's with tokens_manage"),
    destroy=extend_schema(summary="Revoke an API token (yours, or anyone's with tokens_manage)"),
)
class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = ApiTokenSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        tokens = tokens_manageable_by(self.request.user)
        # Revoking again is allowed and changes nothing, so DELETE stays idempotent.
        return live_tokens(tokens) if self.action == "list" else tokens

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(token=instance, actor=self.request.user, request=self.request)


@extend_schema(
    summary="Sign out everywhere: end all your sessions and revoke all your API tokens",
    request=None,
    responses={200: inline_serializer("SignedOutEverywhere", {"tokens_revoked": serializers.IntegerField()})},
)
class SignOutEverywhereView(APIView):
    def post(self, request, *args, **kwargs) -> Response:
        revoked = sign_out_everywhere(user=request.user, actor=request.user, request=request)
        logout(request._request)
        return Response({"tokens_revoked": revoked})
