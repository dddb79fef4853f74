"""The deployment files agree with the settings: every variable documented, compose well-formed and complete."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"')


def settings_variables() -> set[str]:
    return set(READ.findall((ROOT / "config" / "settings.py").read_text()))


def documented_variables() -> set[str]:
    return set(re.findall(r"^#? ?([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_env_example_lists_every_variable_the_settings_read():
    assert settings_variables(), "the pattern no longer finds the settings' variables"
    assert settings_variables() - documented_variables() == set()


def test_env_example_documents_nothing_that_does_not_exist():
    compose_only = {"POSTGRES_PASSWORD"}
    assert documented_variables() - settings_variables() - compose_only == set()


def test_compose_runs_the_five_services_with_health_checks():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert {"--appendonly", "yes", "--maxmemory-policy", "noeviction"} <= set(services["redis"]["command"])


def test_app_services_share_one_image_and_the_production_servers():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["env_file"] == ".env"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["CELERY_BROKER_URL"].startswith("redis://")
        assert set(service["environment"]) <= settings_variables()
    assert "migrate --noinput" in " ".join(services["web"]["command"])
    assert "collectstatic --noinput" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
