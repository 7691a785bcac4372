"""`./lentera.sh run` as a newcomer meets it (#12 §4): a busy port is named before anything is installed or
migrated, and the start-up output is a short summary, not a line per migration."""

from __future__ import annotations

import io
import os
import socket
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


def _listening_socket() -> socket.socket:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    return s


@pytest.mark.parametrize("how", ["flag", "env"])
def test_run_says_when_the_port_is_busy(how, tmp_path):
    s = _listening_socket()
    port = s.getsockname()[1]
    env = {**os.environ, "LENTERA_VAR_DIR": str(tmp_path)}
    args = ["bash", str(ROOT / "lentera.sh"), "run"]
    if how == "flag":
        args += ["--port", str(port)]
    else:
        env["LENTERA_PORT"] = str(port)
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, check=False)
    finally:
        s.close()
    assert done.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port 8001" in done.stderr
    assert not (tmp_path / "lentera.sqlite3").exists()  # refused before migrating anything


def test_run_refuses_a_port_that_is_not_a_number(tmp_path):
    env = {**os.environ, "LENTERA_VAR_DIR": str(tmp_path)}
    args = ["bash", str(ROOT / "lentera.sh"), "run", "--port", "80x"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "must be a number" in done.stderr


@pytest.mark.django_db
def test_demo_load_output_is_a_short_summary():
    out = io.StringIO()
    call_command("demo_load", "--migrate", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0] == "» database: up to date"
    assert not any(line.startswith("  Applying") or line.strip() == "OK" for line in lines)
    assert "Demo logins (password for all:" in text
    assert len(lines) < 45


def test_quiet_migrate_reports_progress_on_one_line():
    from lentera.core.management.commands.demo_load import _QuietMigrate

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    from django.core.management.base import OutputWrapper

    out = OutputWrapper(Tty())
    command = _QuietMigrate(total=3, out=out)
    for _ in range(3):
        command.migration_progress_callback("apply_success")
    written = out._out.getvalue()
    assert "\n" not in written and written.endswith("applying migrations 3/3")
