"""`manage.py check --deploy` as a production deployment runs it: a separate process with production env."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides) -> dict[str, str]:
    """The environment docker-compose.yml gives the web container (see .env.example), minus the servers."""
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("TACT_", "DATABASE_", "CELERY_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        TACT_SECRET_KEY=secrets.token_urlsafe(50),
        TACT_ALLOWED_HOSTS="tact.example",
        TACT_DEBUG="0",
        TACT_TESTING="0",
        TACT_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://tact:secret@127.0.0.1:5432/tact",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_eager_celery_fails_the_deploy_check(tmp_path):
    result = manage(production_env(tmp_path, CELERY_TASK_ALWAYS_EAGER="1"), "check", "--deploy")
    assert result.returncode != 0
    assert "tact.E001" in result.stderr


def test_missing_secret_key_outside_debug_stops_start_up(tmp_path):
    result = manage(production_env(tmp_path, TACT_SECRET_KEY=None), "check")
    assert result.returncode != 0
    assert "TACT_SECRET_KEY must be set when TACT_DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TACT_DEBUG", "maybe", "TACT_DEBUG must be a boolean"),
        ("TACT_SWEEP_SECONDS", "soon", "TACT_SWEEP_SECONDS must be an integer"),
        ("TACT_BROKER_VISIBILITY_TIMEOUT", "1", "TACT_BROKER_VISIBILITY_TIMEOUT must be at least 10"),
    ],
)
def test_a_bad_value_stops_start_up_with_its_name(tmp_path, name, value, message):
    result = manage(production_env(tmp_path, **{name: value}), "check")
    assert result.returncode != 0
    assert message in result.stderr
