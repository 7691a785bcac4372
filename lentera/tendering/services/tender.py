"""A tender's life: create from an assigned package, schedule, documents, announce, change the schedule, extend
for an outage, fail, cancel, re-tender; and the recording of swakelola / emergency procurement.

Perpres 16/2018 (as changed by Perpres 12/2021) Pasal 38-41, 50-51; Permendagri 53/2021 Pasal 5 e, 16.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, events
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied
from lentera.planning.models import Method, Package, ProcurementType

from .. import rules, states
from ..enums import Envelope, EvaluationMethod, OfficialRecordKind, Qualification, Stage, TenderStatus
from ..errors import TenderingError
from ..models import Tender, TenderDocument, TenderRegistration
from ..states import Trigger
from ..timeline import stage_window
from ._base import (
    agency_of,
    authorize,
    check_upload,
    is_operator,
    lock_tender,
    sha256_of,
)
from .records import notify_registered, official_record_create, publish

TENDER_FIELDS = (
    "code",
    "title",
    "method",
    "procurement_type",
    "qualification",
    "envelope",
    "evaluation_method",
    "technical_weight",
    "price_weight",
    "passing_technical_score",
    "economic_life_years",
    "reverse_auction",
    "status",
    "status_reason",
    "hps_total",
    "pagu",
    "pokja",
    "procurement_official",
    "invited_provider",
    "invitation_reason",
    "evaluation_round",
    "announced_at",
    "closed_at",
)


CREATABLE_PACKAGE_STATUSES = (Package.Status.ASSIGNED,)


SELECTION_METHODS = {str(m) for m in states.TENDER_METHODS} | {
    Method.PENGADAAN_LANGSUNG,
    Method.PENUNJUKAN_LANGSUNG,
}


def next_attempt(package: Package) -> int:
    """The attempt number of the package's next tender (or procurement record): one after its latest."""
    latest = (
        Tender.objects.filter(package=package).order_by("-attempt").values_list("attempt", flat=True).first()
    )
    return (latest or 0) + 1


def set_package_status(*, actor: Any, package: Package, status: str) -> None:
    """Move the package along as its selection progresses (IN_SELECTION, AWARDED, CONTRACTED).

    The planning app owns the package; it publishes no service for these moves, so tendering writes only the
    status column, in the same transaction, with an audit event."""
    before = package.status
    if before == status:
        return
    Package.objects.filter(pk=package.pk).update(status=status)
    package.status = status
    audit.record(
        actor=actor,
        action="tendering.package.status",
        obj=package,
        before={"status": before},
        after={"status": status},
    )


def _report(*, actor: Any, tender: Tender, outcome: str, summary: str) -> None:
    """Report the outcome to the Kepala UKPBJ through planning (Permendagri 53/2021 Pasal 17)."""
    try:
        from lentera.planning.services import selection_report_submit
    except ImportError:  # pragma: no cover - planning publishes it
        return
    if actor is None or not is_operator(tender, actor):
        return
    selection_report_submit(actor=actor, package=tender.package, outcome=outcome, summary=summary)


def _validate_settings(
    *,
    package: Package,
    qualification: str,
    envelope: str,
    evaluation_method: str,
    technical_weight: Decimal | None,
    price_weight: Decimal | None,
    economic_life_years: int | None,
) -> None:
    if qualification == Qualification.PRE and package.procurement_type not in (
        ProcurementType.WORKS,
        ProcurementType.CONSULTANCY,
    ):
        raise TenderingError(
            "PREQUALIFICATION_NOT_ALLOWED",
            _(
                "Prakualifikasi hanya untuk pekerjaan konstruksi dan jasa konsultansi (Perpres 16/2018 Pasal 44)."
            ),
        )
    if evaluation_method == EvaluationMethod.MERIT_POINT:
        if technical_weight is None or price_weight is None:
            raise TenderingError(
                "WEIGHTS_REQUIRED", _("Sistem nilai memerlukan bobot teknis dan bobot harga.")
            )
        if (
            Decimal(technical_weight) + Decimal(price_weight) != rules.MERIT_WEIGHT_TOTAL
            or min(Decimal(technical_weight), Decimal(price_weight)) < 0
        ):
            raise TenderingError(
                "WEIGHTS_TOTAL",
                _("Bobot teknis dan bobot harga harus berjumlah 100%% (%(rule)s)."),
                rule=rules.MERIT_CITATION,
            )
    if evaluation_method == EvaluationMethod.LIFE_CYCLE and not economic_life_years:
        raise TenderingError(
            "ECONOMIC_LIFE_REQUIRED", _("Metode umur ekonomis memerlukan umur ekonomis (tahun).")
        )
    if package.method == Method.TENDER_CEPAT and evaluation_method != EvaluationMethod.LOWEST_PRICE:
        raise TenderingError(
            "FAST_TENDER_LOWEST_PRICE",
            _(
                "Tender Cepat menetapkan pemenang berdasarkan harga terendah (Perpres 16/2018 Pasal 50 ayat (4) huruf d)."
            ),
        )


