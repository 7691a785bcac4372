"""Cluster test: Lentera on PostgreSQL + S3 + two app servers behind nginx + a task worker, checked end to end.

Run from the repository root (PostgreSQL on 127.0.0.1:5432, user postgres; nginx installed):

    ./lentera.sh cluster-test                    # 40 bids of 512 KiB in the rush
    ./lentera.sh cluster-test --bids 100 --keep  # more, and keep the logs

It makes a fresh database ``lentera_cluster_<pid>``, starts moto's S3 server (a real HTTP S3 API) with a private
bucket, migrates, collects the static files (once per version, kept in var/cluster-test/), creates a Pokja of
three with opening keys, a tender in its bid upload stage with sealed envelopes and N+1 registered providers with
API tokens, then starts two granian app servers and one task worker (``db_worker``), all with ``lentera.settings.production`` unchanged, and nginx in
front of them (HTTPS with a certificate made for this run, round robin). Through nginx it checks, and exits
non-zero at the first check that fails:

1. both app servers answer in turn (the ``X-Lentera-Upstream`` header tells which);
2. a Pokja member logs in on app server 1, passes the second factor on app server 2, and the session is valid on
   both; login failures spread over both servers lock the User ID on both (the lockout counts are shared);
3. a provider seals a bid through app server 1: its sealed segments are objects in the S3 bucket and no file is
   on an app server's local disk;
4. N providers upload and commit their bids at once, round robin; app server 1 is killed (SIGKILL of its process
   group) when 40 % of them have a receipt; every receipt a provider got verifies (Ed25519), its submission is
   accepted in the database and each sealed segment in S3 matches the receipt's SHA-256; every other provider
   got an error answer (none is left without one);
5. app server 1 is started again and the session made before the kill is valid on it;
6. the bid deadline passes; two Pokja members enter their opening passphrases on app server 2 (one with the
   browser session, one with an API token): every bid opens, and every file downloaded decrypted from app server
   2 has the SHA-256 of what its provider sent;
7. the task worker runs a task enqueued in the shared queue; the audit chain verifies (``audit_verify``).

It prints the figures (time per phase, bids/s, latency, requests inside the killed server) and stops every
process, drops the database and removes its temporary folder, also when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import os
import shutil
import signal
import sys
import time
import traceback
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a file
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.bid_rush import bid_rush as bids  # the API client of the bid rush: one_provider, verify, ...
from bench.cluster import nginx
from bench.cluster.rush import killed_in_flight, rush, summary
from bench.cluster.stack import BIN, NGINX, ROOT, Stack, StackError, free_port
from bench.cluster.web import APPS, CheckFailed, Site, check, lockout_across, login_across, pin

BUCKET = "lentera-cluster"
VAR = Path(os.environ.get("LENTERA_VAR_DIR", ROOT / "var"))


@dataclass
class Figures:
    phases: list[tuple[str, float]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @contextmanager
    def phase(self, name: str):
        print(f"[{name}]", flush=True)
        t0 = time.monotonic()
        yield
        self.phases.append((name, time.monotonic() - t0))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bids", type=int, default=40, help="providers in the rush")
    p.add_argument("--size-kb", type=int, default=512, help="bid file size (KiB)")
    p.add_argument("--chunk-kb", type=int, default=128, help="resumable upload chunk (KiB)")
    p.add_argument("--spread", type=float, default=4.0, help="providers start within this many seconds")
    p.add_argument(
        "--kill-at", type=float, default=0.4, help="kill app server 1 when this share has receipts"
    )
    p.add_argument("--threads", type=int, default=4, help="granian blocking threads per app server")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, nginx config)")
    return p.parse_args()


# ------------------------------------------------------------------ environment


def receipt_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )


def production_env(stack: Stack, *, db_url: str, s3_port: int, site: str, static: Path) -> dict[str, str]:
    """The environment every process shares, as docs/deploy.md lists it (one secret key and receipt key)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LENTERA_", "DJANGO_", "AWS_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)  # no shared cache: what must be shared is in the database
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lentera.settings.production",
            "SECRET_KEY": os.urandom(48).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": site,
            "LENTERA_BASE_URL": site,
            "LENTERA_TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": db_url,
            "DB_CONN_MAX_AGE": "60",
            "LENTERA_S3_BUCKET": BUCKET,
            "LENTERA_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
            "LENTERA_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "cluster-test",
            "AWS_SECRET_ACCESS_KEY": "cluster-test",
            "LENTERA_RECEIPT_SIGNING_KEY": receipt_key_pem(),
            "STATIC_ROOT": str(static),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def host_env(base: dict[str, str], stack: Stack, name: str) -> dict[str, str]:
    """One machine's own local folders (each app server, the worker and this script have their own)."""
    var = stack.dir / name / "var"
    var.mkdir(parents=True, exist_ok=True)
    return base | {"LENTERA_VAR_DIR": str(var), "MEDIA_ROOT": str(stack.dir / name / "media")}


def manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def granian(port: int, threads: int) -> list[str]:
    return [
        str(BIN / "granian"),
        *("--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", "1", "--blocking-threads", str(threads), "--respawn-failed-workers"),
        *("--no-access-log", "--log-level", "warning", "lentera.wsgi:application"),
    ]


def healthy_direct(port: int) -> bool:
    import httpx

    r = httpx.get(f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=5)
    return r.status_code == 200


def built_static() -> tuple[Path, bool]:
    """Where this checkout's collected static files are kept, and whether they are there already.

    ``collectstatic`` with the production storage (hashed names, gzip and brotli) costs ~45 s of CPU; a real
    deployment runs it once per version in the image build, so the test keeps its result in
    ``var/cluster-test/static-<fingerprint>`` (the lock file, the settings and every static source file).
    """
    digest = hashlib.sha256((ROOT / "uv.lock").read_bytes())
    for path in sorted([ROOT / "lentera" / "settings" / "base.py", *ROOT.glob("lentera/*/static/**/*")]):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    folder = VAR / "cluster-test" / f"static-{digest.hexdigest()[:16]}"
    return folder, (folder / "staticfiles.json").is_file()


def keep_static(built: Path, final: Path) -> None:
    """Keep a finished build under its fingerprint; remove the builds of other versions."""
    for old in final.parent.glob("static-*"):
        if old != built:
            shutil.rmtree(old, ignore_errors=True)
    try:
        built.rename(final)
    except OSError:  # another run kept the same version meanwhile
        shutil.rmtree(built, ignore_errors=True)


# ------------------------------------------------------------------ the world in the database


@dataclass
class Cast:
    world: bids.World
    tender_id: int
    member_user_ids: list[str]
    member_token: str  # the second Pokja member's API token
    lockout_user_id: str
    npwp_of: dict[str, int]  # provider NPWP -> index in world.tokens


def build(n: int) -> Cast:
    from lentera.accounts.models import User
    from lentera.accounts.services import token_create
    from lentera.accounts.services.tokens import Credential
    from lentera.accounts.tests.factories import user_with_role
    from lentera.core.roles import Role
    from lentera.providers.models import Provider

    world = bids.build_world(n + 1)  # provider 0: the single bid on app server 1; 1..n: the rush
    members = list(User.objects.filter(pk__in=world.member_ids).order_by("pk"))
    # as the member would in a browser session after the second factor
    _token, secret = token_create(
        actor=members[1], name="cluster test", credential=Credential.SESSION_VERIFIED, scope="act"
    )
    lockout = user_with_role(Role.PENYEDIA, user_id="cluster.lockout")
    npwp_of = {
        p.npwp: world.provider_ids.index(p.pk) for p in Provider.objects.filter(pk__in=world.provider_ids)
    }
    return Cast(world, world.tender_id, [m.user_id for m in members], secret, lockout.user_id, npwp_of)


def bucket_objects(s3, prefix: str = "") -> dict[str, int]:
    out: dict[str, int] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        out.update({o["Key"]: o["Size"] for o in page.get("Contents", [])})
    return out


def local_files(stack: Stack, pattern: str) -> list[Path]:
    return [p for p in stack.dir.glob(pattern) if p.is_file()]


# ------------------------------------------------------------------ the run


