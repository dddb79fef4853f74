"""The team's own pages: generated avatars, the agent's persona page and the admin-only identity reveal."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from agents.avatars import avatar_svg, is_valid_seed
from agents.forms import PersonaForm, RevealForm
from agents.mfa_gate import reauth_required
from agents.models import IdentityReveal, Persona
from agents.permissions import Perm, can
from agents.reveals import identities_revealed_to, identity_reveal_request
from agents.selectors import staff_profile
from agents.services import alias_suggest, persona_assign, persona_update
from config.forms import errors_onto


@require_GET
def avatar(request: HttpRequest, seed: str) -> HttpResponse:
    """Public and cacheable: the seed is random and reveals nothing; the same seed always draws the same."""
    if not is_valid_seed(seed):
        raise Http404
    response = HttpResponse(avatar_svg(seed), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24 * 365, immutable=True)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def staff_or_404(request: HttpRequest):
    """The viewer's staff profile; a 404 for anyone else (the page does not exist for them)."""
    profile = staff_profile(request.user)
    if profile is None:
        raise Http404
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def persona(request: HttpRequest) -> HttpResponse:
    """The agent's own persona: see and change the alias (with a suggestion), pronouns, signature, avatar."""
    profile = staff_or_404(request)
    current = Persona.objects.filter(staff=profile).first()
    initial = (
        {"alias": current.alias, "pronouns": current.pronouns, "signature": current.signature}
        if current
        else {"alias": alias_suggest(staff=profile)}
    )
    if request.method == "POST" and "suggest" in request.POST:
        # A fresh suggestion in the alias box, keeping what else the agent typed; nothing is saved yet.
        typed = {name: request.POST.get(name, "") for name in ("pronouns", "signature")}
        form = PersonaForm(initial={**typed, "alias": alias_suggest(staff=profile)})
    elif request.method == "POST":
        form = PersonaForm(request.POST)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ("alias", "pronouns", "signature")}
            try:
                if current is None:
                    persona_assign(staff=profile, **fields)
                else:
                    new_avatar = form.cleaned_data["new_avatar"]
                    persona_update(persona=current, actor=request.user, new_avatar=new_avatar, **fields)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("Your persona is saved. Customers see only this."))
                return redirect("agents:persona")
    else:
        form = PersonaForm(initial=initial)
    return render(request, "agents/persona.html", {"form": form, "persona": current})


@login_required
@reauth_required
@require_http_methods(["GET", "POST"])
def reveal(request: HttpRequest) -> HttpResponse:
    """Admins only: ask to see one agent's real identity, for a stated reason; once a second admin approves
    (on the approvals page), the identity shows here for a day, and the reveal is recorded."""
    if not can(request.user, Perm.IDENTITY_REVEAL):
        raise Http404
    if request.method == "POST":
        form = RevealForm(request.POST)
        if form.is_valid():
            try:
                agent, reason = form.cleaned_data["agent"], form.cleaned_data["reason"]
                action = identity_reveal_request(viewer=request.user, agent_user=agent, reason=reason,
                                                 request=request)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("Asked: %(summary)s. Another administrator must approve it.")
                    % {"summary": action.summary})
                return redirect("agents:reveal")
    else:
        form = RevealForm()
    revealed = identities_revealed_to(request.user)
    recent = IdentityReveal.objects.select_related("viewer__staff__persona", "agent__staff__persona")[:20]
    response = render(request, "agents/reveal.html", {"form": form, "revealed": revealed, "recent": recent})
    response["Cache-Control"] = "no-store"
    return response