@transaction.atomic
def tender_create(
    *,
    actor: Any,
    package: Package,
    title: str = "",
    qualification: str = Qualification.POST,
    envelope: str = Envelope.ONE_FILE,
    evaluation_method: str = EvaluationMethod.LOWEST_PRICE,
    technical_weight: Decimal | None = None,
    price_weight: Decimal | None = None,
    passing_technical_score: Decimal | None = None,
    economic_life_years: int | None = None,
    reverse_auction: bool = False,
    invited_provider: Any = None,
    invitation_reason: str = "",
) -> Tender:
    """The Pokja (or the Pejabat Pengadaan) assigned to a package drafts its selection (Permendagri 53/2021
    Pasal 5 e). The method, type, HPS and pagu are copied from the package."""
    package = (
        Package.objects.select_for_update(of=("self",))
        .select_related("pokja", "work_unit")
        .get(pk=package.pk)
    )
    if package.status not in CREATABLE_PACKAGE_STATUSES:
        raise TenderingError(
            "PACKAGE_NOT_ASSIGNED",
            _("Paket harus sudah diserahkan ke Pokja / Pejabat Pengadaan (status sekarang: %(state)s)."),
            status=409,
            state=package.get_status_display(),
        )
    if package.method not in SELECTION_METHODS:
        raise TenderingError(
            "METHOD_NOT_SELECTION",
            _("Metode %(method)s tidak dipilih melalui tender; gunakan pencatatan atau e-purchasing."),
            method=Method(package.method).label,
        )
    is_pp = package.method == Method.PENGADAAN_LANGSUNG
    if is_pp:
        if package.procurement_official_id != actor.pk or not actor.has_role("PROCUREMENT_OFFICIAL"):
            raise AccessDenied("NOT_PROCUREMENT_OFFICIAL", _("Anda bukan Pejabat Pengadaan paket ini."))
    else:
        if (
            package.pokja is None
            or not actor.has_role("POKJA")
            or not package.pokja.members.filter(user=actor, left_at__isnull=True).exists()
        ):
            raise AccessDenied("NOT_POKJA_MEMBER", _("Anda bukan anggota Pokja Pemilihan paket ini."))
    if (
        Tender.objects.filter(package=package)
        .exclude(status__in=[TenderStatus.FAILED, TenderStatus.CANCELLED])
        .exists()
    ):
        raise TenderingError("TENDER_EXISTS", _("Paket ini sudah memiliki tender yang berjalan."), status=409)
    if package.method == Method.TENDER_CEPAT:
        reverse_auction = True
    _validate_settings(
        package=package,
        qualification=qualification,
        envelope=envelope,
        evaluation_method=evaluation_method,
        technical_weight=technical_weight,
        price_weight=price_weight,
        economic_life_years=economic_life_years,
    )
    if package.method == Method.PENUNJUKAN_LANGSUNG:
        invitation_reason = (invitation_reason or package.direct_appointment_reason or "").strip()
    attempt = next_attempt(package)
    tender = Tender.objects.create(
        package=package,
        attempt=attempt,
        code=f"{package.code}-T{attempt}",
        title=(title or package.name).strip(),
        method=package.method,
        procurement_type=package.procurement_type,
        qualification=qualification if package.method in states.TENDER_METHODS else Qualification.POST,
        envelope=envelope if package.method in states.TENDER_METHODS else Envelope.ONE_FILE,
        evaluation_method=evaluation_method,
        technical_weight=technical_weight,
        price_weight=price_weight,
        passing_technical_score=passing_technical_score,
        economic_life_years=economic_life_years,
        reverse_auction=reverse_auction,
        hps_total=package.hps_total,
        pagu=package.pagu,
        pokja=None if is_pp else package.pokja,
        procurement_official=actor if is_pp else None,
        invited_provider=invited_provider,
        invitation_reason=invitation_reason,
        created_by=actor,
    )
    audit.record(
        actor=actor, action="tendering.tender.create", obj=tender, after=audit.snapshot(tender, TENDER_FIELDS)
    )
    return tender


