"""Smoke runs of the benchmarks in bench/ (seconds each), so the scripts never rot. The figures themselves come
from full runs on a quiet machine (docs/benchmarks.md), never from the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_audit_throughput_bench_runs_reconciles_and_verifies_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("the audit benchmark measures PostgreSQL (advisory locks, concurrent commits)")
    params = connection.settings_dict
    server = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    cmd = [
        sys.executable,
        "bench/audit/throughput.py",
        "--pg-url",
        server,
        "--db-name",
        params["NAME"],
        "--reuse",
    ]
    cmd += ["--writers", "4", "--processes", "2", "--seconds", "0.5", "--warmup", "2.5"]
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "lentera.settings.dev"}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "reconcile:" in out.stdout and "verify: True" in out.stdout
    for scenario in ("commit", "serialised", "audit"):
        assert f"  {scenario} " in out.stdout


@pytest.mark.django_db(transaction=True)
def test_public_listing_bench_runs_checks_every_answer_and_its_checkers_can_fail():
    if connection.vendor != "postgresql":
        pytest.skip(
            "the listing benchmark's server reads a database other processes can open (PostgreSQL here)"
        )
    import shutil

    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk; CI installs it)")
    from lentera.public.tests.test_search import _rows

    _rows(40)
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    cmd = [
        sys.executable,
        "bench/public_listing/run.py",
        "--database-url",
        url,
        "--modes",
        "off",
        "--only",
        "rare",
    ]
    cmd += ["--seconds", "1", "--warmup", "1", "--connections", "4"]
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "lentera.settings.dev", "BENCH_PORT": "28491"}
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "self-check: both checkers caught a corrupted expectation" in out.stdout
    assert "every answer checked: right" in out.stdout
    assert "search rare word" in out.stdout and "search two rare words" in out.stdout
