"""Official records (berita acara) as PDF, and notices to the providers of a tender."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, events
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied

from .. import pdf
from ..enums import OfficialRecordKind
from ..models import OfficialRecord, Tender, TenderRegistration
from ._base import is_budget_holder, is_operator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


def tender_header(tender: Tender) -> dict[str, Any]:
    return {
        "code": tender.code,
        "title": tender.title,
        "work_unit": tender.package.work_unit.name,
        "method": tender.get_method_display(),
        "procurement_type": tender.get_procurement_type_display(),
        "hps_total": str(tender.hps_total) if tender.hps_total is not None else None,
    }


def member_signatories(tender: Tender, *, only_ids: Iterable[int] | None = None) -> list[dict[str, str]]:
    """The Pokja members (or the Pejabat Pengadaan) who sign a record."""
    u = tender.procurement_official
    if u is not None:
        return [{"role": str(_("Pejabat Pengadaan")), "name": u.full_name, "nip": u.nip}]
    pokja = tender.pokja
    if pokja is None:
        return []
    wanted = set(only_ids) if only_ids is not None else None
    out = []
    for m in pokja.members.filter(left_at__isnull=True).select_related("user").order_by("-is_chair", "pk"):
        if wanted is not None and m.user_id not in wanted:
            continue
        role = _("Ketua Pokja") if m.is_chair else _("Anggota Pokja")
        out.append({"role": str(role), "name": m.user.full_name, "nip": m.user.nip})
    return out


def _next_number(tender: Tender, kind: str) -> str:
    count = OfficialRecord.objects.filter(tender=tender).count() + 1
    return f"BA/{kind}/{tender.code}/{count:03d}"


@transaction.atomic
def official_record_create(
    *,
    actor: Any,
    tender: Tender,
    kind: str,
    context: dict[str, Any],
    title: str | None = None,
    is_public: bool = False,
) -> OfficialRecord:
    """Render a berita acara as PDF from recorded data, store it, and put its SHA-256 in the audit log.

    `context` is what the record says, as data:
    ``{"sections": [{"heading": str, "paragraphs": [str], "columns": [str], "rows": [[str]]}],
    "signatories": [{"role", "name", "nip"}]}`` (signatories default to the Pokja members / Pejabat Pengadaan).
    The bidding app calls this for the opening record (kind ``OPENING``, ``OPENING_PROBLEM``, ``PRICE_OPENING``).
    `actor` is a member of the tender's Pokja, its Pejabat Pengadaan, the package's PPK or PA/KPA, or None when
    another service records on the Pokja's behalf inside its own checked transaction.
    """
    if kind not in OfficialRecordKind.values:
        raise ValueError(f"unknown official record kind {kind!r}")
    if actor is not None and not (
        is_operator(tender, actor) or tender.package.ppk_id == actor.pk or is_budget_holder(tender, actor)
    ):
        raise AccessDenied("NOT_TENDER_OFFICIAL", _("Anda tidak berwenang membuat berita acara tender ini."))
    now = db_now()
    number = _next_number(tender, kind)
    title = title or str(OfficialRecordKind(kind).label)
    from lentera.core.calendar import JAKARTA

    data = {
        "title": title,
        "number": number,
        "site_name": settings.LENTERA_SITE_NAME,
        "tender": tender_header(tender),
        "created_at_text": now.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB"),
        "sections": context.get("sections", []),
        "signatories": context.get("signatories", member_signatories(tender)),
    }
    data = _jsonable(data)
    content = pdf.render_pdf(pdf.render_record_html(data))
    digest = hashlib.sha256(content).hexdigest()
    record = OfficialRecord(
        tender=tender,
        kind=kind,
        number=number,
        title=title,
        sha256=digest,
        context=data,
        is_public=is_public,
        created_by=actor if actor is not None else tender.created_by,
        created_at=now,
    )
    safe = number.replace("/", "-")
    record.file.save(f"{safe}.pdf", ContentFile(content), save=False)
    record.save()
    audit.record(
        actor=actor,
        action="tendering.official_record.create",
        obj=record,
        after={
            "tender": tender.code,
            "kind": kind,
            "number": number,
            "sha256": digest,
            "file": record.file.name,
            "public": is_public,
        },
    )
    return record


def registered_emails(tender: Tender) -> list[str]:
    out: list[str] = []
    for reg in TenderRegistration.objects.filter(tender=tender).select_related(
        "provider", "provider__account"
    ):
        for address in (reg.provider.account.email, reg.provider.email):
            if address and address not in out:
                out.append(address)
    return out


def notify_registered(
    tender: Tender, subject: StrOrPromise, lines: Iterable[str], *, emails: list[str] | None = None
) -> int:
    """E-mail every provider registered for the tender, after the transaction commits. Returns how many."""
    from ..tasks import send_tender_mail

    recipients = registered_emails(tender) if emails is None else emails
    if not recipients:
        return 0
    body = "\n\n".join(
        [f"{tender.code} - {tender.title}", *[str(x) for x in lines], settings.LENTERA_SITE_NAME]
    )
    subject = str(subject)
    transaction.on_commit(lambda: send_tender_mail.enqueue(subject, body, recipients))
    return len(recipients)


def publish(kind: str, tender: Tender) -> None:
    """Tell the projections (the OCDS feed, the public tender table) that a public fact of the tender changed:
    ``kind`` is "tender", "award" or "contract". They run after the commit (lentera.core.events); publication
    never fails the change, and ``events_replay`` / ``opendata_sync`` repair gaps."""
    events.record("tendering.tender.public_change", obj=tender, payload={"kind": kind})
