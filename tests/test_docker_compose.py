"""docker-compose.yml cannot be run here (no Docker engine), so check it by reading it."""

import importlib
import shutil
import sys
from pathlib import Path

import yaml

from tests.coproduction.test_settings import settings_variables

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = {name: s for name, s in SERVICES.items() if "build" in s}


def test_the_stack_has_web_worker_beat_postgres_and_redis():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["web"]["command"][0] == "gunicorn"
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "coproduction", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "coproduction", "beat"]


def test_every_app_service_command_exists():
    bin_dir = Path(sys.executable).parent
    for name, service in APP_SERVICES.items():
        program, *args = service["command"]
        if program == "python":
            assert (ROOT / args[0]).exists(), name
            continue
        assert (bin_dir / program).exists() or shutil.which(program), (
            f"{name}: {program} not installed"
        )
        if program == "gunicorn":
            module = importlib.import_module(args[0].split(":")[0])
            assert hasattr(module, "application"), name
        if program == "celery":
            app = importlib.import_module(args[args.index("-A") + 1]).celery_app
            assert app.main == "coproduction", name


def test_every_variable_the_services_set_is_one_the_settings_read():
    known = settings_variables()
    for name, service in APP_SERVICES.items():
        unknown = set(service["environment"]) - known
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_app_services_use_postgres_and_redis_from_the_stack():
    for service in APP_SERVICES.values():
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DEBUG"] == "false"


def test_dockerfile_installs_from_the_lock_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile


def test_receipts_are_kept_on_their_own_volume_outside_media():
    app = COMPOSE["x-app"]
    assert app["environment"]["PRIVATE_MEDIA_ROOT"] == "/data/private"
    assert "private:/data/private" in app["volumes"]
    assert not app["environment"]["PRIVATE_MEDIA_ROOT"].startswith(app["environment"]["MEDIA_ROOT"])
