"""`manage.py check --deploy` with the production settings reports nothing."""

from __future__ import annotations

import importlib
import io
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
# Settings that tie a process to its environment (database, files, apps) stay as the test run has them.
KEEP = {"DATABASES", "INSTALLED_APPS", "STORAGES", "CACHES", "TASKS", "LOGGING", "MEDIA_ROOT", "STATIC_ROOT"}


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def _production_settings(monkeypatch) -> dict:
    monkeypatch.setenv("SECRET_KEY", _secret_key())
    monkeypatch.setenv("ALLOWED_HOSTS", "lpse.kabcontoh.go.id")
    monkeypatch.delenv("DEBUG", raising=False)
    sys.modules.pop("lentera.settings.production", None)
    module = importlib.import_module("lentera.settings.production")
    try:
        return {k: getattr(module, k) for k in dir(module) if k.isupper() and k not in KEEP}
    finally:
        sys.modules.pop("lentera.settings.production", None)


def test_check_deploy_with_production_settings_reports_nothing(monkeypatch):
    values = _production_settings(monkeypatch)
    assert values["DEBUG"] is False and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    out, err = io.StringIO(), io.StringIO()
    with override_settings(**values):
        # fail_level=DEBUG: any message at all (even a warning or info) makes this raise.
        call_command("check", deploy=True, fail_level="DEBUG", stdout=out, stderr=err)
    assert "no issues" in out.getvalue()
    assert err.getvalue() == ""


def test_check_deploy_in_a_fresh_process_as_an_operator_runs_it():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST", "DEBUG"))
    }
    env.update(SECRET_KEY=_secret_key(), ALLOWED_HOSTS="lpse.kabcontoh.go.id")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
        + ["--settings=lentera.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("key", ["", "short-key"])
def test_production_refuses_a_missing_or_short_secret_key(monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    sys.modules.pop("lentera.settings.production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("lentera.settings.production")
    sys.modules.pop("lentera.settings.production", None)


def test_check_deploy_would_catch_an_insecure_setting(monkeypatch):
    """The test above is not vacuous: the same check fails when a production setting is weakened."""
    from django.core.management.base import SystemCheckError

    values = _production_settings(monkeypatch) | {"SESSION_COOKIE_SECURE": False}
    with override_settings(**values), pytest.raises(SystemCheckError, match="security.W012"):
        call_command("check", deploy=True, fail_level="WARNING", stdout=io.StringIO())
