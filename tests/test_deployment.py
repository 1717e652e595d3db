"""The production configuration: Django's deployment checks, the settings' refusals, the
compose stack and the gunicorn settings the image runs with."""

import os
import runpy
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
PRODUCTION_HOST = "inspections.example.gov.uk"

# Everything the settings or the compose file read; each test states its own values.
CONFIG_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL", "REDIS_URL", "VAR_DIR", "MEDIA_ROOT", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "POSTGRES_PASSWORD", "COMPOSE_FILE", "HOST_PORT", "SERVICE_URL",
    "SESSION_IDLE_SECONDS", "SESSION_ABSOLUTE_SECONDS", "SESSION_WARNING_SECONDS",
    "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "CLAMD_SOCKET", "CLAMD_HOST",
}


def clean_env(**values: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_VARIABLES}
    return {**env, **values}


def production_env(tmp_path: Path, **values: str) -> dict[str, str]:
    return clean_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        ALLOWED_HOSTS=PRODUCTION_HOST,
        # Nothing listens on port 9: any attempt to connect to either fails.
        DATABASE_URL="postgres://send_inspections@127.0.0.1:9/send_inspections",
        REDIS_URL="redis://127.0.0.1:9/0",
        # A directory that does not exist: nothing may be written under var/.
        VAR_DIR=str(tmp_path / "absent"),
        **values,
    )


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_deploy_checks_pass_with_production_settings(tmp_path):
    # The database and Redis are unreachable: the checks must not need either.
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRINT_BROWSER_POLICY = """
import django
django.setup()
from csp.utils import build_policy
from django.conf import settings
print(build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], nonce="N"))
print(settings.SESSION_COOKIE_AGE, settings.SESSION_ABSOLUTE_SECONDS,
      settings.SESSION_WARNING_SECONDS)
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)
print(" ".join(settings.MIDDLEWARE))
"""


def test_production_sends_the_browser_policy_and_ends_sessions(tmp_path):
    result = run([sys.executable, "-c", PRINT_BROWSER_POLICY],
                 production_env(tmp_path, SESSION_ABSOLUTE_SECONDS="28800"))

    assert result.returncode == 0, result.stderr
    policy, lifetimes, secure, middleware = result.stdout.splitlines()
    for directive in ["default-src 'self'", "script-src 'self' 'nonce-N'", "style-src 'self'",
                      "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "form-action 'self'"]:
        assert directive in policy.split("; "), policy
    assert "unsafe" not in policy
    assert lifetimes == "1800 28800 120"  # the absolute lifetime from the environment
    assert secure == "True True True"
    for name in ["csp.middleware.CSPMiddleware", "config.headers.PermissionsPolicyMiddleware",
                 "config.headers.NoStoreMiddleware",
                 "accounts.session_lifetime.AbsoluteSessionLifetimeMiddleware"]:
        assert name in middleware.split(), name


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_settings_refuse_to_load_without(missing, tmp_path):
    env = production_env(tmp_path)
    del env[missing]

    result = run([sys.executable, "-c", "import config.settings"], env)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set when DEBUG is off" in result.stderr


def docker_compose(*args: str, **values: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed: docker-compose.yml was NOT validated")
    return run([binary, "--file", str(COMPOSE_FILE), *args], clean_env(**values))


COMPOSE_REQUIRED = {
    "SECRET_KEY": "x" * 60,
    "POSTGRES_PASSWORD": "compose-check",
    "ALLOWED_HOSTS": PRODUCTION_HOST,
    "S3_ACCESS_KEY_ID": "compose-check",
    "S3_SECRET_ACCESS_KEY": "compose-check-secret",
}


def test_compose_file_is_valid():
    result = docker_compose("config", "--quiet", **COMPOSE_REQUIRED)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("required", sorted(COMPOSE_REQUIRED))
def test_compose_file_requires(required):
    values = {name: value for name, value in COMPOSE_REQUIRED.items() if name != required}

    result = docker_compose("config", "--quiet", **values)

    assert result.returncode != 0
    assert f"set {required}" in result.stderr


def compose_services() -> dict[str, str]:
    """Each service's part of the resolved compose config, by name."""
    names = docker_compose("config", "--services", **COMPOSE_REQUIRED).stdout.split()
    config = docker_compose("config", **COMPOSE_REQUIRED).stdout
    services = ("\n" + config).split("\nservices:\n", 1)[1]
    blocks: dict[str, list[str]] = {}
    current: list[str] = []
    for line in services.splitlines():
        if not line.startswith("  "):  # the next top-level key: services have ended
            break
        if not line.startswith("   "):  # "  name:" starts a service
            current = blocks.setdefault(line.strip().rstrip(":"), [])
        current.append(line)
    assert sorted(blocks) == sorted(names)
    return {name: "\n".join(lines) for name, lines in blocks.items()}


def test_long_running_compose_services_have_health_checks():
    services = compose_services()

    for name in ["web", "worker", "beat", "postgres", "redis"]:
        assert name in services, f"no {name} service"
        assert "\n    healthcheck:\n" in services[name], f"{name} has no health check"
        assert "- NONE" not in services[name], f"{name}'s health check is disabled"


def test_app_services_wait_for_migrations():
    services = compose_services()

    assert "command: python manage.py migrate" in services["migrate"]
    for name in ["web", "worker", "beat"]:
        block = services[name]
        assert "\n      migrate:\n        condition: service_completed_successfully" in block, name


def test_gunicorn_listens_on_every_interface_and_trusts_the_configured_proxy(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")

    settings = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))

    assert settings["bind"] == "0.0.0.0:8000"  # noqa: S104
    assert settings["forwarded_allow_ips"] == "10.0.0.2"
