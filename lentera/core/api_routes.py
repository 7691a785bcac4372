"""Core API operations: health and the audit chain's head."""

from django.http import HttpRequest
from ninja import Router, Schema, Status

from . import audit
from .access import api_access
from .api import PUBLIC
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


@router.get("/health", auth=PUBLIC, summary="Database and storage check")
@api_access(public=True)
def health(request: HttpRequest):
    ok, checks = run_checks()
    return Status(200 if ok else 503, {"ok": ok, "checks": checks})
