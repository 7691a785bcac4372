"""Bid rush: N providers each upload a sealed bid in the last minute before the deadline, against the real server.

Run from the repository root (PostgreSQL on 127.0.0.1:5432, user postgres):

    uv run python bench/bid_rush/bid_rush.py                 # 300 providers x 5 MB, 2 granian workers
    uv run python bench/bid_rush/bid_rush.py --providers 50  # smaller

It (1) recreates the database ``lentera_bench`` and migrates it, (2) creates a Pokja with opening keys, a tender
with sealed envelopes and N registered, verified providers with API tokens, (3) measures this machine's raw
fsync write throughput into the same folder the sealed bids go to, (4) starts granian (WSGI, several workers),
(5) sets the bid deadline ~75 s ahead and lets every provider upload its 5 MB bid in 1 MiB resumable chunks and
commit it during the last minute (a few deliberately start too late), then (6) checks every receipt offline
against the published key and every sealed segment on disk against its receipt hash, and prints the figures.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "bid_rush"
DB_NAME = "lentera_bench"
PG = "postgres://postgres@127.0.0.1:5432"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--providers", type=int, default=300)
    p.add_argument("--size-mb", type=float, default=5.0, help="bid size per provider (MB, 10^6 bytes)")
    p.add_argument("--chunk-mb", type=float, default=4.0, help="resumable chunk size (MiB; the page uses 4)")
    p.add_argument("--workers", type=int, default=2, help="granian worker processes")
    p.add_argument("--threads", type=int, default=8, help="granian blocking threads per worker")
    p.add_argument(
        "--deadline-in", type=float, default=75.0, help="seconds from the start of the rush to the deadline"
    )
    p.add_argument(
        "--window", type=float, default=60.0, help="providers start within this many seconds before it"
    )
    p.add_argument(
        "--late", type=float, default=0.03, help="fraction of providers that start too late on purpose"
    )
    p.add_argument("--port", type=int, default=18765)
    p.add_argument(
        "--fsync-files", type=int, default=40, help="5 MB files written for the raw fsync baseline"
    )
    return p.parse_args()


# ------------------------------------------------------------------ environment and database


def bench_env(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lentera.settings.dev",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "DB_CONN_MAX_AGE": "60",
            "LENTERA_VAR_DIR": str(OUT / "var"),
            "MEDIA_ROOT": str(OUT / "media"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def recreate_database(env) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [DB_NAME],
        )
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def django_setup(env) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class World:
    tender_id: int
    tokens: list[str]
    provider_ids: list[int]
    member_ids: list[int] = field(default_factory=list)


#: The opening passphrase of every Pokja member build_world makes.
PASSPHRASE = "Bench-Buka-Sampul-2026"


def build_world(n: int) -> World:
    """Pokja with opening keys, a ONE_FILE tender with envelopes, n verified, registered providers + tokens."""
    from django.utils import timezone

    from lentera.accounts.models import RoleAssignment, User, WorkUnit
    from lentera.accounts.services import token_create
    from lentera.accounts.services.tokens import Credential
    from lentera.accounts.tests.factories import AgencyFactory, WorkUnitFactory, user_with_role
    from lentera.bidding.services import opening_key_set, tender_keys_create
    from lentera.core.roles import Role
    from lentera.planning.models import FundingSource, Method, Package, Pokja, PokjaMember, ProcurementType
    from lentera.providers.models import Provider
    from lentera.tendering.enums import Envelope, Stage, TenderStatus
    from lentera.tendering.models import ScheduleEntry, Tender, TenderRegistration

    now = timezone.now()
    agency = AgencyFactory(code="BENCH")
    ukpbj = WorkUnitFactory(agency=agency, kind=WorkUnit.Kind.UKPBJ, code="BENCH-UKPBJ")
    head = user_with_role(Role.KEPALA_UKPBJ, work_unit=ukpbj)
    pokja = Pokja.objects.create(
        ukpbj=ukpbj, name="Pokja Bench", decree_number="SK/BENCH", decree_date=now.date(), formed_by=head
    )
    members = []
    for i in range(3):
        user = user_with_role(Role.POKJA, work_unit=ukpbj)
        PokjaMember.objects.create(pokja=pokja, user=user, qualification="PENGELOLA_PBJ", is_chair=i == 0)
        opening_key_set(actor=user, passphrase=PASSPHRASE, passphrase_confirm=PASSPHRASE)
        members.append(user)
    satker = WorkUnitFactory(agency=agency, code="BENCH-SATKER")
    ppk = user_with_role(Role.PPK, work_unit=satker)
    package = Package.objects.create(
        code="PKT-BENCH",
        name="Paket bench",
        work_unit=satker,
        ppk=ppk,
        fiscal_year=now.year,
        procurement_type=ProcurementType.GOODS,
        method=Method.TENDER,
        funding_source=FundingSource.APBD,
        pagu=10_000_000_000,
        hps_total=9_000_000_000,
        pokja=pokja,
    )
    tender = Tender.objects.create(
        package=package,
        code="T-BENCH",
        title="Tender bench: bid rush",
        method=Method.TENDER,
        procurement_type=ProcurementType.GOODS,
        envelope=Envelope.ONE_FILE,
        status=TenderStatus.ANNOUNCED,
        hps_total=9_000_000_000,
        pagu=10_000_000_000,
        pokja=pokja,
        created_by=members[0],
        announced_at=now,
    )
    h = dt.timedelta(hours=1)
    far = now + 24 * h
    for pos, (stage, start, end) in enumerate(
        [
            (Stage.ANNOUNCEMENT, now - 10 * h, now - 9 * h),
            (Stage.DOCUMENT_DOWNLOAD, now - 9 * h, now - 8 * h),
            (Stage.EXPLANATION, now - 8 * h, now - 7 * h),
            (Stage.BID_UPLOAD, now - 7 * h, far),
            (Stage.OPENING, far, far + 2 * h),
            (Stage.EVALUATION, far + 2 * h, far + 30 * h),
        ]
    ):
        ScheduleEntry.objects.create(tender=tender, stage=stage, position=pos, starts_at=start, ends_at=end)
    tender_keys_create(actor=members[0], tender=tender)
    tokens, provider_ids = [], []
    for i in range(n):
        user = User.objects.create_user(
            user_id=f"bench{i:05d}",
            email=f"bench{i}@example.id",
            password=None,
            full_name=f"Penyedia Bench {i}",
        )
        RoleAssignment.objects.create(user=user, role=Role.PENYEDIA, starts_on=dt.date(2020, 1, 1))
        provider = Provider.objects.create(
            npwp=f"9{i:014d}",
            name=f"PT Bench {i}",
            business_form=Provider.BusinessForm.PT,
            account=user,
            status=Provider.Status.VERIFIED,
            verified_at=now,
        )
        TenderRegistration.objects.create(
            tender=tender, provider=provider, registered_by=user, registered_at=now
        )
        # as the provider would in its browser session after the second factor; "act": it submits bids
        _token, secret = token_create(
            actor=user, name="bench", credential=Credential.SESSION_VERIFIED, scope="act"
        )
        tokens.append(secret)
        provider_ids.append(provider.pk)
    return World(tender.pk, tokens, provider_ids, [m.pk for m in members])


def set_deadline(tender_id: int, deadline: dt.datetime) -> None:
    from lentera.tendering.enums import Stage
    from lentera.tendering.models import ScheduleEntry

    ScheduleEntry.objects.filter(tender_id=tender_id, stage=Stage.BID_UPLOAD).update(ends_at=deadline)
    ScheduleEntry.objects.filter(tender_id=tender_id, stage=Stage.OPENING).update(
        starts_at=deadline, ends_at=deadline + dt.timedelta(hours=2)
    )


# ------------------------------------------------------------------ raw fsync baseline


def raw_fsync_throughput(folder: Path, files: int, size: int, writers: int) -> float:
    """MB/s writing ``files`` files of ``size`` bytes, each fsync-ed and renamed, with ``writers`` threads."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = os.urandom(size)
    jobs = list(range(files))
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                if not jobs:
                    return
                i = jobs.pop()
            tmp = folder / f".probe-{i}.tmp"
            with open(tmp, "wb") as fh:
                for off in range(0, size, 1 << 20):
                    fh.write(payload[off : off + (1 << 20)])
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, folder / f"probe-{i}.bin")
            fd = os.open(folder, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)

    start = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    shutil.rmtree(folder)
    return files * size / elapsed / 1e6


