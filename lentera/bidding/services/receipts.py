"""Bid receipts: what the server signs when it accepts (or records the withdrawal of) a submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from ..crypto import receipt_hash
from ..models import BidSubmission
from ..serverkeys import receipt_signing_key

RECEIPT_TYPE = "lentera.bid.receipt"
WITHDRAWAL_TYPE = "lentera.bid.withdrawal"
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def wib_text(value: dt.datetime | None) -> str:
    """'22 November 2026 14:03:05 WIB' (seconds shown: deadlines are decided to the second; None is now, as in
    timezone.localtime)."""
    local = timezone.localtime(value, WIB)
    return f"{date_format(local, 'j F Y H:i:s')} WIB"


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parts_listing(submission: BidSubmission) -> list[dict[str, Any]]:
    """Every sealed part and segment of a submission with its SHA-256 and size (what the receipt lists)."""
    listing = []
    for part in (
        submission.parts.select_related("envelope")
        .prefetch_related("segments")
        .order_by("envelope__kind", "kind", "position", "pk")
    ):
        segments: list[dict[str, Any]] = [
            {"index": s.index, "sha256": s.sha256, "sealed_size": s.sealed_size}
            for s in sorted(part.segments.all(), key=lambda s: s.index)
        ]
        listing.append(
            {
                "part": str(part.uid),
                "envelope": part.envelope.kind,
                "kind": part.kind,
                "sealed_size": sum(s["sealed_size"] for s in segments),
                "segments": segments,
            }
        )
    return listing


def _base(submission: BidSubmission, server_time: dt.datetime) -> dict[str, Any]:
    tender, provider = submission.tender, submission.provider
    return {
        "version": 1,
        "issuer": str(settings.LENTERA_SITE_NAME),
        "tender": {"id": tender.pk, "code": tender.code, "title": tender.title},
        "provider": {"id": provider.pk, "npwp": provider.npwp, "name": provider.name},
        "submission": {"uid": str(submission.uid), "version": submission.version},
        "server_time": _iso(server_time),
        "server_time_wib": wib_text(server_time),
    }


def sign_acceptance(
    submission: BidSubmission, *, server_time: dt.datetime, deadline: dt.datetime, supersedes: str | None
) -> tuple[dict[str, Any], str]:
    """The signed receipt of an accepted submission and its hash (which goes into the audit chain)."""
    envelopes = {}
    for part in submission.parts.select_related("envelope"):
        envelopes[part.envelope.kind] = part.envelope.fingerprint
    payload = _base(submission, server_time) | {
        "type": RECEIPT_TYPE,
        "deadline": _iso(deadline),
        "deadline_wib": wib_text(deadline),
        "supersedes_receipt_sha256": supersedes,
        "envelopes": [{"kind": k, "public_key_fingerprint": v} for k, v in sorted(envelopes.items())],
        "parts": parts_listing(submission),
    }
    receipt = receipt_signing_key().sign_receipt(payload)
    return receipt, receipt_hash(receipt)


def sign_withdrawal(submission: BidSubmission, *, server_time: dt.datetime) -> tuple[dict[str, Any], str]:
    payload = _base(submission, server_time) | {
        "type": WITHDRAWAL_TYPE,
        "withdrawn_receipt_sha256": submission.receipt_sha256,
    }
    receipt = receipt_signing_key().sign_receipt(payload)
    return receipt, receipt_hash(receipt)
