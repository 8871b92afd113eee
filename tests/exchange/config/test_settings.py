"""Settings come from the environment; production refuses to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(env_overrides)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.EXCHANGE_BASE_CURRENCY, settings.DEBUG)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "exchange.config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key_and_reads_the_base_currency():
    result = _check({"DEBUG": "0", "SECRET_KEY": "x" * 50, "EXCHANGE_BASE_CURRENCY": "eur"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["EUR", "False"]


def test_development_has_a_default_key_and_cny_base():
    result = _check({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["CNY", "True"]