@transaction.atomic
def document_upload(
    *, actor: Any, tender: Tender, file: UploadedFile | None, title: str = ""
) -> TenderDocument:
    """The selection document (dokumen pemilihan), uploaded before the announcement (Permendagri 53/2021 Pasal 5 d)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.UPLOAD_DOCUMENT, actor=actor, at=now)
    stored = check_upload(file)
    assert file is not None  # check_upload refuses a missing file (FILE_REQUIRED)
    doc = TenderDocument(
        tender=tender,
        kind=TenderDocument.Kind.SELECTION,
        title=(title or str(_("Dokumen pemilihan"))).strip()[:200],
        original_name=(file.name or "dokumen")[:255],
        size=file.size or 0,
        sha256=sha256_of(file),
        uploaded_by=actor,
        uploaded_at=now,
    )
    doc.file.save(stored, file, save=False)  # named after its content type
    doc.save()
    audit.record(
        actor=actor,
        action="tendering.document.upload",
        obj=doc,
        after={"tender": tender.code, "title": doc.title, "sha256": doc.sha256, "size": doc.size},
    )
    return doc


@transaction.atomic
def addendum_issue(
    *, actor: Any, tender: Tender, file: UploadedFile | None, title: str, reason: str
) -> TenderDocument:
    """An addendum to the selection document; every registered provider is told by e-mail."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.ADDENDUM, actor=actor, at=now, reason=reason)
    stored = check_upload(file)
    assert file is not None  # check_upload refuses a missing file (FILE_REQUIRED)
    number = TenderDocument.objects.filter(tender=tender, kind=TenderDocument.Kind.ADDENDUM).count() + 1
    doc = TenderDocument(
        tender=tender,
        kind=TenderDocument.Kind.ADDENDUM,
        number=number,
        title=(title or str(_("Adendum %(n)s") % {"n": number})).strip()[:200],
        original_name=(file.name or "adendum")[:255],
        size=file.size or 0,
        sha256=sha256_of(file),
        note=reason.strip(),
        uploaded_by=actor,
        uploaded_at=now,
    )
    doc.file.save(stored, file, save=False)  # named after its content type
    doc.save()
    publish("tender", tender)
    told = notify_registered(
        tender,
        _("Adendum dokumen pemilihan"),
        [
            str(_("Adendum %(n)s: %(title)s") % {"n": number, "title": doc.title}),
            str(_("Alasan: %(r)s") % {"r": doc.note}),
        ],
    )
    audit.record(
        actor=actor,
        action="tendering.document.addendum",
        obj=doc,
        after={
            "tender": tender.code,
            "number": number,
            "sha256": doc.sha256,
            "reason": doc.note,
            "notified": told,
        },
    )
    return doc


