"""Production settings pass Django's deployment checks, and fail loudly when misconfigured."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# set by the test setup (the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE); a server has none
TEST_ONLY_VARS = {"UNIONHUB_TESTING", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "HTTPS"}


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def random_key():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def test_check_deploy_passes_with_production_settings():
    result = run_check(DEBUG="0", HTTPS="1", SECRET_KEY=random_key(), ALLOWED_HOSTS="x")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https_settings():
    result = run_check(DEBUG="0", SECRET_KEY=random_key(), ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS without HTTPS=1


def test_production_refuses_to_start_without_secret_key():
    result = run_check(DEBUG="0", HTTPS="1", SECRET_KEY="", ALLOWED_HOSTS="x")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_serving_refuses_to_start_without_secret_key():
    """gunicorn loads unionhub.wsgi: with DEBUG off and no key, the app must not start."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS | {"SECRET_KEY"}}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "-c", "import unionhub.wsgi"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "生产环境必须设置 SECRET_KEY" in result.stderr


def test_offline_commands_run_without_secret_key():
    """migrate / makemigrations / backup need no key: they sign nothing a browser keeps."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS | {"SECRET_KEY"}}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
