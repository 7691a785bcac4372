"""The processes of the cluster test and their clean-up: a PostgreSQL database, moto's S3 server, granian app
servers, nginx and a task worker, each in its own process group under one temporary folder.

Everything started is registered in :class:`Stack`; :meth:`Stack.close` stops every process (SIGTERM, then
SIGKILL), drops the database and removes the folder, whatever happened before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
BIN = Path(sys.executable).parent
NGINX = os.environ.get("LENTERA_NGINX", "/usr/sbin/nginx")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group (granian's main process and its workers): a crashed machine."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)


class StackError(RuntimeError):
    pass


class Stack:
    def __init__(self, keep: bool = False) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="lentera-cluster-"))
        # nginx's workers run as another user when it is started as root: they must reach their temp folders
        self.dir.chmod(0o711)
        self.keep = keep  # keep the folder (logs) after the run
        self.procs: list[Proc] = []
        self.database: str | None = None

    # ------------------------------------------------------------------ processes

    def spawn(self, name: str, cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> Proc:
        log = self.dir / f"{name}.log"
        with open(log, "wb") as out:
            popen = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def wait_until(self, proc: Proc, ready: Callable[[], bool], timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not proc.alive():
                raise StackError(f"{proc.name} exited ({proc.popen.returncode}):\n{proc.tail()}")
            with contextlib.suppress(Exception):
                if ready():
                    return
            time.sleep(0.2)
        raise StackError(f"{proc.name} not ready after {timeout:.0f} s:\n{proc.tail()}")

    def run(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        """A one-off command (migrate, collectstatic, ...) in the background; see :meth:`finish`."""
        return self.spawn(name, cmd, env).popen

    def finish(self, name: str, popen: subprocess.Popen, timeout: float = 300.0) -> None:
        rc = popen.wait(timeout=timeout)
        if rc != 0:
            proc = next(p for p in self.procs if p.popen is popen)
            raise StackError(f"{name} failed (exit {rc}):\n{proc.tail()}")

    # ------------------------------------------------------------------ database

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.database = name
        return f"{PG}/{name}"

    def drop_database(self) -> None:
        if not self.database:
            return
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid()",
                [self.database],
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
        self.database = None

    # ------------------------------------------------------------------ clean-up

    def close(self) -> list[str]:
        """Stop everything, drop the database, remove the folder; returns what could not be cleaned."""
        problems = []
        for proc in reversed(self.procs):
            if proc.alive():
                proc.kill_group(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in reversed(self.procs):
            try:
                proc.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill_group(signal.SIGKILL)
                proc.popen.wait(timeout=10)
            proc.kill_group(signal.SIGKILL)  # workers left behind by a main process that exited
        try:
            self.drop_database()
        except Exception as exc:  # noqa: BLE001 - reported, the rest is still cleaned
            problems.append(f"database {self.database}: {exc}")
        if self.keep:
            problems.append(f"kept {self.dir} (--keep)")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
        return problems
