"""API throttles keyed by the client address from `config.client_ip`, not DRF's own reading of
X-Forwarded-For, which believes whatever a client sends and so let a forged header skip the limit."""
from rest_framework.throttling import ScopedRateThrottle

from config.client_ip import client_ip


class ClientScopedRateThrottle(ScopedRateThrottle):
    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"
