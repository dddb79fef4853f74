"""Tact's routes plus views that fail on purpose, for tests/ops/test_error_pages.py."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as tact_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def crash(request):
    raise RuntimeError("boom: a bug in a view")


def suspicious(request):
    raise SuspiciousOperation("odd input")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/crash/", crash),
    path("test-errors/suspicious/", suspicious),
    path("test-errors/forbidden/", forbidden),
    *tact_urlpatterns,
]