def run(args, stack: Stack, fig: Figures) -> None:
    import boto3
    import httpx

    ports = {name: free_port() for name in APPS}
    s3_port, site_port = free_port(), free_port()
    site_url = f"https://127.0.0.1:{site_port}"
    procs = {}

    if not Path(NGINX).is_file():
        raise StackError(
            f"nginx not found at {NGINX}: install the Debian package nginx (or set LENTERA_NGINX)"
        )
    with fig.phase("setup: database, S3 server, migrate, static files, check --deploy"):
        db_url = stack.create_database(f"lentera_cluster_{os.getpid()}")
        static_root, static_ready = built_static()
        building = static_root.with_name(static_root.name + f".building-{os.getpid()}")
        base = production_env(
            stack,
            db_url=db_url,
            s3_port=s3_port,
            site=site_url,
            static=building if not static_ready else static_root,
        )
        here = host_env(base, stack, "harness")
        moto = stack.spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)], here)
        migrate = stack.run("migrate", manage("migrate", "--noinput", "-v", "0"), here)
        static = (
            None
            if static_ready
            else stack.run("collectstatic", manage("collectstatic", "--noinput", "-v", "0"), here)
        )
        s3 = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{s3_port}",
            region_name="us-east-1",
            aws_access_key_id="cluster-test",
            aws_secret_access_key="cluster-test",
        )
        stack.wait_until(moto, lambda: bool(s3.create_bucket(Bucket=BUCKET)))
        stack.finish("migrate", migrate)
        deploy = stack.run("check-deploy", manage("check", "--deploy", "--fail-level", "WARNING"), here)
        if static is not None:
            stack.finish("collectstatic", static)
            keep_static(building, static_root)
            base["STATIC_ROOT"] = here["STATIC_ROOT"] = str(static_root)
        fig.lines.append(f"static files: {'built' if static else 'reused'} {static_root}")
        stack.finish("check --deploy", deploy)
        check(
            "no issues" in (stack.dir / "check-deploy.log").read_text(),
            "production settings: manage.py check --deploy reports no issues",
        )

    with fig.phase(f"setup: Pokja, tender, {args.bids + 1} providers (while the app servers start)"):
        for name in APPS:
            procs[name] = stack.spawn(name, granian(ports[name], args.threads), host_env(base, stack, name))
        procs["worker"] = stack.spawn(
            "worker", manage("db_worker", "--queue-name", "*", "--no-reload"), host_env(base, stack, "worker")
        )
        bids.django_setup(here)
        from django.conf import settings

        cast = build(args.bids)

    with fig.phase("start: 2 app servers, task worker, nginx"):
        for name in APPS:
            stack.wait_until(procs[name], lambda port=ports[name]: healthy_direct(port))
        folder = stack.dir / "nginx"
        folder.mkdir()
        cert, key = nginx.self_signed_certificate(folder)
        upstreams = [nginx.Upstream(name, ports[name]) for name in APPS]
        conf = folder / "nginx.conf"
        conf.write_text(nginx.config(folder=folder, port=site_port, upstreams=upstreams, cert=cert, key=key))
        procs["nginx"] = stack.spawn(
            "nginx", [NGINX, "-p", str(folder), "-e", "stderr", "-c", str(conf)], here
        )
        site = Site(site_url, cert, ports)
        stack.wait_until(procs["nginx"], lambda: site.web.get("/healthz").status_code == 200)

    with fig.phase("round robin"):
        served = Counter(site.served_by(site.web.get("/healthz")) for _ in range(6))
        check(set(served) == set(APPS), f"nginx passes requests to both app servers in turn ({dict(served)})")

    with fig.phase("sessions across servers"):
        login_across(site, cast.member_user_ids[0])

    with fig.phase("login lockout across servers"):
        lockout_across(site, cast.lockout_user_id, settings.AXES_FAILURE_LIMIT)

    size = args.size_kb * 1024
    payloads = [b"%PDF-1.7\n" + os.urandom(size - 9) for _ in range(args.bids + 1)]
    with fig.phase("one bid through app server 1"):
        from lentera.bidding.models import BidSegment

        one, served, _kill, _start = asyncio.run(
            rush(site, cast.world.tokens, cast.tender_id, payloads, args, None, [0], pinned="app1")
        )
        check(one[0].outcome == "accepted", f"provider 0's bid is accepted ({one[0].code} {one[0].detail})")
        check(set(served) == {"app1"}, f"every request of it was answered by app server 1 ({dict(served)})")
        sub = one[0].receipt["payload"]["submission"]["uid"]
        names = list(
            BidSegment.objects.filter(part__submission__uid=sub).values_list("storage_name", flat=True)
        )
        objects = bucket_objects(s3, "sealed-bids/")
        check(
            bool(names) and all(n in objects for n in names),
            f"its {len(names)} sealed segments are S3 objects",
        )
        check(not local_files(stack, "*/media/**/*"), "no file in any machine's media root")
        check(not local_files(stack, "**/*.seal"), "no sealed file anywhere on local disk")

    with fig.phase(f"rush: {args.bids} bids round robin, app server 1 killed at {args.kill_at:.0%}"):
        from lentera.tendering.enums import Stage
        from lentera.tendering.models import ScheduleEntry

        killed = procs["app1"]
        results, served, kill, start = asyncio.run(
            rush(
                site,
                cast.world.tokens,
                cast.tender_id,
                payloads,
                args,
                killed.kill_group,
                list(range(1, args.bids + 1)),
            )
        )
        check(kill.at > 0, f"app server 1 was killed (SIGKILL) after {kill.accepted_before} receipts")
        killed.popen.wait(timeout=10)
        deadline = ScheduleEntry.objects.get(tender_id=cast.tender_id, stage=Stage.BID_UPLOAD).ends_at
        public_pem = site.web.get("/api/v1/bidding/receipt-key").json()["public_key_pem"]
        verified = bids.verify(one + results, deadline, public_pem)
        s = summary(results)
        check(not verified["lost"], f"no acknowledged bid is lost ({verified['lost'][:3]})")
        check(
            verified["verified"] == s["accepted"] + 1,
            f"all {verified['verified']} receipts verify (Ed25519) and every sealed segment in S3 matches them",
        )
        check(
            all(r.code or r.detail for r in s["errors"]),
            f"each of the {len(s['errors'])} providers without a receipt got an error answer",
        )
        in_flight = killed_in_flight(
            Path(stack.dir / "nginx" / "access.log"), f"127.0.0.1:{ports['app1']}", kill.at
        )

    with fig.phase("app server 1 back"):
        procs["app1"] = stack.spawn(
            "app1-restarted", granian(ports["app1"], args.threads), host_env(base, stack, "app1")
        )
        stack.wait_until(procs["app1"], lambda: healthy_direct(ports["app1"]))
        from django.urls import reverse

        r = site.web.get(reverse("accounts:dashboard"), headers=pin("app1"))
        check(
            r.status_code == 200 and site.served_by(r) == "app1",
            "the session from before the kill is valid on it",
        )

    with fig.phase("opening on app server 2"):
        from lentera.core.clock import db_now

        bids.set_deadline(cast.tender_id, db_now() + dt.timedelta(seconds=1))
        time.sleep(1.5)
        url = f"/api/v1/bidding/tenders/{cast.tender_id}/opening/SINGLE/passphrase"
        r = site.web.post(
            url,
            json={"passphrase": bids.PASSPHRASE},
            headers=site.form_headers("app2", "/") | {"X-CSRFToken": site.csrf()},
        )
        check(
            r.status_code == 200 and site.served_by(r) == "app2",
            f"member 1's passphrase (browser session) ({r.status_code})",
        )
        token = {"Authorization": f"Bearer {cast.member_token}", "X-Lentera-Role": "POKJA"} | pin("app2")
        api = httpx.Client(base_url=site.url, verify=site.ssl, timeout=120)
        t0 = time.monotonic()
        r = api.post(url, json={"passphrase": bids.PASSPHRASE}, headers=token)
        opening_seconds = time.monotonic() - t0
        check(
            r.status_code == 200 and site.served_by(r) == "app2",
            f"member 2's passphrase (API token) ({r.status_code})",
        )
        envelope = r.json()["envelopes"][0]
        opened = envelope["bids"]
        check(
            envelope["opened_at"] is not None,
            f"the envelope opens with 2 of 3 shares ({opening_seconds:.1f} s)",
        )
        check(len(opened) == verified["accepted_db"], f"all {len(opened)} accepted bids are opened")
        check(
            all(b["receipt_ok"] and b["all_parts_ok"] for b in opened),
            "every opened bid checks against its receipt",
        )
        acked = {r.index for r in one + results if r.outcome == "accepted"}
        seen, t0, downloaded = set(), time.monotonic(), 0
        for b in opened:
            index = cast.npwp_of[b["npwp"]]
            for part in (c for c in b["checks"] if c["kind"] == "FILE"):
                content = api.get(f"/api/v1/bidding/parts/{part['part']}/content", headers=token)
                same = hashlib.sha256(content.content).digest() == hashlib.sha256(payloads[index]).digest()
                if content.status_code != 200 or site.served_by(content) != "app2" or not same:
                    raise CheckFailed(
                        f"provider {index}'s file from app server 2 ({content.status_code}, "
                        f"{site.served_by(content)}) is not what it sent"
                    )
                downloaded += len(content.content)
            seen.add(index)
        download_seconds = time.monotonic() - t0
        check(
            acked <= seen,
            f"every file downloaded from app server 2 has the SHA-256 its provider sent ({len(seen)} bids)",
        )

    with fig.phase("task worker"):
        from lentera.bidding.tasks import purge_abandoned_uploads

        task = purge_abandoned_uploads.enqueue(apply=False)
        stack.wait_until(procs["worker"], lambda: (task.refresh(), task.is_finished)[1], timeout=60)
        check(
            task.status.name == "SUCCESSFUL",
            f"the worker ran a task from the shared queue ({task.status.name})",
        )

    with fig.phase("audit chain, local disks"):
        import io

        from django.core.management import call_command

        out = io.StringIO()
        call_command("audit_verify", stdout=out)  # raises CommandError when the chain is broken
        check(out.getvalue().startswith("OK"), "audit_verify: " + out.getvalue().strip())
        check(not local_files(stack, "*/media/**/*"), "still no file in any machine's media root")
        leftovers = {name: len(local_files(stack, f"{name}/var/tmp/bidding/*")) for name in APPS}
        check(leftovers["app2"] == 0, "no temporary sealed file left on the server that was never killed")

    objects = bucket_objects(s3, "sealed-bids/")
    spans = [r.finished_at - r.started_at for r in results if r.outcome == "accepted"]
    last = max((r.finished_at for r in results), default=start) - start
    fig.lines += [
        f"rush: {s['accepted']} of {args.bids} bids accepted ({args.size_kb} KiB each, {args.chunk_kb} KiB chunks, "
        f"started within {args.spread:g} s), {len(s['errors'])} refused with an error, 0 lost",
        f"      {s['accepted'] / max(last, 1e-9):.1f} bids/s over {last:.1f} s; time to receipt p50 "
        f"{bids.pct(spans, 0.5):.2f} s, p95 {bids.pct(spans, 0.95):.2f} s; commit p50 "
        f"{bids.pct(s['commit'], 0.5) * 1000:.0f} ms, p95 {bids.pct(s['commit'], 0.95) * 1000:.0f} ms",
        f"      answers by server: {dict(served)}; client retries {s['retries']}",
        f"kill: app server 1 SIGKILLed after {kill.accepted_before} receipts, "
        f"{kill.at_mono - start:.1f} s into the rush; inside it then: {in_flight or {'in_flight': 0}}",
        f"opening: {len(opened)} bids opened in {opening_seconds:.1f} s; {downloaded / 1e6:.1f} MB downloaded "
        f"decrypted in {download_seconds:.1f} s",
        f"S3: {len(objects)} sealed objects, {sum(objects.values()) / 1e6:.1f} MB; local media files: 0; "
        f"temporary sealed files left by the killed server: {leftovers['app1']}",
    ]
    if s["errors"]:
        fig.lines.append("errors: " + "; ".join(f"{r.index}: {r.code or r.detail}" for r in s["errors"][:5]))


