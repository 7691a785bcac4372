"""Core API operations: health, the audit chain's head and its entries."""

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Field, Query, Router, Schema, Status

from . import audit, audit_public
from .access import api_access
from .api import PUBLIC, api
from .health import run_checks

router = Router(tags=["core"])


class AuditHeadOut(Schema):
    seq: int
    hash: str
    occurred_at: str | None


@router.get("/audit/head", response=AuditHeadOut, auth=PUBLIC, summary="Head of the audit chain")
@api_access(public=True)
def audit_head(request: HttpRequest):
    head = audit.head()
    occurred = head["occurred_at"].isoformat() if head["occurred_at"] else None
    return {"seq": head["seq"], "hash": head["hash"], "occurred_at": occurred}


class AuditEntriesIn(Schema):
    after_seq: int = Field(0, ge=0, description="entries with a greater sequence number (0: from the first)")
    limit: int = Field(100, ge=1, le=audit_public.MAX_LIMIT, description="at most this many entries")


class AuditEntryOut(Schema):
    seq: int
    occurred_at: str = Field(description="UTC, ISO-8601 with microseconds, as hashed")
    hash: str
    prev_hash: str
    public: bool = Field(description="a public fact: its content is published")
    recomputable: bool = Field(description="SHA-256 of the canonical JSON of `body` is `hash`")
    body: dict[str, Any] | None = Field(
        description="the canonical body of a public entry (without the actor and IP if not recomputable); "
        "null when the content is withheld"
    )


class AuditEntriesOut(Schema):
    entries: list[AuditEntryOut]
    next_after_seq: int | None = Field(description="pass as `after_seq` for the next page; null at the end")


#: A full page never changes (the chain is append-only); the last one grows.
FULL_PAGE_MAX_AGE, LAST_PAGE_MAX_AGE = 3600, 30


@router.get(
    "/audit/entries",
    response=AuditEntriesOut,
    auth=PUBLIC,
    summary="Entries of the audit chain (keyset pages; content of non-public events withheld)",
)
@api_access(public=True)
def audit_entries(request: HttpRequest, params: Query[AuditEntriesIn]):
    """Every entry's sequence number, time, hash and previous hash; for a public fact also its canonical body.
    Check continuity and recompute hashes with `tools/verify_audit_entries.py` (docs/opendata.md). A full page
    is kept encoded in the cache (it never changes), so a crowd downloading the chain costs one read a page."""
    key, keep = f"audit:entries:{params.after_seq}:{params.limit}", audit_public.cache_seconds()
    body = cache.get(key) if keep > 0 else None
    full = body is not None
    if body is None:
        rows = audit_public.entries(after_seq=params.after_seq, limit=params.limit)
        full = len(rows) == params.limit
        out = AuditEntriesOut.model_validate(
            {"entries": rows, "next_after_seq": rows[-1]["seq"] if full else None}
        )
        body = api.renderer.render(request, out.model_dump(), response_status=200)
        if full and keep > 0:
            cache.set(key, body, keep)
    response = HttpResponse(body, content_type=api.renderer.media_type)
    patch_cache_control(response, public=True, max_age=FULL_PAGE_MAX_AGE if full else LAST_PAGE_MAX_AGE)
    return response


@router.get("/health", auth=PUBLIC, summary="Database and storage check")
@api_access(public=True)
def health(request: HttpRequest):
    ok, checks = run_checks()
    return Status(200 if ok else 503, {"ok": ok, "checks": checks})
