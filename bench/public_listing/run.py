"""Measure the public portal against the real server: granian (WSGI, several workers, capped blocking threads,
persistent connections), wrk on loopback at 64 connections; each figure with its ratio to the same server's
minimal Django view (constant JSON through the same middleware: /opendata/ping).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lentera_bench_1m uv run python bench/public_listing/run.py

Needs `wrk` (Debian: apt-get install wrk); without it a small asyncio client (httpx) is used (less exact).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("BENCH_PORT", "28437"))
BASE = f"http://127.0.0.1:{PORT}"


def db_query(sql: str, params=()):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lentera.settings.dev")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def cursor_for(key: int) -> str:
    raw = json.dumps([None, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def scenarios() -> list[tuple[str, list[str]]]:
    rng = random.Random(1)
    total = db_query("SELECT count(*) FROM public_publictender")[0][0]
    deep = db_query(
        "SELECT sort_key FROM public_publictender ORDER BY sort_key DESC LIMIT 1 OFFSET %s",
        [min(2000 * 25 - 1, total - 1)],
    )[0][0]
    real = [r[0] for r in db_query("SELECT code FROM public_publictender WHERE tender_pk IS NOT NULL")]
    agencies = [
        r[0] for r in db_query("SELECT code FROM accounts_agency WHERE code LIKE 'AG%%' ORDER BY code")
    ]
    top = db_query("SELECT max(seq) FROM opendata_release")[0][0]
    words = [
        "jalan",
        "jembatan gantung",
        "puskesmas",
        "obat",
        "irigasi sukamaju",
        "sekolah dasar",
        "drainase",
        "alat kesehatan",
        "kendaraan dinas",
        "pasar tradisional",
    ]
    return [
        ("ceiling: minimal Django view", ["/opendata/ping"]),
        ("home", ["/"]),
        ("search page 1", ["/pengadaan/"]),
        ("listing page 2,000", [f"/pengadaan/?setelah={cursor_for(deep)}"]),
        ("free-text search", [f"/pengadaan/?q={w.replace(' ', '+')}" for w in words]),
        (
            "filtered search",
            [
                f"/pengadaan/?instansi={rng.choice(agencies)}&tahun={rng.randint(2015, 2026)}&metode=TENDER"
                for _ in range(50)
            ],
        ),
        ("tender page", [f"/pengadaan/{code}/" for code in real]),
        (
            "OCDS feed (100 releases)",
            [
                f"/api/v1/opendata/releases?after={rng.randint(0, max(top - 100, 0))}&limit=100"
                for _ in range(50)
            ],
        ),
        ("search API", [f"/api/v1/public/tenders?q={w.replace(' ', '+')}" for w in words]),
    ]


def start_server(workers: int, threads: int, log, cache: bool = True) -> subprocess.Popen:
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"port {PORT} is already in use: set BENCH_PORT")
    static = Path(tempfile.mkdtemp(prefix="lentera-bench-static-"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lentera.settings.production",
        SECRET_KEY="bench-only-" + "x" * 60,
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DB_POOL="1",  # psycopg pool per worker: connections opened ahead, shared by the blocking threads
        DB_POOL_MAX=str(max(2, threads)),
        DB_CONN_MAX_AGE="0",
        STATIC_ROOT=str(static),
        LOG_LEVEL="ERROR",
    )
    if not cache:  # every request renders: no whole-page, search-API or feed-page cache
        env.update(PUBLIC_PAGE_CACHE_SECONDS="0", LENTERA_FEED_CACHE_SECONDS="0")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    cmd = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--host",
        "127.0.0.1",
        "--port",
        str(PORT),
        "--no-ws",
        "lentera.wsgi:application",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    time.sleep(1)
    for _ in range(300):  # workers import Django and every app: allow a minute
        try:
            urllib.request.urlopen(f"{BASE}/opendata/ping", timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit(f"server did not start; see {log.name}")


LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(paths: list[str], seconds: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % ", ".join(json.dumps(p) for p in paths))
        script = fh.name
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "-s",
            script,
            BASE,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0}


async def _client_run(paths: list[str], seconds: int, connections: int) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(i: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=BASE, timeout=10) as client:
            n = i
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                r = await client.get(paths[n % len(paths)])
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code >= 400
                n += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[int(len(latencies) * 0.99)],
        "non2xx": errors,
    }


def measure(paths: list[str], seconds: int, connections: int) -> dict:
    if shutil.which("wrk"):
        return run_wrk(paths, seconds, connections, threads=2)
    return asyncio.run(_client_run(paths, seconds, connections))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=2, help="granian blocking threads per worker (= DB connections)"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="switch off the whole-page, search-API and feed-page caches (every request renders)",
    )
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    plan = scenarios()
    total = db_query("SELECT count(*) FROM public_publictender")[0][0]
    from django.db import connection

    vendor = connection.vendor
    log = open(tempfile.mktemp(prefix="lentera-bench-server-", suffix=".log"), "w")  # noqa: SIM115
    server = start_server(args.workers, args.threads, log, cache=not args.no_cache)
    results = []
    ceiling_paths = plan[0][1]
    try:
        # warm every worker and thread on every scenario first (imports, templates, connections, caches)
        for _name, paths in plan:
            for p in paths[:3]:
                with urllib.request.urlopen(BASE + p, timeout=60) as r:
                    assert r.status == 200, (p, r.status)
            measure(paths, args.warmup, args.connections)
        for name, paths in plan[1:]:
            measure(paths, 2, args.connections)
            # the ceiling is measured right before each scenario: on a shared machine the background load drifts,
            # and each ratio compares two runs a few seconds apart
            ceiling_run = measure(ceiling_paths, args.seconds, args.connections)
            results.append((name, measure(paths, args.seconds, args.connections), ceiling_run))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    ceilings = sorted(c["rps"] for _, _, c in results)
    median = dict(results[len(results) // 2][2], rps=ceilings[len(ceilings) // 2])
    print(
        f"\n{vendor}, {total:,} tenders; granian WSGI {args.workers} workers x {args.threads} blocking threads; "
        f"{'wrk' if shutil.which('wrk') else 'httpx client'} {args.connections} connections, {args.seconds} s each"
    )
    print(
        "page caches OFF: every request renders"
        if args.no_cache
        else "page caches on (15 s whole-page / search-API, full feed pages)"
    )
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ({os.cpu_count()} cores)")
    print(f"{'scenario':<30}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'ceiling':>9}{'ratio':>7}{'errors':>7}")
    print(
        f"{'ceiling: minimal Django view':<30}{median['rps']:>8.0f}{median['p50']:>9.1f}{median['p99']:>9.1f}"
        f"{'median':>9}{1:>7.2f}{0:>7}"
    )
    for name, r, c in results:
        print(
            f"{name:<30}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{c['rps']:>9.0f}"
            f"{(r['rps'] / c['rps'] if c['rps'] else float('nan')):>7.2f}{r['non2xx']:>7}"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"vendor": vendor, "tenders": total, "load": load, "results": results}, indent=1)
        )


if __name__ == "__main__":
    main()
