"""Audit throughput: events per second with many concurrent writers, and what the chain lock costs.

    uv run python bench/audit/throughput.py                       # 64 writers (4 processes x 16 threads), 10 s
    uv run python bench/audit/throughput.py --writers 8 --seconds 3

Each scenario runs the same writers against a fresh PostgreSQL database this script creates (bench/common.py):

- ``commit``: each writer's transaction inserts one row of the size of an audit event into a plain table:
  the ceiling, what PostgreSQL and this machine commit per second with that many writers;
- ``serialised``: the same transaction taking one transaction-level advisory lock first, as the audit chain
  does: what serialising every commit costs on its own;
- ``audit``: each transaction appends one event through ``lentera.core.audit.record`` (the real path).

After the audit run the chain is verified and reconciled: the number of events in the database must equal the
number the writers counted as committed, and ``verify_chain`` must pass; otherwise the run fails (exit 1).
Not part of the test suite (a smoke run of seconds is, in lentera/tests/test_bench_smoke.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.common import ROOT, add_database_args, open_database  # noqa: E402

SCENARIOS = ("commit", "serialised", "audit")
PAYLOAD = {"status": "SUBMITTED", "price": "1234567890.00", "note": "x" * 120}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_database_args(p)
    p.add_argument("--writers", type=int, default=64, help="concurrent writers in all")
    p.add_argument("--processes", type=int, default=4, help="worker processes the writers are spread over")
    p.add_argument("--seconds", type=float, default=10.0, help="length of each scenario")
    p.add_argument(
        "--warmup", type=float, default=4.0, help="seconds for the workers to set up before the clock"
    )
    p.add_argument(
        "--worker", nargs=4, metavar=("SCENARIO", "THREADS", "START_AT", "SECONDS"), help=argparse.SUPPRESS
    )
    return p.parse_args(argv)


def _op(scenario: str, i: int) -> None:
    from django.db import connection, transaction

    from lentera.core import audit

    with transaction.atomic():
        if scenario == "audit":
            audit.record(actor=None, action="bench.audit", object_type="bench", object_id=i, after=PAYLOAD)
            return
        with connection.cursor() as cursor:
            if scenario == "serialised":
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x42454E43])
            cursor.execute("INSERT INTO bench_audit_row (payload) VALUES (%s)", [json.dumps(PAYLOAD)])


def worker(scenario: str, threads: int, start_at: float, seconds: float) -> None:
    """One process: `threads` writers looping on the scenario from start_at for `seconds`; prints JSON."""
    import django

    django.setup()
    from django.db import connection

    results: list[tuple[int, list[float]]] = [(0, []) for _ in range(threads)]
    errors: list[str] = []

    def run(slot: int) -> None:
        done, lat = 0, []
        try:
            while time.time() < start_at:
                time.sleep(0.001)
            end = start_at + seconds
            while (t0 := time.perf_counter()) and time.time() < end:
                _op(scenario, slot * 1_000_000 + done)
                lat.append(time.perf_counter() - t0)
                done += 1
        except Exception as exc:  # a failed write fails the run (reported by the parent)
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()
        results[slot] = (done, lat)

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    lat_all = sorted(x for _, lat in results for x in lat)
    print(
        json.dumps(
            {
                "done": sum(d for d, _ in results),
                "lat": lat_all[:: max(1, len(lat_all) // 2000)],
                "errors": errors,
            }
        )
    )


def run_scenario(args: argparse.Namespace, env: dict[str, str], scenario: str) -> dict[str, float]:
    per = [
        args.writers // args.processes + (1 if n < args.writers % args.processes else 0)
        for n in range(args.processes)
    ]
    start_at = time.time() + args.warmup  # every process set up before the clock starts
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", scenario, str(n), str(start_at), str(args.seconds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in per
        if n
    ]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    if any(p.returncode for p in procs) or any(o["errors"] for o in outs):
        raise SystemExit(f"{scenario}: a writer failed: {[o['errors'][:3] for o in outs]}")
    done = sum(o["done"] for o in outs)
    lat = sorted(x for o in outs for x in o["lat"])
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [0.0] * 99
    return {"events": done, "per_s": done / args.seconds, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000}


def main() -> int:
    args = parse_args()
    if args.worker:
        scenario, threads, start_at, seconds = args.worker
        worker(scenario, int(threads), float(start_at), float(seconds))
        return 0
    db = open_database(args, "audit")
    env = os.environ | {
        "DATABASE_URL": db.url,
        "DJANGO_SETTINGS_MODULE": "lentera.settings.dev",
        "DEBUG": "0",
    }
    try:
        import psycopg

        with psycopg.connect(db.url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_audit_row (id bigserial PRIMARY KEY, payload jsonb NOT NULL)"
            )
            before = conn.execute("SELECT count(*) FROM core_auditevent").fetchone()[0]
        print(
            f"audit throughput: {args.writers} writers ({args.processes} processes), {args.seconds:g} s per scenario, database {db.name}"
        )
        figures = {s: run_scenario(args, env, s) for s in SCENARIOS}
        with psycopg.connect(db.url, autocommit=True) as conn:
            after = conn.execute("SELECT count(*) FROM core_auditevent").fetchone()[0]
        os.environ.update(env)
        import django

        django.setup()
        from lentera.core import audit

        result = audit.verify_chain()
        ceiling = figures["commit"]["per_s"] or 1.0
        for s, f in figures.items():
            print(
                f"  {s:<11} {f['events']:>7} events  {f['per_s']:>8.0f}/s  ratio to commit {f['per_s'] / ceiling:5.2f}"
                f"  p50 {f['p50_ms']:6.1f} ms  p99 {f['p99_ms']:7.1f} ms"
            )
        written = after - before
        print(
            f"  reconcile: {written} events in the chain, {figures['audit']['events']} counted by the writers; verify: {result.ok} ({result.checked} checked)"
        )
        with psycopg.connect(db.url, autocommit=True) as conn:
            conn.execute("DROP TABLE bench_audit_row")
        if written != figures["audit"]["events"] or not result.ok:
            print(f"FAIL: chain {result.problem or 'count mismatch'}")
            return 1
        return 0
    finally:
        db.drop()


if __name__ == "__main__":
    sys.exit(main())
