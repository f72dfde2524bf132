import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x7#q-production-like-secret-key-for-the-deploy-check-9f2k!m4z",
    "DJANGO_ALLOWED_HOSTS": "fairbid.example,www.fairbid.example",
}


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_stays_clean_behind_a_tls_terminating_proxy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        **PRODUCTION_ENV,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = _manage("check", **env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_local_settings_default_to_sqlite_tuned_for_two_writers():
    from config.settings.base import database_config

    config = database_config("sqlite:////tmp/fairbid-example.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5


def test_unknown_django_env_is_refused():
    result = _manage("check", DJANGO_ENV="staging")

    assert result.returncode != 0
    assert "DJANGO_ENV must be one of" in result.stderr


# Imported in a fresh interpreter where writing a file, making a folder or opening a
# connection fails: loading the settings, the Celery app, every app, model, view and URL
# must do none of these (they happen when a command or a request needs them).
IMPORT_EVERYTHING_READ_ONLY = """
import builtins, io, os, pathlib, socket, sqlite3

def refuse(*args, **kwargs):
    raise AssertionError(f"created or connected on import: {args!r}")

real_open = builtins.open

def open_for_reading(file, mode="r", *args, **kwargs):
    if set(mode) & set("wax+"):
        refuse(file, mode)
    return real_open(file, mode, *args, **kwargs)

builtins.open = io.open = open_for_reading
pathlib.Path.mkdir = pathlib.Path.touch = refuse
os.mkdir = os.makedirs = refuse
socket.socket.connect = socket.create_connection = refuse
sqlite3.connect = refuse

import config.wsgi
import config.urls
"""


@pytest.mark.parametrize("environment", ["local", "production"])
def test_loading_the_project_creates_no_file_and_opens_no_connection(tmp_path, environment):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    settings = PRODUCTION_ENV if environment == "production" else {"DJANGO_ENV": "local"}

    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING_READ_ONLY],
        cwd=ROOT,
        env={
            **base,
            **settings,
            "PYTHONDONTWRITEBYTECODE": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fairbid.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


PAGES_WITH_POLICY = ["/accounts/login/", "/admin/login/", "/api/docs/"]
# Asked in production mode, over HTTPS, by a visitor without a session (no database needed);
# static files are named as before collectstatic, which has not run here.
PRODUCTION_POLICIES = """
from django.conf import settings
from django.test import Client, override_settings

plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
client = Client(HTTP_HOST="fairbid.example")
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    for path in PATHS:
        response = client.get(path, secure=True)
        print(path, response["Content-Security-Policy"])
"""


def test_production_pages_carry_the_strict_content_security_policy(tmp_path):
    result = _manage(
        "shell",
        "-c",
        f"PATHS = {PAGES_WITH_POLICY!r}\n{PRODUCTION_POLICIES}",
        **PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("/")]
    assert [line.split()[0] for line in lines] == [
        "/accounts/login/",
        "/admin/login/",
        "/api/docs/",
    ]
    for line in lines:
        directives = set(line.split(" ", 1)[1].split("; "))
        assert {
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
        } <= directives
        assert "unsafe-inline" not in line
