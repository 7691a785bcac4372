"""The cluster test's rush: every provider seals its bid through nginx at once with the bid rush's client, and
one app server is killed while they do."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.bid_rush import bid_rush as bids
from bench.cluster import nginx
from bench.cluster.web import Site, pin


@dataclass
class Kill:
    at: float = 0.0  # epoch seconds
    at_mono: float = 0.0
    accepted_before: int = 0


async def rush(
    site: Site,
    tokens: list[str],
    tender_id: int,
    payloads: list[bytes],
    args,
    on_kill,
    indexes: list[int],
    pinned: str = "",
):
    """Every provider in ``indexes`` seals its bid through nginx at once (one_provider of the bid rush);
    ``on_kill`` is called once when ``args.kill_at`` of them have a receipt (never when it is None)."""
    import httpx

    served = Counter()

    async def count(response):
        served[site.served_by(response)] += 1

    results = [bids.Result(i, False) for i in indexes]
    kill = Kill()
    limits = httpx.Limits(max_connections=len(indexes) + 10, max_keepalive_connections=len(indexes) + 10)
    headers = pin(pinned) if pinned else {}
    api = f"{site.url}/api/v1/bidding"
    async with httpx.AsyncClient(
        verify=site.ssl,
        limits=limits,
        timeout=httpx.Timeout(60, connect=20),
        headers=headers,
        event_hooks={"response": [count]},
    ) as client:
        rng = random.Random(2026)
        start = time.monotonic() + 0.3
        starts = [start + (rng.uniform(0, args.spread) if len(indexes) > 1 else 0) for _ in indexes]
        jobs = [
            asyncio.ensure_future(
                bids.one_provider(
                    client,
                    api,
                    tokens[i],
                    tender_id,
                    payloads[i],
                    args.chunk_kb * 1024,
                    at,
                    res,
                )
            )
            for i, res, at in zip(indexes, results, starts, strict=True)
        ]

        async def killer():
            want = max(1, round(len(indexes) * args.kill_at))
            while not all(j.done() for j in jobs):
                accepted = sum(r.outcome == "accepted" for r in results)
                if accepted >= want:
                    kill.at, kill.at_mono, kill.accepted_before = time.time(), time.monotonic(), accepted
                    on_kill()
                    return
                await asyncio.sleep(0.02)

        watcher = asyncio.ensure_future(killer()) if on_kill else None
        _done, pending = await asyncio.wait(jobs, timeout=150)
        for job in pending:
            job.cancel()
        if watcher:
            watcher.cancel()
    for r in results:
        if r.outcome == "pending":
            r.outcome, r.detail = "error", "no answer within 150 s"
    for r, at in zip(results, starts, strict=True):
        r.started_at = at  # type: ignore[attr-defined]
    return results, served, kill, start


def killed_in_flight(log: Path, killed: str, kill_at: float) -> dict[str, int]:
    """From nginx's access log: requests that were inside the killed server when it died (passed to it and
    connected before the kill, its attempt failed), and what became of them."""
    out = Counter()
    for raw in log.read_text().splitlines():
        line = nginx.parse_log_line(raw)
        if line is None or not line.attempts or line.started_at > kill_at:
            continue
        addr, status, connect = line.attempts[0]
        if addr != killed or connect == "-" or status not in ("502", "504"):
            continue
        out["in_flight"] += 1
        out[f"{line.method} {'chunk' if '/chunk' in line.path else line.path.rsplit('/', 1)[-1]}"] += 1
        out["passed_on_by_nginx" if len(line.attempts) > 1 else f"answered_{line.status}_to_client"] += 1
    return dict(out)


def summary(results) -> dict:
    acc = [r for r in results if r.outcome == "accepted"]
    return {
        "accepted": len(acc),
        "errors": [r for r in results if r.outcome != "accepted"],
        "commit": [r.commit_latency for r in acc if r.commit_latency is not None],
        "retries": sum(r.retries for r in results),
    }
