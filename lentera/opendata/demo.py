"""Demo: publish the OCDS releases of whatever public events earlier apps' demos created (idempotent)."""

from __future__ import annotations

from lentera.core.demo import DemoContext

from .services import opendata_sync


def load(ctx: DemoContext) -> None:
    counts = opendata_sync()
    ctx.notes.append(
        f"Open data: {counts['rup'] + counts['process']} new OCDS releases "
        f"(feed: /api/v1/opendata/releases; public portal: /)."
    )
