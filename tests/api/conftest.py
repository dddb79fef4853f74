"""API clients authenticated as the named personas, by token as a real client would be."""
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from agents.tokens import api_token_create


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as(db):
    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user).key}")
        return client

    return make
