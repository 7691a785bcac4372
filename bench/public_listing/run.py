"""Measure the public portal on its real path: granian (WSGI, production settings), wrk with a Lua query mix on
loopback at 64 connections, every scenario with the page caches OFF (the headline: every request renders) and
then ON; each figure beside the same server's minimal Django view (constant JSON through the same middleware,
/opendata/ping) measured right before it.

Every answer is checked. Before and after the load each request of the mix is fetched once and compared with a
direct SQL query (mix.Oracle: the row count and the codes in order); under load wrk's Lua checks every response's
status and that it carries the expected first row (or the "nothing found" line). Any wrong answer fails the run
(exit status 1) after the table is printed.

    uv run python bench/public_listing/run.py --database-url postgres://postgres@127.0.0.1:5432/lentera_bench_1m \\
        --label 1m --json var/bench-1m.json
    uv run python bench/public_listing/run.py --compare var/bench-10k.json var/bench-100k.json var/bench-1m.json

The database is only read, never created or dropped (bench/public_listing/generate.py makes it). Needs `wrk`
(Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "28437"))
BASE = f"http://127.0.0.1:{PORT}"
CEILING = "/opendata/ping"


def setup_django(database_url: str):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lentera.settings.dev")
    import django

    django.setup()
    from django.db import connection

    return connection


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
paths = {%(paths)s}
markers = {%(markers)s}
counter = 0
wrong = 0
checked = 0
example = ""
threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
pending = 1
request = function()
  counter = counter + 1
  pending = (counter %% #paths) + 1
  return wrk.format("GET", paths[pending])
end
-- one connection per wrk thread (-t = -c): one request in flight per thread, so a response answers the request
-- made last (`pending`, also right when a connection is reopened and its request made again)
response = function(status, headers, body)
  local marker = markers[pending]
  checked = checked + 1
  if status ~= 200 or (marker ~= "" and not string.find(body, marker, 1, true)) then
    wrong = wrong + 1
    if example == "" then example = status .. " " .. marker end
  end
end
done = function(summary, latency, requests)
  local w, c, e = 0, 0, ""
  for _, t in ipairs(threads) do
    w = w + t:get("wrong")
    c = c + t:get("checked")
    if e == "" then e = t:get("example") end
  end
  io.write(string.format("LENTERA checked=%%d wrong=%%d\\n", c, w))
  io.write("LENTERA example=" .. e .. "\\n")
end
"""


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(paths: list[str], markers: list[str], seconds: float, connections: int) -> dict:
    """One wrk run with one connection per wrk thread: each thread has its own script state and one request in
    flight, so its n-th response answers its n-th request and can be checked against that request's marker."""
    threads = connections
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(
            LUA
            % {
                "paths": ", ".join(json.dumps(p) for p in paths),
                "markers": ", ".join(json.dumps(m) for m in markers),
            }
        )
        script = fh.name
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{max(1, round(seconds))}s",
                "--latency",
                "-s",
                script,
            ]
            + [BASE],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    checked = re.search(r"LENTERA checked=(\d+) wrong=(\d+)", out)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "checked": int(checked.group(1)),
        "wrong": int(checked.group(2)),
        "example": (re.search(r"LENTERA example=(.*)", out) or re.search("()", "")).group(1),
        "errors_line": socket_errors.group(0) if socket_errors else "",
    }


