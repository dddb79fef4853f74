"""API tokens: made with a name and an end date, shown once, kept only as a digest, listed and revoked by their
owner and by administrators (`tokens_manage`), and revoked all at once when the password changes, on "sign
out everywhere" and when access ends (`agents.offboarding`).

`agents.authentication.StaffTokenAuthentication` finds a token by the digest of what the client sends, so a
copy of the database gives nobody a working token.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.models import ApiToken
from agents.models_tokens import RevokeReason
from agents.permissions import Perm, can

DEFAULTS: dict[str, Any] = {"LIFETIME_DAYS": 30}
# A token's own marker, so secret scanners (and people) recognise one pasted where it should not be.
KEY_START = "tact_"
PREFIX_LENGTH = len(KEY_START) + 8
NAME_MAX = 100
# `last_used_at` is moved at most this often, so a busy client costs no write per call.
LAST_USED_EVERY_S = 60


def tokens_setting(key: str) -> Any:
    """`TACT_API_TOKENS[key]`, falling back to DEFAULTS; read at call time so `override_settings` works."""
    return {**DEFAULTS, **getattr(settings, "TACT_API_TOKENS", {})}[key]


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists only here: show it once, then forget it."""

    token: ApiToken
    key: str


def api_token_create(*, user, name: str = "", request=None) -> IssuedToken:
    """A new token for `user`, ending `TACT_API_TOKENS["LIFETIME_DAYS"]` from now."""
    name = " ".join((name or "").split())
    if "\x00" in name or len(name) > NAME_MAX:
        raise ValidationError({"name": _("A token's name is at most %(NAME_MAX)s characters, without null bytes.")
            % {"NAME_MAX": NAME_MAX}})
    now = timezone.now()
    name = name or f"API token {now:%Y-%m-%d %H:%M}"
    key = KEY_START + secrets.token_urlsafe(30)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:PREFIX_LENGTH], digest=token_digest(key), created_at=now,
            expires_at=now + timedelta(days=int(tokens_setting("LIFETIME_DAYS"))),
        )
        audit_record(actor=user, action="token.create", target=token, request=request,
                     data={"owner": user.pk, "name": name, "expires_at": token.expires_at})
    return IssuedToken(token=token, key=key)


def api_token_find(key: str) -> ApiToken | None:
    """The token this secret belongs to (live or not), with its user; None for a secret nobody was given."""
    return ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()


def api_token_touch(token: ApiToken) -> None:
    """Record a use, at most once a minute (a conditional update: two workers at once write it once)."""
    now = timezone.now()
    if token.last_used_at is not None and (now - token.last_used_at).total_seconds() < LAST_USED_EVERY_S:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - timedelta(seconds=LAST_USED_EVERY_S))
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def tokens_manageable_by(user) -> QuerySet[ApiToken]:
    """Tokens this person may list and revoke: their own; everyone's with `tokens_manage`."""
    tokens = ApiToken.objects.select_related("user__staff__persona")
    if can(user, Perm.TOKENS_MANAGE):
        return tokens
    return tokens.filter(user=user) if user.is_authenticated else tokens.none()


def live_tokens(tokens: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
    return tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def api_token_revoke(*, token: ApiToken, actor, request=None) -> bool:
    """Revoke one token: its owner, or someone with `tokens_manage`. False if it was already revoked."""
    own = token.user_id == actor.pk
    if not own and not can(actor, Perm.TOKENS_MANAGE):
        raise PermissionDenied("Only the token's owner or an administrator may revoke it.")
    reason = RevokeReason.OWNER if own else RevokeReason.ADMIN
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason, revoked_by=actor
        ) == 1
        if revoked:
            audit_record(actor=actor, action="token.revoke", target=token, request=request,
                         data={"owner": token.user_id, "name": token.name, "reason": reason})
    return revoked


def api_tokens_revoke_all(*, user, reason: str, actor=None, request=None) -> int:
    """Revoke every token of `user` not yet revoked (password change, sign out everywhere, access ended)."""
    with transaction.atomic():
        count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason,
            revoked_by=actor if actor is not None and actor.is_authenticated else None,
        )
        if count:
            audit_record(actor=actor, action="token.revoke_all", target=user, request=request,
                         data={"count": count, "reason": reason})
    return count
