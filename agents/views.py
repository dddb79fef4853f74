"""The team's own pages: generated avatars, the agent's persona page and the admin-only identity reveal."""
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from agents.avatars import avatar_svg, is_valid_seed


@require_GET
def avatar(request: HttpRequest, seed: str) -> HttpResponse:
    """Public and cacheable: the seed is random and reveals nothing; the same seed always draws the same."""
    if not is_valid_seed(seed):
        raise Http404
    response = HttpResponse(avatar_svg(seed), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24 * 365, immutable=True)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
