"""Second-factor pages: the sign-in's second step, one's own security page (enrol an authenticator, recovery
codes, remove) and the administrators' reset request. The rules are in `agents.mfa`; the gates in
`agents.mfa_gate`."""
import io
from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.qr import write_qrcode_image

from agents.forms import SecondFactorResetForm
from agents.lockout import lockout_response
from agents.mfa import (
    has_second_factor,
    is_locked_out,
    mfa_required,
    recovery_codes_regenerate,
    recovery_device,
    second_factor_pending,
    second_factor_remove,
    second_factor_reset_request,
    second_factor_verify,
    totp_enrol_confirm,
    totp_enrol_start,
)
from agents.mfa_gate import reauth_required, safe_next
from agents.permissions import Perm, can
from agents.views import staff_or_404


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator, or a recovery code."""
    if second_factor_pending(request) != "verify":
        return redirect(safe_next(request))
    user = request.user
    if is_locked_out(request, user):
        logout(request)
        return lockout_response(request)
    error = ""
    if request.method == "POST":
        try:
            second_factor_verify(request=request, user=user, code=request.POST.get("code", ""))
        except ValidationError as exc:
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return lockout_response(request)
            error = " ".join(exc.messages)
        else:
            return redirect(safe_next(request))
    context = {"error": error, "next": request.POST.get("next") or request.GET.get("next", "")}
    return _no_store(render(request, "registration/verify.html", context, status=400 if error else 200))


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """One's own second factor: its state, or the set-up (scan or type the secret, confirm with a code)."""
    staff_or_404(request)
    user = request.user
    context: dict = {"required": mfa_required(user), "next": request.POST.get("next") or request.GET.get("next", "")}
    if has_second_factor(user):
        device = recovery_device(user)
        context.update(enrolled=True, recovery_left=device.remaining() if device else 0)
        return _no_store(render(request, "agents/security.html", context))
    device = totp_enrol_start(user=user)
    if request.method == "POST":
        try:
            codes = totp_enrol_confirm(request=request, device=device, code=request.POST.get("code", ""))
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        else:
            messages.success(request, _("Your authenticator is set up."))
            return _codes_page(request, codes, next_url=safe_next(request))
    secret = b32encode(device.bin_key).decode()
    context.update(enrolled=False, secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)))
    return _no_store(render(request, "agents/security.html", context, status=400 if "error" in context else 200))


@login_required
@require_GET
def security_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the authenticator being set up, drawn here as SVG (no third party sees the secret)."""
    staff_or_404(request)
    if has_second_factor(request.user):  # nothing being set up
        return redirect("agents:security")
    out = io.BytesIO()
    write_qrcode_image(totp_enrol_start(user=request.user).config_url, out)
    return _no_store(HttpResponse(out.getvalue(), content_type="image/svg+xml"))


@login_required
@reauth_required
@require_POST
def security_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; the old ones stop working."""
    staff_or_404(request)
    try:
        codes = recovery_codes_regenerate(user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agents:security")
    return _codes_page(request, codes, next_url="")


def _codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    return _no_store(render(request, "agents/security_codes.html", {"codes": codes, "next": next_url}))


@login_required
@reauth_required
@require_POST
def security_remove(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator and recovery codes (to move to a new phone, say)."""
    staff_or_404(request)
    second_factor_remove(user=request.user, actor=request.user, request=request)
    if mfa_required(request.user):
        messages.info(request, _("Your authenticator is removed. Your role needs one: set up the new one now."))
    else:
        messages.success(request, _("Your authenticator and recovery codes are removed."))
    return redirect("agents:security")


@login_required
@reauth_required
@require_http_methods(["GET", "POST"])
def security_reset(request: HttpRequest) -> HttpResponse:
    """Administrators: ask to reset someone's second factor; another administrator approves it."""
    if not can(request.user, Perm.ADMIN_SITE):
        raise Http404
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = second_factor_reset_request(user=form.cleaned_data["person"], requested_by=request.user,
                                                 reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Asked: %(summary)s. Another administrator must approve it.")
                % {"summary": action.summary})
            return redirect("agents:approvals")
    return _no_store(render(request, "agents/security_reset.html", {"form": form},
                            status=400 if form.errors else 200))
