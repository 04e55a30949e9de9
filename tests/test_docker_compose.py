"""docker-compose.yml, tried as it runs. No Docker engine runs here, so the tests resolve
each container's environment as compose does (env_file, then `environment`, interpolated from
.env) and start the same commands with it on this machine: migrate, gunicorn and the Celery
worker, then the web container's own health probe, exactly as compose runs it."""

import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.coproduction.test_settings import settings_variables
from tests.required_services import redis_url_or_skip, service_missing
from tests.support.compose import (
    APP_SERVICES,
    COMPOSE,
    ROOT,
    SERVICES,
    dotenv,
    healthcheck,
    operator_env_file,
    service_command,
    service_environment,
)
from tests.support.servers import free_port

BIN = Path(sys.executable).parent
HOST = "coproduction.example.org"
OPERATOR_ENV = operator_env_file(
    SECRET_KEY="an-operator-made-this-with-secrets-token-urlsafe-50-0123456789abc",
    ALLOWED_HOSTS=HOST,
    SITE_URL=f"https://{HOST}",
    EMAIL_BACKEND="smtp",
    EMAIL_HOST="smtp.example.net",
    DEFAULT_FROM_EMAIL="River Valley <hello@rivervalley.org.uk>",
    SMS_BACKEND="notify",
    NOTIFY_API_KEY="live-"
    + "1" * 8
    + "-1111-4111-8111-111111111111-"
    + "2" * 8
    + "-2222-4222-8222-222222222222",
    NOTIFY_SMS_TEMPLATE_ID="33333333-3333-4333-8333-333333333333",
    NOTIFY_CALLBACK_TOKEN="a-long-random-token-given-to-notify",
)


def test_the_stack_has_web_worker_beat_postgres_and_redis():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["web"]["command"][0] == "gunicorn"
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "coproduction", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "coproduction", "beat"]


def test_every_app_service_command_exists():
    for name, service in APP_SERVICES.items():
        program, *args = service["command"]
        if program == "python":
            assert (ROOT / args[0]).exists(), name
            continue
        assert (BIN / program).exists() or shutil.which(program), f"{name}: {program} missing"
        if program == "gunicorn":
            module = importlib.import_module(args[0].split(":")[0])
            assert hasattr(module, "application"), name
        if program == "celery":
            app = importlib.import_module(args[args.index("-A") + 1]).celery_app
            assert app.main == "coproduction", name


@pytest.mark.parametrize("name", ["migrate", "web", "worker", "beat"])
def test_every_documented_variable_reaches_the_container(name):
    """Every variable of .env.example, copied to .env as the README says, reaches web, worker
    and beat alike, with the operator's value (not only the four compose sets itself)."""
    documented = dotenv(OPERATOR_ENV)
    environment = service_environment(name, OPERATOR_ENV)
    missing = set(documented) - set(environment)
    assert not missing, f"{name} never gets {sorted(missing)}"
    stack_own = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"}
    stack_own.add("PRIVATE_MEDIA_ROOT")
    for variable, value in documented.items():
        if variable not in stack_own:
            assert environment[variable] == value, (name, variable)
    assert environment["SMS_BACKEND"] == documented["SMS_BACKEND"]


def test_compose_refuses_to_start_without_a_secret_key():
    from tests.support.compose import MissingVariable

    with pytest.raises(MissingVariable, match="Set SECRET_KEY"):
        service_environment("web", operator_env_file(SECRET_KEY=""))


def test_every_variable_the_services_set_is_one_the_settings_read():
    known = settings_variables()
    for name, service in APP_SERVICES.items():
        unknown = set(service["environment"]) - known
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_app_services_use_postgres_and_redis_from_the_stack():
    for name in APP_SERVICES:
        env = service_environment(name, OPERATOR_ENV)
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


def test_the_containers_settings_pass_the_deploy_check():
    env = {**service_environment("web", OPERATOR_ENV), "PATH": os.environ["PATH"]}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


# --- The stack, run the way compose runs it --------------------------------------------------


