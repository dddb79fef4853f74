"""Each tact.* system check fires on the misconfiguration it names and stays silent otherwise."""
import pytest
from django.test import override_settings

from config.checks import check_production_mode

PRODUCTION = {"TESTING": False, "DEBUG": False, "IS_POSTGRES": True, "CELERY_BROKER_URL": "redis://redis:6379/0"}


def _ids(**overrides) -> list[str]:
    with override_settings(**{**PRODUCTION, **overrides}):
        return [message.id for message in check_production_mode(None)]


def test_production_settings_raise_nothing():
    assert _ids(CELERY_TASK_ALWAYS_EAGER=False) == []


def test_eager_celery_outside_debug_is_an_error():
    assert _ids(CELERY_TASK_ALWAYS_EAGER=True) == ["tact.E001"]


def test_eager_celery_in_debug_is_allowed():
    assert _ids(CELERY_TASK_ALWAYS_EAGER=True, DEBUG=True, IS_POSTGRES=False) == []


def test_debug_with_postgres_is_an_error():
    assert _ids(DEBUG=True) == ["tact.E002"]


def test_debug_with_sqlite_is_the_embedded_default():
    assert _ids(DEBUG=True, IS_POSTGRES=False, CELERY_BROKER_URL="filesystem://") == []


def test_postgres_with_filesystem_broker_warns():
    assert _ids(CELERY_BROKER_URL="filesystem://") == ["tact.W001"]


def test_sqlite_with_filesystem_broker_outside_debug_is_silent():
    assert _ids(IS_POSTGRES=False, CELERY_BROKER_URL="filesystem://") == []


@pytest.mark.parametrize("overrides", [{"CELERY_TASK_ALWAYS_EAGER": True}, {"DEBUG": True}])
def test_checks_are_off_while_testing(overrides):
    assert _ids(TESTING=True, **overrides) == []
