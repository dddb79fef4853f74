"""The typed environment readers accept the usual spellings and refuse anything else at start-up."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("TACT_X", raw)
    assert env_bool("TACT_X") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("TACT_X", raw)
    assert env_bool("TACT_X", True) is False


def test_env_bool_falls_back_to_default(monkeypatch):
    monkeypatch.delenv("TACT_X", raising=False)
    assert env_bool("TACT_X", True) is True


@pytest.mark.parametrize("raw", ["2", "maybe", "tru"])
def test_env_bool_refuses_other_values(monkeypatch, raw):
    monkeypatch.setenv("TACT_X", raw)
    with pytest.raises(ImproperlyConfigured, match="TACT_X must be a boolean"):
        env_bool("TACT_X")


def test_env_int_reads_and_defaults(monkeypatch):
    monkeypatch.setenv("TACT_N", "42")
    assert env_int("TACT_N", 7) == 42
    monkeypatch.setenv("TACT_N", " ")
    assert env_int("TACT_N", 7) == 7


def test_env_int_refuses_non_integers(monkeypatch):
    monkeypatch.setenv("TACT_N", "12s")
    with pytest.raises(ImproperlyConfigured, match="TACT_N must be an integer, not '12s'"):
        env_int("TACT_N", 7)


def test_env_int_refuses_values_below_minimum(monkeypatch):
    monkeypatch.setenv("TACT_N", "0")
    with pytest.raises(ImproperlyConfigured, match="TACT_N must be at least 1"):
        env_int("TACT_N", 7, minimum=1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("TACT_L", " a.example, ,b.example ")
    assert env_list("TACT_L") == ["a.example", "b.example"]
    monkeypatch.delenv("TACT_L")
    assert env_list("TACT_L", ["x"]) == ["x"]


def test_env_str_defaults(monkeypatch):
    monkeypatch.delenv("TACT_S", raising=False)
    assert env_str("TACT_S", "d") == "d"