def on_this_machine(env: dict[str, str], database: str, redis_url: str, data: Path) -> dict:
    """The container's environment, with the stack's own services reached on this machine
    (compose's network names db and redis do not resolve here), and nothing else changed."""
    assert env["DATABASE_URL"] == "postgres://coproduction:coproduction@db:5432/coproduction"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    return {
        **env,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(data / "media"),
        "PRIVATE_MEDIA_ROOT": str(data / "private"),
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "HOSTNAME": socket.gethostname(),
        "HOME": str(data),
    }


def run_like_compose(command: list[str], env: dict, **kwargs):
    program, *args = command
    if program == "CMD-SHELL":
        return subprocess.run(args[0], shell=True, env=env, cwd=ROOT, **kwargs)  # noqa: S602
    if program == "CMD":
        program, *args = args
    program = sys.executable if program == "python" else str(BIN / program)
    return subprocess.run([program, *args], env=env, cwd=ROOT, **kwargs)


def start_like_compose(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    program, *args = command
    program = sys.executable if program == "python" else str(BIN / program)
    with log.open("w") as output:  # the process keeps its own copy of the file
        return subprocess.Popen(
            [program, *args],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def probe_passes(probe: list[str], env: dict) -> bool:
    result = run_like_compose(probe, env, capture_output=True, timeout=20, check=False)
    return result.returncode == 0


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def fresh_database():
    """A database of its own, as compose's db service starts empty."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        service_missing("The production stack runs on PostgreSQL: set DATABASE_URL")
    name = f"compose_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.services
def test_the_stack_starts_as_compose_runs_it_and_its_health_probes_pass(fresh_database, tmp_path):
    redis_url_or_skip()
    redis_url = "redis://127.0.0.1:6379/14"  # a database of its own, as compose's redis
    subprocess.run([shutil.which("redis-cli") or "redis-cli", "-n", "14", "flushdb"], check=True)
    port = free_port()
    web_env = on_this_machine(
        service_environment("web", OPERATOR_ENV), fresh_database, redis_url, tmp_path
    )
    worker_env = on_this_machine(
        service_environment("worker", OPERATOR_ENV), fresh_database, redis_url, tmp_path
    )
    migrate_env = on_this_machine(
        service_environment("migrate", OPERATOR_ENV), fresh_database, redis_url, tmp_path
    )
    web_command = [
        f"127.0.0.1:{port}" if part == "0.0.0.0:8000" else part
        for part in service_command("web", OPERATOR_ENV)
    ]
    assert web_command != service_command("web", OPERATOR_ENV), "the port is the one change"
    probe = [
        part.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        for part in healthcheck("web", OPERATOR_ENV)
    ]

    migrated = run_like_compose(
        service_command("migrate", OPERATOR_ENV), migrate_env, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    web = start_like_compose(web_command, web_env, tmp_path / "web.log")
    worker = start_like_compose(
        service_command("worker", OPERATOR_ENV), worker_env, tmp_path / "worker.log"
    )
    try:
        deadline = time.monotonic() + 90
        while not probe_passes(probe, web_env):
            assert web.poll() is None, (tmp_path / "web.log").read_text()[-3000:]
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (tmp_path / "web.log").read_text()[-3000:]
            time.sleep(1)
        url = f"http://127.0.0.1:{port}/healthz?format=json"
        with urllib.request.urlopen(url, timeout=10) as answer:
            checks = answer.read().decode()
        assert "Database" in checks and "Cache" in checks and "Ping" in checks
        assert (
            run_like_compose(
                healthcheck("worker", OPERATOR_ENV), worker_env, capture_output=True, timeout=30
            ).returncode
            == 0
        )

        # The settings are production's: the site itself only answers its own host, on https.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": HOST})
        status, location = _without_following(request)
        assert (status, location) == (301, f"https://{HOST}/")
        status, _ = _without_following(urllib.request.Request(f"http://127.0.0.1:{port}/"))
        assert status == 400

        # The probe can fail: with no worker to send messages, the web container is unhealthy.
        stop(worker)
        assert not probe_passes(probe, web_env)
    finally:
        stop(web)
        stop(worker)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _without_following(request) -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.headers.get("Location", "")
    except urllib.error.HTTPError as answer:
        with answer:
            return answer.code, answer.headers.get("Location", "")
