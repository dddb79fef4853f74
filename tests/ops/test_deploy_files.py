"""The deployment files agree with the settings: every variable documented, compose well-formed and complete."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'env_(?:str|bool|int|list|json|choice)\(\s*"([A-Z0-9_]+)"')


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


def app_services() -> dict[str, dict]:
    """The services built from Tact's own image (web, workers, beat), as opposed to PostgreSQL and Redis."""
    return {name: service for name, service in compose()["services"].items() if service.get("env_file")}


def test_compose_runs_the_servers_web_workers_and_beat_with_health_checks():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name, service in services.items():
        if name != "beat":  # beat has nothing to ask; a missed tick is caught by the sweep it schedules
            assert service["healthcheck"]["test"], name
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert {"--appendonly", "yes", "--maxmemory-policy", "noeviction"} <= set(services["redis"]["command"])


def test_app_services_share_one_image_and_the_production_servers():
    services = app_services()
    assert {"web", "worker", "beat"} <= set(services)
    for name, service in services.items():
        assert service["env_file"] == ".env", name
        assert service["environment"]["DATABASE_URL"].startswith("postgres://"), name
        assert service["environment"]["CELERY_BROKER_URL"].startswith("redis://"), name
        assert set(service["environment"]) <= settings_variables(), name
    web = " ".join(services["web"]["command"])
    assert "migrate --noinput" in web and "collectstatic --noinput" in web and "gunicorn config.wsgi" in web
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_every_celery_worker_is_pinged_by_its_own_name():
    workers = {
        name: service for name, service in app_services().items()
        if service["command"][:4] == ["celery", "-A", "config", "worker"]
    }
    assert "worker" in workers
    for name, service in workers.items():
        command = service["command"]
        node = command[command.index("--hostname") + 1].split("@")[0]
        assert f"inspect ping --destination {node}@$$HOSTNAME" in " ".join(service["healthcheck"]["test"]), name
