"""One's own access: API tokens (made here with their secret shown once, listed, revoked) and "sign out
everywhere". Administrators (`tokens_manage`) also see and revoke everyone's tokens here."""
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from agents.forms import TokenForm
from agents.mfa_gate import reauth_required
from agents.offboarding import sign_out_everywhere
from agents.permissions import Perm, can
from agents.tokens import api_token_create, api_token_revoke, live_tokens, tokens_manageable_by, tokens_setting
from agents.views import staff_or_404


@login_required
@reauth_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    staff_or_404(request)
    issued = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():  # the form holds the service's limits on the name
        issued = api_token_create(user=request.user, name=form.cleaned_data["name"], request=request)
        form = TokenForm()
    live = live_tokens(tokens_manageable_by(request.user))
    context = {
        "form": form,
        "issued": issued,
        "lifetime_days": tokens_setting("LIFETIME_DAYS"),
        "mine": live.filter(user=request.user),
        "everyone": live.exclude(user=request.user) if can(request.user, Perm.TOKENS_MANAGE) else None,
    }
    response = render(request, "agents/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the one page that ever shows a token's secret
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    staff_or_404(request)
    token = get_object_or_404(tokens_manageable_by(request.user), pk=pk)
    if api_token_revoke(token=token, actor=request.user, request=request):
        messages.success(request, _("Revoked “%(name)s”: it no longer works.") % {"name": token.name})
    return redirect("agents:tokens")


@login_required
@require_POST
def sign_out_everywhere_view(request: HttpRequest) -> HttpResponse:
    staff_or_404(request)
    revoked = sign_out_everywhere(user=request.user, actor=request.user, request=request)
    logout(request)
    return render(request, "agents/signed_out.html", {"revoked": revoked})
