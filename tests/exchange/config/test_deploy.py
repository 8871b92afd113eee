"""Production: `check --deploy` is clean, static files are collected and served by
whitenoise, and gunicorn serves the application (what `make serve` runs)."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def production_env(**extra) -> dict:
    """The environment of a production server, and nothing of this shell's."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "STATIC_", "DJANGO_ALLOW_ASYNC")
        )
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="exchange.example.org",
        DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:////tmp/exchange-deploy.sqlite3"),
    )
    env.update(extra)
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MANAGE, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_reports_nothing_under_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_check_the_production_settings():
    result = manage(
        "check",
        "--deploy",
        env=production_env(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"),
    )
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """`collectstatic` as `make serve` runs it, into a directory of its own."""
    root = tmp_path_factory.mktemp("static")
    result = manage("collectstatic", "--no-input", env=production_env(STATIC_ROOT=str(root)))
    assert result.returncode == 0, result.stderr
    return root


def test_collectstatic_writes_hashed_and_compressed_files(collected):
    manifest = (collected / "staticfiles.json").read_text()
    hashed = re.search(r'"css/app.css": "(css/app\.[0-9a-f]{12}\.css)"', manifest)
    assert hashed
    assert (collected / hashed.group(1)).is_file()
    assert (collected / (hashed.group(1) + ".gz")).is_file()


@pytest.mark.django_db
def test_whitenoise_serves_the_hashed_files_to_be_cached_for_ever(collected, staff_user):
    manifest = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    with override_settings(
        STATIC_ROOT=collected,
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": manifest}},
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
    ):
        client = Client()
        client.force_login(staff_user)
        page = client.get(reverse("dashboard")).content.decode()
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page).group(1)
        response = client.get(stylesheet)
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"/*")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, bytes]:
    # As behind the TLS proxy that production sits behind.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_gunicorn_serves_pages_and_static_files_with_the_production_settings(collected, tmp_path):
    port = free_port()
    env = production_env(
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(collected),
        SECURE_PROXY_SSL_HEADER="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert manage("migrate", "--no-input", env=env).returncode == 0
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "exchange.config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                status, headers, body = fetch(f"{base}/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        assert status == 200
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        stylesheet = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', body).group(1)
        status, headers, _css = fetch(base + stylesheet.decode())
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_wsgi_entry_point_freezes_what_it_loaded_out_of_the_collectors_way():
    script = "import gc, exchange.config.wsgi; print(gc.get_freeze_count())"
    frozen = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert int(frozen.stdout) > 10_000  # Django and the project's modules
