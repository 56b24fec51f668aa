"""The site's public address follows where `make run` serves it: canonical links, feeds,
sitemaps, share links and the printed admin link all use ``SITE_URL``."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_venv(tmp_path):
    """A virtualenv whose python only records the SITE_URL it was run with and its arguments."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text('#!/bin/sh\necho "$SITE_URL $*" >> "$FAKE_LOG"\n')
    python.chmod(0o755)
    (tmp_path / "venv" / ".installed").touch()  # newer than pyproject.toml: nothing to install
    return tmp_path / "venv"


def make_run(venv, tmp_path, *args, env=None):
    log = tmp_path / "commands.log"
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"FAKE_LOG": str(log)} | (env or {})
    subprocess.run(["make", "-s", "run", f"VENV={venv}", *args], cwd=ROOT, env=environ, check=True, capture_output=True)
    return [line.split(" ", 1) for line in log.read_text().splitlines()]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_on_another_port_gives_every_command_that_address(fake_venv, tmp_path):
    commands = make_run(fake_venv, tmp_path, "PORT=8101")
    assert [c for _, c in commands][-1] == "manage.py runserver 127.0.0.1:8101"
    assert {url for url, _ in commands} == {"http://127.0.0.1:8101"}


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_a_given_site_url_wins(fake_venv, tmp_path):
    commands = make_run(fake_venv, tmp_path, "PORT=8101", env={"SITE_URL": "https://news.example"})
    assert {url for url, _ in commands} == {"https://news.example"}


@pytest.mark.django_db
def test_demo_login_prints_the_admin_on_the_site_address(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    out = StringIO()
    call_command("demo_login", stdout=out)
    assert "admin at http://127.0.0.1:8101/admin/" in out.getvalue()
