import json
import os
import subprocess
import sys

import pytest
from django.db import connection

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOOD_KEY = "k" * 20 + "-3f9Qz7Lm2Vx8Rt4Yp1Nw6Bc5Hd0Jg"


def manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "NEWSROOM_ENV"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", NEWSROOM_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = manage(
        "check", NEWSROOM_ENV="production", SECRET_KEY="django-insecure-development-key-never-use-in-production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NEWSROOM_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("CONN_MAX_AGE", "forever"), ("NEWSROOM_ENV", "prod")])
def test_garbage_settings_are_rejected(name, value):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_debug_is_off_unless_asked_for(settings):
    result = manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")  # balancers probe by IP
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert "sessionid" not in response.cookies
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error: OperationalError"


@pytest.mark.django_db
def test_media_is_served_from_the_current_media_root(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "note.txt").write_text("served")
    response = client.get("/media/note.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"served"