# ------------------------------------------------------------------ server


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start_server(args, env) -> subprocess.Popen:
    if not port_free(args.port):
        raise SystemExit(f"port {args.port} is in use; pass --port")
    granian = Path(sys.executable).parent / "granian"
    cmd = [
        str(granian),
        "--interface",
        "wsgi",
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--backlog",
        "4096",
        "--no-access-log",
        "--log-level",
        "error",
        "lentera.wsgi:application",
    ]
    log = open(OUT / "granian.log", "w")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    import httpx

    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{args.port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"granian exited; see {OUT / 'granian.log'}")
        time.sleep(0.2)
    raise SystemExit("granian did not come up")


def worker_pids(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            out.append(child)
            todo.append(child)
    return out


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes, in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


class PgWaitSampler(threading.Thread):
    """Samples pg_stat_activity of the bench database twice a second: what the server's queries wait on."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.counts: dict[str, int] = {}
        self.samples = 0

    def run(self) -> None:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            while not self.stop.wait(0.5):
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, 'running') "
                    "FROM pg_stat_activity WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()",
                    [DB_NAME],
                ).fetchall()
                self.samples += 1
                for (what,) in rows:
                    self.counts[what] = self.counts.get(what, 0) + 1

    def summary(self) -> str:
        top = sorted(self.counts.items(), key=lambda kv: -kv[1])[:5]
        return ", ".join(f"{k} {v / max(1, self.samples):.1f}" for k, v in top) or "none"


def rss_mb(pid: int, field_name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


# ------------------------------------------------------------------ the rush


@dataclass
class Result:
    index: int
    late_on_purpose: bool
    outcome: str = "pending"  # accepted, refused_late, error
    code: str = ""
    detail: str = ""
    commit_latency: float | None = None
    receipt: dict | None = None
    bytes_sent: int = 0
    chunk_times: list[tuple[float, float]] = field(default_factory=list)
    finished_at: float = 0.0
    retries: int = 0


RETRIES = 8
#: Answers of a proxy whose app server did not answer (killed, restarting): the request's fate is unknown, like
#: a transport error, and the bid page's script retries them too.
GATEWAY_ERRORS = frozenset({502, 503, 504})


async def _send(client, method, url, result: Result, **kw):
    """One request; transport errors (connection reset, read error) and gateway errors are retried like a real
    client would."""
    import httpx

    for attempt in range(RETRIES):
        last = attempt == RETRIES - 1
        try:
            r = await client.request(method, url, **kw)
        except httpx.TransportError:
            if last:
                raise
        else:
            if r.status_code not in GATEWAY_ERRORS or last:
                return r
        result.retries += 1
        await asyncio.sleep(min(0.5 * (attempt + 1), 3.0))
    raise AssertionError("unreachable")


async def one_provider(client, base, token, tender_id, payload, chunk, start_at, result: Result) -> None:
    """Like the bid page's script: open an upload, send chunks (resuming from the server's offset after any
    failure), commit; if the commit's answer is lost, ask the server whether the bid was accepted."""
    import httpx

    headers = {"Authorization": f"Bearer {token}", "X-Lentera-Role": "PENYEDIA"}
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    try:
        r = await _send(
            client,
            "POST",
            f"{base}/tenders/{tender_id}/uploads",
            result,
            headers=headers,
            json={
                "envelope": "SINGLE",
                "file_name": f"penawaran-{result.index}.pdf",
                "content_type": "application/pdf",
                "size": len(payload),
            },
        )
        if r.status_code != 201:
            return _refusal(result, r)
        uid = r.json()["uid"]
        offset = 0
        while offset < len(payload):
            body = payload[offset : offset + chunk]
            t0 = time.monotonic()
            try:
                r = await client.put(
                    f"{base}/uploads/{uid}/chunk?offset={offset}",
                    content=body,
                    headers=headers | {"Content-Type": "application/octet-stream"},
                )
            except httpx.TransportError:
                r = None
            if (
                r is None or r.status_code in GATEWAY_ERRORS
            ):  # lost on the way: resume from the server's offset
                result.retries += 1
                await asyncio.sleep(0.5)
                r = await _send(client, "GET", f"{base}/uploads/{uid}", result, headers=headers)
                offset = r.json()["received"]
                continue
            if r.status_code == 409 and r.json().get("error", {}).get("code") == "OFFSET_MISMATCH":
                r = await _send(client, "GET", f"{base}/uploads/{uid}", result, headers=headers)
                offset = r.json()["received"]
                continue
            if r.status_code != 200:
                return _refusal(result, r)
            result.chunk_times.append((t0, time.monotonic()))
            result.bytes_sent += len(body)
            offset = r.json()["received"]
        form = {
            "offer_price": str(1_000_000_000 + result.index),
            "validity_days": 60,
            "completion_days": 90,
            "uploads": [uid],
        }
        for _attempt in range(RETRIES):
            t0 = time.monotonic()
            try:
                r = await client.post(f"{base}/tenders/{tender_id}/submission", headers=headers, json=form)
            except httpx.TransportError:
                r = None
            if r is None or r.status_code in GATEWAY_ERRORS:
                result.retries += 1
                room = (
                    await _send(client, "GET", f"{base}/tenders/{tender_id}/room", result, headers=headers)
                ).json()
                if room.get("accepted"):  # the commit went through; only its answer was lost
                    sub = room["accepted"]["uid"]
                    rr = await _send(
                        client, "GET", f"{base}/submissions/{sub}/receipt", result, headers=headers
                    )
                    result.outcome, result.receipt = "accepted", rr.json()
                    result.commit_latency = time.monotonic() - t0
                    return
                continue
            result.commit_latency = time.monotonic() - t0
            if r.status_code == 201:
                result.outcome, result.receipt = "accepted", r.json()["receipt"]
            else:
                _refusal(result, r)
            return
        result.outcome, result.detail = "error", "commit not answered"
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none hidden
        result.outcome, result.detail = "error", f"{type(exc).__name__}: {exc}"[:200]
    finally:
        result.finished_at = time.monotonic()


