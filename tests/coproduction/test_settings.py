import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coproduction.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3v9-production-like-secret-for-the-deploy-check-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "coproduction.example.org",
    "EMAIL_BACKEND": "smtp",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "River Valley <hello@rivervalley.org.uk>",
    "SMS_BACKEND": "http",
    "SMS_GATEWAY_URL": "https://sms.example.net/messages",
    "PATH": os.environ["PATH"],
}


def settings_variables() -> set[str]:
    """Every environment variable coproduction/settings.py reads through the typed helpers."""
    tree = ast.parse((ROOT / "coproduction" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env_")
        and node.func.id != "env_prefixed"  # a library's own settings: ANYMAIL_*
        and isinstance(node.args[0], ast.Constant)
    }


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_page_cache_refuses_to_start_without_a_shared_cache():
    result = run_manage("check", env={**PRODUCTION_ENV, "PAGE_CACHE": "true"})
    assert result.returncode != 0
    assert "PAGE_CACHE needs REDIS_URL" in result.stderr


def test_the_page_cache_refuses_sessions_it_cannot_check(settings):
    from django.core.exceptions import ImproperlyConfigured

    from coproduction.page_cache import PageCacheMiddleware

    settings.PAGE_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    with pytest.raises(ImproperlyConfigured, match="sessions kept in the default cache"):
        PageCacheMiddleware(lambda request: None)


def test_production_refuses_to_start_without_a_real_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "django-insecure-short"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr

    env.pop("SECRET_KEY")
    assert "Set the environment variable SECRET_KEY" in run_manage("check", env=env).stderr


def test_a_typo_in_a_setting_stops_start_up_loudly():
    result = run_manage("check", env={**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert listed == settings_variables()


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("OFF", False)])
def test_env_bool_reads_yes_and_no(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_a_blank_value_means_the_default(monkeypatch, default):
    """As .env.example has it: PAGE_CACHE= means "on when REDIS_URL is set", not "off"."""
    monkeypatch.setenv("SOME_FLAG", " ")
    monkeypatch.setenv("SOME_NUMBER", "")
    assert env_bool("SOME_FLAG", default) is default
    assert env_int("SOME_NUMBER", 7) == 7
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable SOME_FLAG"):
        env_str("SOME_FLAG")


def test_env_helpers_fail_loudly_on_bad_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_NUMBER", 1, minimum=0)
    monkeypatch.delenv("MISSING_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable MISSING_VALUE"):
        env_str("MISSING_VALUE")
    monkeypatch.setenv("SOME_LIST", "a, b,,c ")
    assert env_list("SOME_LIST") == ["a", "b", "c"]


def test_defaults_are_sqlite_in_process_tasks_and_console_email():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.MAILERS['default']['BACKEND'])"
    )
    env = {
        "DEBUG": "true",
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "coproduction.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_database_url_selects_postgresql_through_psycopg_3():
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://u:p@db.example:5432/name",
        "DJANGO_SETTINGS_MODULE": "coproduction.settings",
    }
    code = "import django; django.setup(); from django.db import connection; print(connection.vendor, connection.Database.__name__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["postgresql", "psycopg"]


def test_every_page_has_a_csp_header_with_a_nonce_that_the_page_uses(client, member, collaboration):
    client.force_login(member)
    response = client.get(f"/c/{collaboration.slug}/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    # The login page, seen before anyone logs in, has it too.
    assert "Content-Security-Policy" in client.get("/accounts/login/code/").headers


def test_htmx_comes_from_this_site_with_eval_disabled(client, member, collaboration):
    client.force_login(member)
    page = client.get(f"/c/{collaboration.slug}/").content.decode()
    assert 'src="/static/django_htmx/htmx-2.min.js"' in page
    assert '"allowEval": false' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def test_blank_values_copied_from_env_example_mean_the_defaults():
    env = {
        "DEBUG": "true",
        "DATABASE_URL": "",
        "MEDIA_ROOT": "",
        "REDIS_URL": "",
        "PATH": os.environ["PATH"],
    }
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.MEDIA_ROOT)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "coproduction.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    engine, media = result.stdout.split()
    assert engine == "django.db.backends.sqlite3" and media == str(ROOT / "media")


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_cached_only_in_a_shared_cache(redis_url, engine):
    env = {
        **PRODUCTION_ENV,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "coproduction.settings",
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == engine
