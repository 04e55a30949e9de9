"""docker-compose.yml as compose reads it: each service's environment from its env_file and
its `environment`, with ${VAR}, ${VAR:-default} and ${VAR:?error} filled in from .env.

No Docker engine runs here, so the tests start the same commands with the same environment
on this machine instead; the stack's own services (db, redis) are reached on 127.0.0.1.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = {name: s for name, s in SERVICES.items() if "build" in s}

_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)")


class MissingVariable(Exception):
    pass


def dotenv(text: str) -> dict[str, str]:
    """A .env file as compose's env_file reads it: NAME=value lines, # comments."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def interpolate(value, variables: dict[str, str]):
    """Compose's interpolation of a value from the compose file."""
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        operator, argument = match.group(2), match.group(3)
        given = variables.get(name)
        unset_or_empty = not given
        if operator in (":?", "?") and (given is None or (operator == ":?" and unset_or_empty)):
            raise MissingVariable(argument or f"{name} is not set")
        if operator in (":-", "-") and (given is None or (operator == ":-" and unset_or_empty)):
            return argument
        return given or ""

    return _VARIABLE.sub(substitute, value)


def service_environment(name: str, env_file_text: str) -> dict[str, str]:
    """What the container of service `name` gets: env_file, then `environment` on top."""
    service = SERVICES[name]
    variables = dotenv(env_file_text)  # compose interpolates from .env in the project folder
    environment = {}
    for env_file in service.get("env_file", []):
        path = env_file["path"] if isinstance(env_file, dict) else env_file
        assert path == ".env", "the tests read .env.example as the operator's .env"
        environment.update(dotenv(env_file_text))
    for key, value in interpolate(service.get("environment", {}), variables).items():
        environment[key] = "" if value is None else str(value)
    return environment


def service_command(name: str, env_file_text: str) -> list[str]:
    return interpolate(SERVICES[name]["command"], dotenv(env_file_text))


def healthcheck(name: str, env_file_text: str) -> list[str]:
    return interpolate(SERVICES[name]["healthcheck"]["test"], dotenv(env_file_text))


def operator_env_file(**values: str) -> str:
    """.env.example with the values an operator fills in before `docker compose up`."""
    text = (ROOT / ".env.example").read_text()
    for name, value in values.items():
        text, found = re.subn(rf"(?m)^{name}=.*$", f"{name}={value}", text)
        assert found == 1, name
    return text