def _refusal(result: Result, response) -> None:
    try:
        error = response.json().get("error", {})
    except ValueError:
        error = {}
    result.code = error.get("code", f"HTTP_{response.status_code}")
    result.detail = error.get("message", "")[:200]
    late = result.code in ("BID_DEADLINE_PASSED", "STAGE_CLOSED")
    result.outcome = "refused_late" if late else "error"


async def rush(args, world: World, deadline_mono: float) -> list[Result]:
    import httpx

    size = int(args.size_mb * 1_000_000)
    chunk = int(args.chunk_mb * 1024 * 1024)
    payload = b"%PDF-1.7\n" + os.urandom(size - 9)
    base = f"http://127.0.0.1:{args.port}/api/v1/bidding"
    rng = random.Random(2026)
    n = len(world.tokens)
    late_count = round(n * args.late)
    results = []
    tasks = []
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    # a request that gets no answer in a minute counts as failed (then retried / resumed like the page does)
    timeout = httpx.Timeout(60.0, connect=20.0)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        for i, token in enumerate(world.tokens):
            late = i >= n - late_count
            if late:
                start = deadline_mono - rng.uniform(
                    0.0, 1.0
                )  # begins with under a second left: cannot make it
            else:
                start = deadline_mono - args.window + rng.uniform(0.0, args.window - 15.0)
            res = Result(i, late)
            results.append(res)
            tasks.append(one_provider(client, base, token, world.tender_id, payload, chunk, start, res))
        # no provider waits for ever: 2 minutes after the deadline whatever is still running is counted as failed
        budget = deadline_mono + 120.0 - time.monotonic()
        done = await asyncio.wait([asyncio.ensure_future(t) for t in tasks], timeout=budget)
        for task in done[1]:
            task.cancel()
    for res in results:
        if res.outcome == "pending":
            res.outcome, res.detail = "error", "no answer within 2 minutes after the deadline"
    return results


