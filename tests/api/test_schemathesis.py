"""Property-based fuzzing of every operation in the served OpenAPI schema: no input may cause a server error.

The schema is loaded from the app itself (WSGI, in-process), so what is fuzzed is exactly what is documented.
Each generated request is sent as a staff member and as a customer. Every other request has its path values
replaced by real objects (dave's ticket, his customer record, queue A), so the code past the 404 is fuzzed too.
"""
import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from agents.tokens import api_token_create
from config.wsgi import application

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


# Loaded eagerly: schemathesis' lazy `from_fixture` loader relies on a pytest internal that pytest 9 removed.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_test_connection():
    """The raw WSGI app closes the database connection after each request, as a server should; here that would
    end the test's transaction, so the handlers are detached, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_context(keep_test_connection, carol, dave, dave_ticket, queue_a):
    """Tokens for a lead (both queues) and a customer, and real path values to aim at."""
    headers = [
        {"Authorization": f"Token {api_token_create(user=user).key}"} for user in (carol, dave)
    ]
    real = {"reference": dave_ticket.reference, "id": str(dave.customer.pk), "slug": queue_a.slug}
    return headers, real, itertools.count()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_causes_a_server_error(case, fuzz_context):
    headers, real, counter = fuzz_context
    if case.path_parameters and next(counter) % 2:
        case.path_parameters = {name: real.get(name, value) for name, value in case.path_parameters.items()}
    for auth in headers:
        case.call_and_validate(headers=auth, checks=[not_a_server_error])