def main() -> int:
    args = parse_args()
    fig = Figures()
    stack = Stack(keep=args.keep)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.monotonic()
    ok = False
    try:
        run(args, stack, fig)
        ok = True
    except (CheckFailed, StackError) as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        tails(stack)
    except Exception:  # noqa: BLE001 - anything else fails the run too, with its traceback
        traceback.print_exc()
        tails(stack)
    except BaseException:  # interrupted (Ctrl-C, SIGTERM): clean up all the same
        print("\ncluster test interrupted; stopping everything it started", file=sys.stderr)
        raise
    finally:
        with_django_closed()
        problems = stack.close()
    total = time.monotonic() - t0
    print()
    print(
        "cluster test " + ("PASSED" if ok else "FAILED") + f" in {total:.0f} s on {os.cpu_count()} CPU cores"
    )
    for name, seconds in fig.phases:
        print(f"  {seconds:6.1f} s  {name}")
    for line in fig.lines:
        print("  " + line)
    for problem in problems:
        print("  clean-up: " + problem)
    return 0 if ok else 1


def tails(stack: Stack) -> None:
    for proc in stack.procs:
        state = "running" if proc.alive() else f"exit {proc.popen.returncode}"
        print(f"--- {proc.name} ({state}): {proc.log}", file=sys.stderr)
        print(proc.tail(12), file=sys.stderr)


def with_django_closed() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


if __name__ == "__main__":
    sys.exit(main())