def fetch(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(BASE + path, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def verify(plan, label: str) -> list[str]:
    """Fetch every request of the mix once; compare with the oracle; the markers must be in the right answers."""
    from mix import check, lua_marker

    wrong = []
    for scenario in plan:
        for request in scenario.requests:
            status, body = fetch(request.path)
            problem = check(request, status, body)
            marker = lua_marker(request)
            if not problem and marker and marker not in body:
                problem = f"marker {marker!r} missing from a right answer (the Lua check would misfire)"
            if problem:
                wrong.append(f"{label}: {scenario.name}: {request.path}: {problem}")
    return wrong


def run_mode(plan, full_plan, args, cache: bool, log) -> tuple[list[dict], list[str]]:
    from mix import lua_marker

    mode = "cache on" if cache else "cache off"
    server = start_server(args.workers, args.threads, log, cache=cache)
    results, wrong = [], []
    try:
        wrong += verify(plan, f"{mode}, before the load")
        # warm every worker and thread on every scenario (imports, templates, connections; caches when on)
        measure_run([CEILING], [""], args.warmup, args.connections)
        for scenario in plan:
            paths = [r.path for r in scenario.requests]
            measure_run(paths, [lua_marker(r) for r in scenario.requests], args.warmup, args.connections)
        for scenario in plan:
            paths = [r.path for r in scenario.requests]
            markers = [lua_marker(r) for r in scenario.requests]
            # the ceiling right before each scenario: on a shared machine the background load drifts, and each
            # ratio compares two runs seconds apart
            ceiling = measure_run([CEILING], [""], args.seconds, args.connections)
            run = measure_run(paths, markers, args.seconds, args.connections)
            bad = run["wrong"] + run["non2xx"] + run["socket_errors"] + ceiling["wrong"]
            if bad:
                wrong.append(
                    f"{mode}: {scenario.name}: {bad} wrong or failed responses under load "
                    f"(non-2xx {run['non2xx']}, {run['errors_line'] or 'no socket errors'}; e.g. {run['example']})"
                )
            results.append({"scenario": scenario.name, "mode": mode, "run": run, "ceiling": ceiling})
            print(
                f"  {mode:<10}{scenario.name:<30}{run['rps']:>8.0f} req/s  p99 {run['p99']:.0f} ms",
                flush=True,
            )
        wrong += verify(plan, f"{mode}, after the load")
        wrong += self_check(full_plan, args.connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    return results, wrong


def self_check(plan, connections: int) -> list[str]:
    """The checkers must be able to fail: one request's expectation is corrupted (a row that does not exist put first, so its marker
    is absent too) and both the fetch check and wrk's Lua check must report it; if either does not, the run fails."""
    import copy

    from mix import Expected, check, lua_marker

    request = next((r for s in plan for r in s.requests if r.expected and r.expected.codes), None)
    if request is None:
        return ["self-check: no request with rows to corrupt (database empty?)"]
    bad = copy.copy(request)
    bad.expected = Expected(codes=["NO-SUCH-CODE", *request.expected.codes[:-1]])
    status, body = fetch(bad.path)
    problems = []
    if not check(bad, status, body):
        problems.append("self-check: the fetch check accepted a wrong expectation")
    run = run_wrk([bad.path], [lua_marker(bad)], 1, min(connections, 4))
    if run["wrong"] == 0 or run["wrong"] != run["checked"]:
        problems.append(
            f"self-check: wrk's Lua check missed a wrong marker ({run['wrong']} of {run['checked']})"
        )
    if not problems:
        print(
            f"  self-check: both checkers caught a corrupted expectation ({run['checked']} responses)",
            flush=True,
        )
    return problems


def measure_run(paths, markers, seconds, connections) -> dict:
    return run_wrk(paths, markers, seconds, connections)


GOALS = {"list": 0.30, "search": 0.20}  # of the ceiling, uncached (issue #19); p99 < 150 ms at 64 connections


def print_table(results: list[dict], header: str) -> None:
    print(header)
    print(
        f"{'scenario':<30}{'mode':<11}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'ceiling':>9}{'ratio':>7}{'checked':>9}"
    )
    for r in results:
        run, ceiling = r["run"], r["ceiling"]
        ratio = run["rps"] / ceiling["rps"] if ceiling["rps"] else float("nan")
        r["ratio"] = ratio
        print(
            f"{r['scenario']:<30}{r['mode']:<11}{run['rps']:>8.0f}{run['p50']:>9.1f}{run['p99']:>9.1f}"
            f"{ceiling['rps']:>9.0f}{ratio:>7.2f}{run['checked']:>9}"
        )
    print("goals, cache off (list >= 0.30 of the ceiling, search >= 0.20, p99 < 150 ms):")
    for r in results:
        if r["mode"] != "cache off":
            continue
        kind = "search" if "search" in r["scenario"] else "list" if "list" in r["scenario"] else ""
        if not kind:
            continue
        ok = r["ratio"] >= GOALS[kind] and r["run"]["p99"] < 150
        print(
            f"  {'met ' if ok else 'MISSED'} {r['scenario']}: ratio {r['ratio']:.2f}, p99 {r['run']['p99']:.0f} ms"
        )


def compare(files: list[str]) -> None:
    """The same scenarios at several scales: each run's req/s and p50, and the last / first ratio of the time
    per request (1M / 10k when given in that order; goal <= 1.2)."""
    runs = [json.loads(Path(f).read_text()) for f in files]
    labels = [r.get("label") or f"{r['tenders']:,}" for r in runs]
    print(
        f"{'scenario':<30}{'mode':<11}" + "".join(f"{label:>16}" for label in labels) + f"{'last/first':>12}"
    )
    keyed = [{(x["scenario"], x["mode"]): x for x in r["results"]} for r in runs]
    for key in keyed[0]:
        cells = [k.get(key) for k in keyed]
        if any(c is None for c in cells):
            continue
        row = "".join(f"{c['run']['rps']:>8.0f}/{c['run']['p50']:>6.1f}ms" for c in cells)
        slower = cells[0]["run"]["rps"] / cells[-1]["run"]["rps"] if cells[-1]["run"]["rps"] else float("nan")
        flag = "" if slower <= 1.2 else "  > 1.2"
        print(f"{key[0]:<30}{key[1]:<11}{row}{slower:>11.2f}x{flag}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=2, help="granian blocking threads per worker (DB conns)"
    )
    parser.add_argument("--modes", default="off,on", help="cache modes to run: off,on")
    parser.add_argument("--only", default="", help="run only the scenarios whose name contains this")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", help="write the results here too (for --compare)")
    parser.add_argument("--compare", nargs="+", help="print the scale comparison of earlier --json results")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare)
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    connection = setup_django(args.database_url)
    sys.path.insert(0, str(Path(__file__).parent))
    import mix

    plan = full_plan = mix.build(mix.Oracle(connection))
    if args.only:
        plan = [s for s in plan if args.only in s.name]
    total = mix.Oracle(connection).scalar_list("SELECT count(*) FROM public_publictender")[0]
    vendor = connection.vendor
    connection.close()
    log = open(tempfile.mktemp(prefix="lentera-bench-server-", suffix=".log"), "w")  # noqa: SIM115
    results, wrong = [], []
    started = time.monotonic()
    for mode in args.modes.split(","):
        r, w = run_mode(plan, full_plan, args, cache=mode.strip() == "on", log=log)
        results += r
        wrong += w
    load = os.getloadavg()
    requests = sum(len(s.requests) for s in plan)
    print_table(
        results,
        f"\n{vendor}, {total:,} tenders; granian WSGI {args.workers} workers x {args.threads} blocking threads; wrk "
        f"{args.connections} connections, {args.seconds:g} s each; {len(plan)} scenarios, {requests} distinct "
        f"requests, each checked against the database before and after the load\n"
        f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ({os.cpu_count()} cores); "
        f"{time.monotonic() - started:.0f} s",
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"label": args.label, "vendor": vendor, "tenders": total, "load": load, "results": results},
                indent=1,
            )
        )
    if wrong:
        print(f"\nWRONG ANSWERS ({len(wrong)}):", *wrong[:40], sep="\n  ")
        raise SystemExit(1)
    print("every answer checked: right")


if __name__ == "__main__":
    main()