# ------------------------------------------------------------------ verification


def verify(results: list[Result], deadline: dt.datetime, public_pem: str) -> dict:
    from django.core.files.storage import default_storage

    from lentera.bidding.crypto import hash_sealed_stream, load_public_key, receipt_hash, verify_receipt
    from lentera.bidding.models import BidSegment, BidSubmission

    key = load_public_key(public_pem)
    verified, lost = 0, []
    for r in results:
        if r.outcome != "accepted":
            continue
        ok = verify_receipt(r.receipt, key)
        sub = BidSubmission.objects.filter(uid=r.receipt["payload"]["submission"]["uid"]).first()
        if sub is None or sub.status != "ACCEPTED" or sub.receipt_sha256 != receipt_hash(r.receipt):
            lost.append((r.index, "not accepted in the database"))
            continue
        if sub.submitted_at >= deadline:
            lost.append((r.index, "accepted at or after the deadline"))
            continue
        segments = {s.sha256: s.storage_name for s in BidSegment.objects.filter(part__submission=sub)}
        for part in r.receipt["payload"]["parts"]:
            for seg in part["segments"]:
                name = segments.get(seg["sha256"])
                if name is None:
                    ok = False
                    continue
                with default_storage.open(name, "rb") as fh:
                    digest, size = hash_sealed_stream(fh)
                ok = ok and digest == seg["sha256"] and size == seg["sealed_size"]
        if ok:
            verified += 1
        else:
            lost.append((r.index, "receipt or sealed segment does not verify"))
    accepted_db = BidSubmission.objects.filter(status="ACCEPTED").count()
    late_in_db = BidSubmission.objects.filter(status="ACCEPTED", submitted_at__gte=deadline).count()
    return {"verified": verified, "lost": lost, "accepted_db": accepted_db, "late_in_db": late_in_db}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main() -> None:
    args = parse_args()
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "media").mkdir(parents=True)
    env = bench_env(args)
    print(f"[setup] recreating database {DB_NAME} and migrating ...", flush=True)
    recreate_database(env)
    django_setup(env)
    t0 = time.perf_counter()
    world = build_world(args.providers)
    print(
        f"[setup] {args.providers} providers, tender T-BENCH with sealed envelope ({time.perf_counter() - t0:.0f} s)",
        flush=True,
    )

    size = int(args.size_mb * 1_000_000)
    probe = OUT / "media" / "sealed-bids" / "fsync-probe"
    raw_seq = raw_fsync_throughput(probe, args.fsync_files, size, 1)
    raw_par = raw_fsync_throughput(probe, args.fsync_files, size, args.workers * 4)
    print(
        f"[fsync] raw write+fsync: {raw_seq:.1f} MB/s (1 writer), {raw_par:.1f} MB/s ({args.workers * 4} writers)",
        flush=True,
    )

    server = start_server(args, env)
    try:
        import httpx

        public_pem = httpx.get(f"http://127.0.0.1:{args.port}/api/v1/bidding/receipt-key").json()[
            "public_key_pem"
        ]
        from lentera.core.clock import db_now

        deadline = (db_now() + dt.timedelta(seconds=args.deadline_in)).replace(microsecond=0)
        set_deadline(world.tender_id, deadline)
        deadline_mono = time.monotonic() + (deadline - db_now()).total_seconds()
        print(
            f"[rush] deadline {deadline.isoformat()} (in {args.deadline_in:.0f} s); "
            f"{args.providers} providers x {args.size_mb:g} MB, {args.chunk_mb:g} MiB chunks",
            flush=True,
        )
        load_before = os.getloadavg()
        server_pids = [server.pid, *worker_pids(server.pid)]
        server_cpu0 = cpu_seconds(server_pids)
        client_cpu0 = time.process_time()
        sampler = PgWaitSampler()
        sampler.start()
        started = time.monotonic()
        results = asyncio.run(rush(args, world, deadline_mono))
        sampler.stop.set()
        load_after = os.getloadavg()
        server_cpu = cpu_seconds(server_pids) - server_cpu0
        client_cpu = time.process_time() - client_cpu0
        wall = time.monotonic() - started
        pids = worker_pids(server.pid)
        rss = {pid: rss_mb(pid, "VmHWM") for pid in pids}
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)

    check = verify(results, deadline, public_pem)
    accepted = [r for r in results if r.outcome == "accepted"]
    late = [r for r in results if r.outcome == "refused_late"]
    errors = [r for r in results if r.outcome == "error"]
    chunk_spans = [t for r in results for t in r.chunk_times]
    sent = sum(r.bytes_sent for r in results)
    busy = (
        (max(e for _s, e in chunk_spans) - min(s for s, _e in chunk_spans)) if chunk_spans else float("nan")
    )
    mbps = sent / busy / 1e6 if chunk_spans else 0.0
    latencies = [r.commit_latency for r in accepted if r.commit_latency is not None]
    requests = sum(len(r.chunk_times) + 2 for r in results if r.outcome != "pending")
    raw = max(raw_seq, raw_par)
    lines = [
        f"bid rush: {args.providers} providers x {args.size_mb:g} MB in the last {args.window:.0f} s before the deadline "
        f"({sum(r.late_on_purpose for r in results)} start too late on purpose)",
        f"server: granian WSGI, {args.workers} workers x {args.threads} threads, PostgreSQL "
        f"{DB_NAME}; {os.cpu_count()} CPU cores (load generator on the same machine)",
        f"accepted:            {len(accepted)}   (database: {check['accepted_db']} accepted, "
        f"{check['late_in_db']} with a server time at/after the deadline)",
        f"refused-late:        {len(late)}   (of them started too late on purpose: "
        f"{sum(r.late_on_purpose for r in late)})",
        f"other errors:        {len(errors)}"
        + (f"   e.g. {errors[0].code or errors[0].detail}" if errors else ""),
        f"lost:                {len(check['lost'])}" + (f"   {check['lost'][:3]}" if check["lost"] else ""),
        f"receipts verified:   {check['verified']} / {len(accepted)}   (Ed25519 against the published key, "
        "and every sealed segment on disk against its receipt SHA-256)",
        f"upload throughput:   {mbps:.1f} MB/s sealed and stored ({sent / 1e6:.0f} MB in {busy:.1f} s of upload "
        "activity)",
        f"raw fsync write:     {raw:.1f} MB/s on the same disk (1 writer {raw_seq:.1f}, {args.workers * 4} writers "
        f"{raw_par:.1f})",
        f"ratio:               {mbps / raw:.2f} of raw fsync throughput",
        f"commit latency:      p50 {pct(latencies, 0.5) * 1000:.0f} ms, p99 {pct(latencies, 0.99) * 1000:.0f} ms, "
        f"max {max(latencies, default=float('nan')) * 1000:.0f} ms (the final commit request, client side)",
        "peak RSS per worker: "
        + ", ".join(f"{v:.0f} MB" for v in sorted(rss.values(), reverse=True))
        + "   (VmHWM of every granian process)",
        f"client retries after transport errors: {sum(r.retries for r in results)}",
        f"CPU used during the rush: granian {server_cpu:.0f} s, load generator {client_cpu:.0f} s "
        f"({server_cpu / max(1, requests):.3f} s of server CPU per request, {requests} requests)",
        f"PostgreSQL active queries by wait event (average number at a time): {sampler.summary()}",
        f"wall time of the rush: {wall:.0f} s; load average before/after: {load_before[0]:.1f} / {load_after[0]:.1f} "
        "(other processes share this machine)",
    ]
    report = "\n".join(lines)
    print()
    print(report)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (OUT / f"report-{stamp}.txt").write_text(report + "\n")
    details = [r.__dict__ | {"receipt": None} for r in results if r.outcome != "accepted"]
    (OUT / f"failures-{stamp}.json").write_text(json.dumps(details, indent=1, default=str))
    if check["lost"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