@transaction.atomic
def provider_invite(*, actor: Any, tender: Tender, provider: Any) -> TenderRegistration:
    """Pengadaan Langsung: the Pejabat Pengadaan invites a provider; Penunjukan Langsung: the Pokja invites the one
    provider named with its reason (the rules: rules.invitation_allowed and the invited_provider_set guard)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.INVITE, actor=actor, at=now, provider=provider)
    if not rules.invitation_allowed(
        method=tender.method, invited_provider_id=tender.invited_provider_id, provider_id=provider.pk
    ):
        raise TenderingError(
            "ONE_INVITED_PROVIDER", _("Penunjukan Langsung hanya mengundang satu penyedia yang ditunjuk.")
        )
    reg, created = TenderRegistration.objects.get_or_create(
        tender=tender,
        provider=provider,
        defaults={"registered_by": actor, "registered_at": now, "invited": True},
    )
    if created:
        audit.record(
            actor=actor,
            action="tendering.provider.invite",
            obj=reg,
            after={"tender": tender.code, "provider": provider.pk},
        )
        if tender.status == TenderStatus.ANNOUNCED:
            notify_registered(
                tender,
                _("Undangan pengadaan"),
                [str(_("Anda diundang untuk menyampaikan penawaran."))],
                emails=[provider.account.email],
            )
    return reg


@transaction.atomic
def tender_announce(*, actor: Any, tender: Tender) -> Tender:
    """Announce the tender: its schedule and documents become public and the clock starts driving its stages.

    Checks the schedule again (rules.py), the selection document, and the HPS age against the bid deadline
    (planning.rules.ensure_hps_age: Perpres 16/2018 Pasal 26 ayat (8))."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.ANNOUNCE, actor=actor, at=now)
    machine = states.machine_of(tender)
    first = stage_window(tender, machine.stages[0])
    if first is None or first[1] <= now:
        raise TenderingError(
            "SCHEDULE_IN_PAST", _("Jadwal tahap pertama sudah lewat; perbarui jadwal sebelum mengumumkan.")
        )
    deadline_stage = Stage.BID_UPLOAD if Stage.BID_UPLOAD in machine.stages else Stage.OFFER
    deadline = stage_window(tender, deadline_stage)
    if tender.package.hps_total is not None and deadline is not None:
        from lentera.planning.rules import ensure_hps_age

        ensure_hps_age(tender.package.hps_set_on, deadline[1], agency_of(tender))
    if tender.method == Method.PENUNJUKAN_LANGSUNG:
        TenderRegistration.objects.get_or_create(
            tender=tender,
            provider=tender.invited_provider,
            defaults={"registered_by": actor, "registered_at": now, "invited": True},
        )
    before = audit.snapshot(tender, TENDER_FIELDS)
    tender.status = TenderStatus.ANNOUNCED
    tender.announced_at = now
    tender.hps_total = tender.package.hps_total
    tender.save(update_fields=["status", "announced_at", "hps_total", "updated_at"])
    set_package_status(actor=actor, package=tender.package, status=Package.Status.IN_SELECTION)
    _seal_keys_at_announcement(actor=actor, tender=tender)
    publish("tender", tender)
    notify_registered(
        tender, _("Undangan pemilihan penyedia"), [str(_("Anda diundang dalam pemilihan penyedia ini."))]
    )
    audit.record(
        actor=actor,
        action="tendering.tender.announce",
        obj=tender,
        before=before,
        after=audit.snapshot(tender, TENDER_FIELDS),
    )
    return tender


def _seal_keys_at_announcement(*, actor: Any, tender: Tender) -> None:
    """Announce the tender to the apps above (lentera.core.events, after the commit): the bidding app makes the
    sealed-bid envelopes at once when every Pokja member already has an opening key (Permendagri 53/2021
    Lampiran 2.1 c 2: bids are sealed from the start).

    When one has none yet, the announcement still goes ahead; the bidding app then makes the envelopes when bid
    upload opens (audited as lazy) and refuses every upload until they exist, so no bid is ever unsealed."""
    if tender.pokja_id is None or Stage.BID_UPLOAD not in states.machine_of(tender).stages:
        return
    events.record("tendering.tender.announced", obj=tender, actor=actor)


