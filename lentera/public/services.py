"""Writes of the public app: the denormalised tender table and service notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.opendata import sources
from lentera.opendata.services import ocid_for

from .models import Phase, PublicTender, ServiceNotice

NOTICE_ROLES = (Role.SYSADMIN, Role.KASUBAG_LPSE, Role.HELPDESK)
SORT_KEY_FACTOR = 10**9


def sort_key_for(published_at: dt.datetime, row_id: int) -> int:
    """Listing order: announcement second, then id; unique and one integer (see PublicTender)."""
    return int(published_at.timestamp()) * SORT_KEY_FACTOR + (int(row_id) % SORT_KEY_FACTOR)


def search_text_for(*parts: str) -> str:
    return " ".join(p for p in parts if p).lower()


def _phase(facts: dict[str, Any]) -> str:
    status = facts.get("status")
    if status == "CANCELLED":
        return Phase.CANCELLED
    if status == "FAILED":
        return Phase.FAILED
    if facts.get("contract"):
        return Phase.CONTRACTED
    if facts.get("award") or status == "COMPLETED":
        return Phase.AWARDED
    return Phase.ANNOUNCED


def facts_digest(facts: dict[str, Any]) -> str:
    """Digest of the public facts, without what only the clock changes (the current stage)."""
    import hashlib
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    stable = {k: v for k, v in facts.items() if k not in ("stage", "schedule")}
    stable["schedule"] = [{k: v for k, v in e.items() if k != "current"} for e in facts.get("schedule", [])]
    raw = json.dumps(stable, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def public_tender_refresh(tender) -> PublicTender | None:
    """Recompute one tender's public row from its public facts (the same facts its OCDS release is built from);
    the subscriber of ``opendata.process.published``. Idempotent."""
    facts = sources.tender_facts(tender)
    if facts is None:
        return None
    return public_tender_upsert(facts=facts, ocid=ocid_for(tender.code))


def public_tender_upsert(*, facts: dict[str, Any], ocid: str) -> PublicTender:
    """Bring the public search row of one tender in line with its public facts (idempotent)."""
    buyer = facts["buyer"]
    award = facts.get("award") or {}
    contract = facts.get("contract") or {}
    period = facts.get("tender_period") or (None, None)
    values = {
        "ocid": ocid,
        "tender_pk": facts.get("pk"),
        "title": facts["title"][:300],
        "agency_code": buyer.get("agency_code", ""),
        "agency_name": buyer.get("agency_name", ""),
        "work_unit_id": buyer.get("unit_id"),
        "work_unit_name": buyer.get("name", ""),
        "location": facts.get("location") or "",
        "method": facts.get("method", ""),
        "procurement_type": facts.get("procurement_type", ""),
        "funding_source": facts.get("funding_source", ""),
        "fiscal_year": facts["fiscal_year"],
        "hps": facts.get("hps"),
        "pagu": facts.get("pagu"),
        "phase": _phase(facts),
        "stage": facts.get("stage", ""),
        "published_at": facts["announced_at"],
        "closing_at": period[1],
        "winner_name": (award.get("provider") or {}).get("name", ""),
        "winner_provider_id": (award.get("provider") or {}).get("pk"),
        "winner_value": award.get("value"),
        "contract_value": contract.get("value"),
        "contract_signed_on": contract.get("date_signed"),
        "sort_key": sort_key_for(facts["announced_at"], facts.get("pk") or 0),
        "search_text": search_text_for(
            facts["code"],
            facts["title"],
            buyer.get("agency_name", ""),
            buyer.get("name", ""),
            facts.get("location") or "",
        ),
        "facts_digest": facts_digest(facts),
    }
    row = PublicTender.objects.filter(code=facts["code"]).first()
    if row is None:
        return PublicTender.objects.create(code=facts["code"], **values)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=[*changed, "updated_at"])
    return row


# --- service notices -------------------------------------------------------------------------------------


class NoticeError(LenteraError):
    pass


def _check_notice(starts_at: dt.datetime, ends_at: dt.datetime, title: str, summary: str) -> None:
    if not title.strip() or not summary.strip():
        raise NoticeError("NOTICE_TEXT_REQUIRED", _("Judul dan uraian pengumuman wajib diisi."))
    if ends_at <= starts_at:
        raise NoticeError("NOTICE_PERIOD_INVALID", _("Waktu selesai harus sesudah waktu mulai."))


NOTICE_FIELDS = [
    "kind",
    "title",
    "summary",
    "severity",
    "affected_features",
    "starts_at",
    "ends_at",
    "show_from",
]


@transaction.atomic
def notice_create(
    *,
    actor,
    title: str,
    summary: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = ServiceNotice.Kind.MAINTENANCE,
    severity: str = ServiceNotice.Severity.WARNING,
    affected_features: str = "",
    show_from: dt.datetime | None = None,
) -> ServiceNotice:
    """The LPSE announces planned maintenance or an outage (Permendagri 53/2021 Lampiran 2.5.2 d, 2.5.4).

    Cites: Permendagri 53/2021 Lampiran 2.5.2 d;
           Permendagri 53/2021 Lampiran 2.5.4 (informasi bila terjadi gangguan dan/atau pemeliharaan SPSE).
    """
    ensure_role(actor, *NOTICE_ROLES)
    _check_notice(starts_at, ends_at, title, summary)
    notice = ServiceNotice.objects.create(
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        severity=severity,
        affected_features=affected_features.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        show_from=show_from,
        created_by=actor,
    )
    audit.record(
        actor=actor, action="public.notice.create", obj=notice, after=audit.snapshot(notice, NOTICE_FIELDS)
    )
    transaction.on_commit(_forget_notices)
    return notice


@transaction.atomic
def notice_update(*, actor, notice: ServiceNotice, **changes: Any) -> ServiceNotice:
    ensure_role(actor, *NOTICE_ROLES)
    before = audit.snapshot(notice, NOTICE_FIELDS)
    for name, value in changes.items():
        if name not in NOTICE_FIELDS:
            raise ValueError(name)
        setattr(notice, name, value.strip() if isinstance(value, str) else value)
    _check_notice(notice.starts_at, notice.ends_at, notice.title, notice.summary)
    notice.save()
    audit.record(
        actor=actor,
        action="public.notice.update",
        obj=notice,
        before=before,
        after=audit.snapshot(notice, NOTICE_FIELDS),
    )
    transaction.on_commit(_forget_notices)
    return notice


@transaction.atomic
def notice_withdraw(*, actor, notice: ServiceNotice) -> ServiceNotice:
    from lentera.core.clock import db_now

    ensure_role(actor, *NOTICE_ROLES)
    if notice.withdrawn_at is not None:
        raise NoticeError("NOTICE_ALREADY_WITHDRAWN", _("Pengumuman ini sudah ditarik."))
    notice.withdrawn_at = db_now()
    notice.save(update_fields=["withdrawn_at", "updated_at"])
    audit.record(actor=actor, action="public.notice.withdraw", obj=notice)
    transaction.on_commit(_forget_notices)
    return notice


def _forget_notices() -> None:
    from .selectors import forget_notice_cache

    forget_notice_cache()