def _close(*, actor: Any, tender: Tender, status: str, reason: str, now: dt.datetime) -> None:
    before = audit.snapshot(tender, TENDER_FIELDS)
    tender.status = status
    tender.status_reason = reason.strip()
    tender.closed_at = now
    tender.save(update_fields=["status", "status_reason", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action=f"tendering.tender.{status.lower()}",
        obj=tender,
        before=before,
        after=audit.snapshot(tender, TENDER_FIELDS),
    )


def fail_tender(*, actor: Any, tender: Tender, reason: str, now: dt.datetime) -> None:
    """Mark failed (inside an authorised transaction), with its berita acara, report and notices."""
    _close(actor=actor, tender=tender, status=TenderStatus.FAILED, reason=reason, now=now)
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.FAILURE,
        context={"sections": [{"heading": str(_("Alasan")), "paragraphs": [reason.strip()]}]},
        is_public=True,
    )
    publish("tender", tender)
    notify_registered(tender, _("Tender dinyatakan gagal"), [str(_("Alasan: %(r)s") % {"r": reason.strip()})])
    _report(
        actor=actor,
        tender=tender,
        outcome="FAILED",
        summary=str(_("Tender %(code)s gagal: %(r)s") % {"code": tender.code, "r": reason.strip()}),
    )


@transaction.atomic
def tender_fail(*, actor: Any, tender: Tender, reason: str) -> Tender:
    """The Pokja (or Pejabat Pengadaan) declares the selection failed, with the reason (Perpres 16/2018 Pasal 51)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.FAIL, actor=actor, at=now, reason=reason)
    fail_tender(actor=actor, tender=tender, reason=reason, now=now)
    return tender


@transaction.atomic
def tender_cancel(*, actor: Any, tender: Tender, reason: str) -> Tender:
    """The PA/KPA cancels the selection, with the reason (Perpres 16/2018 Pasal 51)."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.CANCEL, actor=actor, at=now, reason=reason)
    _close(actor=actor, tender=tender, status=TenderStatus.CANCELLED, reason=reason, now=now)
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.CANCELLATION,
        context={
            "sections": [{"heading": str(_("Alasan pembatalan")), "paragraphs": [reason.strip()]}],
            "signatories": [{"role": str(_("PA/KPA")), "name": actor.full_name, "nip": actor.nip}],
        },
        is_public=True,
    )
    publish("tender", tender)
    notify_registered(tender, _("Tender dibatalkan"), [str(_("Alasan: %(r)s") % {"r": reason.strip()})])
    return tender


@transaction.atomic
def tender_retender(*, actor: Any, tender: Tender) -> Tender:
    """After a failed tender, the Pokja drafts a new attempt on the same package (attempt + 1); the selection
    document is carried over and can be replaced before the new announcement."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.RETENDER, actor=actor, at=now)
    if Tender.objects.filter(package=tender.package, attempt__gt=tender.attempt).exists():
        raise TenderingError("RETENDER_EXISTS", _("Tender ulang untuk paket ini sudah dibuat."), status=409)
    new = Tender.objects.create(
        package=tender.package,
        attempt=tender.attempt + 1,
        previous=tender,
        code=f"{tender.package.code}-T{tender.attempt + 1}",
        title=tender.title,
        method=tender.method,
        procurement_type=tender.procurement_type,
        qualification=tender.qualification,
        envelope=tender.envelope,
        evaluation_method=tender.evaluation_method,
        technical_weight=tender.technical_weight,
        price_weight=tender.price_weight,
        passing_technical_score=tender.passing_technical_score,
        economic_life_years=tender.economic_life_years,
        reverse_auction=tender.reverse_auction,
        hps_total=tender.package.hps_total,
        pagu=tender.package.pagu,
        pokja=tender.pokja,
        procurement_official=tender.procurement_official,
        invited_provider=tender.invited_provider,
        invitation_reason=tender.invitation_reason,
        created_by=actor,
    )
    for doc in TenderDocument.objects.filter(tender=tender, kind=TenderDocument.Kind.SELECTION):
        TenderDocument.objects.create(
            tender=new,
            kind=doc.kind,
            title=doc.title,
            file=doc.file.name,
            original_name=doc.original_name,
            size=doc.size,
            sha256=doc.sha256,
            note=str(_("Dari tender %(code)s") % {"code": tender.code}),
            uploaded_by=actor,
            uploaded_at=now,
        )
    audit.record(
        actor=actor,
        action="tendering.tender.retender",
        obj=new,
        after=audit.snapshot(new, TENDER_FIELDS) | {"previous": tender.code},
    )
    return new
