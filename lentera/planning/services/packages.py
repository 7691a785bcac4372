"""Packages: the PPK turns RUP items into a package, sets the itemised HPS, specification / KAK and draft contract,
picks the method (checked against the dated rules), and hands it to the UKPBJ; the Kepala UKPBJ assigns it to a
Pokja Pemilihan or a Pejabat Pengadaan (Permendagri 53/2021 Pasal 5 a-d, 9, 12; Perpres 16/2018 Pasal 26, 38, 41).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from lentera.core import audit, uploads
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role

from .. import rules
from ..errors import PlanningError
from ..models import HpsItem, Method, Package, Pokja, RupItem
from ..scope import ensure_agency_role, ensure_unit_role, today
from . import conflicts

PACKAGE_FIELDS = (
    "code",
    "name",
    "work_unit",
    "ppk",
    "fiscal_year",
    "procurement_type",
    "method",
    "funding_source",
    "location",
    "pagu",
    "hps_total",
    "hps_set_on",
    "status",
    "pokja",
    "procurement_official",
    "contract_manager",
    "inspector",
    "method_justification",
    "direct_appointment_reason",
    "catalogue_reference",
    "spec_standard",
    "providers_qualified",
    "method_rule",
    "kak_file",
    "draft_contract",
)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
EDITABLE_STATUSES = (Package.Status.DRAFT,)
ASSIGNABLE_STATUSES = (Package.Status.READY, Package.Status.ASSIGNED)


@dataclass(frozen=True)
class HpsLine:
    """One HPS line as entered: quantity x unit price, with where the price comes from."""

    description: str
    unit: str
    quantity: Decimal | str | int
    unit_price: Decimal | str | int
    price_source: str
    source_note: str = ""


def _ensure_package_ppk(actor: User, package: Package) -> None:
    ensure_unit_role(actor, package.work_unit, Role.PPK)
    if not actor.is_superuser and package.ppk_id != actor.pk:
        raise AccessDenied("NOT_PACKAGE_PPK", _("Hanya PPK paket ini yang dapat mengubahnya."))


def _lock(package: Package) -> Package:
    return (
        Package.objects.select_for_update(of=("self",))
        .select_related("work_unit__agency", "pokja", "ppk", "procurement_official")
        .get(pk=package.pk)
    )


def _ensure_editable(package: Package) -> None:
    if package.status not in EDITABLE_STATUSES:
        # Formatted here: a `status=` parameter would be taken as the error's HTTP status by LenteraError.
        raise PlanningError(
            "PACKAGE_LOCKED",
            _("Paket berstatus %(status)s tidak dapat diubah; kembalikan ke draf dahulu.")
            % {"status": package.get_status_display()},
        )


def _check_document(upload: UploadedFile | None, label: str) -> None:
    if upload is None:
        return
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise PlanningError("DOCUMENT_TOO_LARGE", _("%(doc)s lebih dari 20 MB."), doc=label)
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    uploads.check_content(
        head=head,
        size=upload.size,
        allowed=uploads.PDF_ONLY,
        file_name=f"{label} ({upload.name})",
        error=PlanningError,
    )


@transaction.atomic
def package_create(
    *,
    actor: User,
    rup_items: Sequence[RupItem],
    name: str = "",
    method: str = "",
    location: str = "",
    specification: str = "",
) -> Package:
    """The PPK turns one or more announced RUP items of their work unit into a package; its pagu is the sum of
    the items' pagu (Permendagri 53/2021 Pasal 5 a)."""
    items = list(RupItem.objects.select_for_update().filter(pk__in=[i.pk for i in rup_items]).order_by("pk"))
    if not items:
        raise PlanningError("RUP_REQUIRED", _("Pilih paling sedikit satu item RUP."))
    first = items[0]
    ensure_unit_role(actor, first.work_unit, Role.PPK)
    for item in items:
        if (item.work_unit_id, item.fiscal_year) != (first.work_unit_id, first.fiscal_year):
            raise PlanningError(
                "RUP_MIXED", _("Item RUP satu paket harus dari satuan kerja dan tahun anggaran yang sama.")
            )
        if (item.procurement_type, item.funding_source) != (first.procurement_type, first.funding_source):
            raise PlanningError(
                "RUP_MIXED", _("Item RUP satu paket harus sama jenis pengadaan dan sumber dananya.")
            )
        if item.announced_at is None or item.cancelled_at is not None:
            raise PlanningError(
                "RUP_NOT_ANNOUNCED",
                _("Item RUP %(rup)s belum diumumkan atau sudah dibatalkan."),
                rup=item.code,
            )
        if item.packages.exclude(status=Package.Status.CANCELLED).exists():
            raise PlanningError(
                "RUP_ALREADY_PACKAGED", _("Item RUP %(rup)s sudah menjadi paket lain."), rup=item.code
            )
    pagu = sum((i.pagu for i in items), Decimal("0"))
    planned = {i.planned_method for i in items}
    method = method or (planned.pop() if len(planned) == 1 else "")
    rule = rules.check_method_basic(
        procurement_type=first.procurement_type, method=method, value=pagu, on=today()
    )
    package = Package.objects.create(
        code=f"TMP-{uuid.uuid4().hex[:24]}",
        name=(name or "").strip() or first.name,
        work_unit=first.work_unit,
        ppk=actor,
        fiscal_year=first.fiscal_year,
        procurement_type=first.procurement_type,
        method=method,
        funding_source=first.funding_source,
        location=(location or "").strip() or first.location,
        pagu=pagu,
        specification=specification or "",
        method_rule=rule[:300],
    )
    package.code = f"PKT{package.fiscal_year}-{package.pk:06d}"
    package.save(update_fields=["code"])
    package.rup_items.set(items)
    audit.record(
        actor=actor,
        action="planning.package.create",
        obj=package,
        after=audit.snapshot(package, PACKAGE_FIELDS) | {"rup_items": [i.code for i in items]},
    )
    return package


@transaction.atomic
def package_update(
    *,
    actor: User,
    package: Package,
    name: str | None = None,
    location: str | None = None,
    specification: str | None = None,
    method: str | None = None,
    method_justification: str | None = None,
    direct_appointment_reason: str | None = None,
    catalogue_reference: str | None = None,
    spec_standard: bool | None = None,
    providers_qualified: bool | None = None,
    kak_file: UploadedFile | None = None,
    draft_contract: UploadedFile | None = None,
) -> Package:
    """The PPK edits a draft package: name, location, specification / KAK, draft contract, method and the method's
    justification (Permendagri 53/2021 Pasal 5 c-d). The method is checked against the dated thresholds."""
    package = _lock(package)
    _ensure_package_ppk(actor, package)
    _ensure_editable(package)
    before = audit.snapshot(package, PACKAGE_FIELDS)
    for field, value in (
        ("name", name),
        ("location", location),
        ("specification", specification),
        ("method", method),
        ("method_justification", method_justification),
        ("direct_appointment_reason", direct_appointment_reason),
        ("catalogue_reference", catalogue_reference),
    ):
        if value is not None:
            setattr(package, field, value.strip() if field != "specification" else value)
    if spec_standard is not None:
        package.spec_standard = bool(spec_standard)
    if providers_qualified is not None:
        package.providers_qualified = bool(providers_qualified)
    if not package.name:
        raise PlanningError("NAME_REQUIRED", _("Nama paket wajib diisi."))
    package.method_rule = rules.check_method_basic(
        procurement_type=package.procurement_type,
        method=package.method,
        value=package.hps_total or package.pagu,
        on=today(),
    )[:300]
    _check_document(kak_file, str(_("Berkas KAK")))
    _check_document(draft_contract, str(_("Rancangan kontrak")))
    if kak_file is not None:
        package.kak_file.save(kak_file.name or "kak.pdf", kak_file, save=False)
    if draft_contract is not None:
        package.draft_contract.save(draft_contract.name or "kontrak.pdf", draft_contract, save=False)
    package.save()
    audit.record(
        actor=actor,
        action="planning.package.update",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS),
    )
    return package


def _quantity(value) -> Decimal:
    try:
        q = Decimal(str(value)).quantize(Decimal("0.001"))
    except (InvalidOperation, ValueError, TypeError):
        raise PlanningError("HPS_QUANTITY_INVALID", _("Volume HPS harus berupa angka."))
    if q <= 0:
        raise PlanningError("HPS_QUANTITY_INVALID", _("Volume HPS harus lebih dari 0."))
    return q


def _price(value) -> Decimal:
    try:
        p = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise PlanningError("HPS_PRICE_INVALID", _("Harga satuan HPS harus berupa angka Rupiah."))
    if p < 0:
        raise PlanningError("HPS_PRICE_INVALID", _("Harga satuan HPS tidak boleh negatif."))
    return p


@transaction.atomic
def package_hps_set(
    *, actor: User, package: Package, lines: Sequence[HpsLine], hps_set_on: dt.date
) -> Package:
    """The PPK sets the itemised HPS from market research, catalogue prices or past contracts; its total may not
    exceed the pagu (Permendagri 53/2021 Pasal 5 b; Perpres 16/2018 Pasal 26). The total is public, the lines
    are not."""
    package = _lock(package)
    _ensure_package_ppk(actor, package)
    _ensure_editable(package)
    if not lines:
        raise PlanningError("HPS_EMPTY", _("HPS harus berisi paling sedikit satu item."))
    if hps_set_on is None or hps_set_on > today():
        raise PlanningError("HPS_DATE_INVALID", _("Tanggal penetapan HPS tidak boleh di masa depan."))
    rows = []
    total = Decimal("0")
    for position, line in enumerate(lines, start=1):
        if not (line.description or "").strip() or not (line.unit or "").strip():
            raise PlanningError("HPS_LINE_INVALID", _("Uraian dan satuan setiap item HPS wajib diisi."))
        if line.price_source not in HpsItem.PriceSource.values:
            raise PlanningError(
                "HPS_SOURCE_REQUIRED",
                _("Sumber harga item HPS wajib dipilih (survei pasar, katalog, kontrak sebelumnya, ...)."),
            )
        row = HpsItem(
            package=package,
            position=position,
            description=line.description.strip(),
            unit=line.unit.strip(),
            quantity=_quantity(line.quantity),
            unit_price=_price(line.unit_price),
            price_source=line.price_source,
            source_note=(line.source_note or "").strip(),
        )
        total += row.total
        rows.append(row)
    total = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    rules.check_hps_not_above_pagu(hps_total=total, pagu=package.pagu)
    before = audit.snapshot(package, PACKAGE_FIELDS)
    package.hps_items.all().delete()
    HpsItem.objects.bulk_create(rows)
    package.hps_total = total
    package.hps_set_on = hps_set_on
    package.save(update_fields=["hps_total", "hps_set_on", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.package.hps",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS) | {"lines": len(rows)},
    )
    return package


@transaction.atomic
def package_mark_ready(*, actor: User, package: Package) -> Package:
    """The PPK hands a complete draft to the UKPBJ: HPS (unless exempt, Perpres 16/2018 Pasal 26 ayat (7)),
    specification / KAK, and a method that passes every rule in force today (Pasal 38, 41; Perpres 46/2025)."""
    package = _lock(package)
    _ensure_package_ppk(actor, package)
    _ensure_editable(package)
    if rules.hps_required(method=package.method, pagu=package.pagu) and package.hps_total is None:
        raise PlanningError("HPS_MISSING", _("HPS belum ditetapkan (%(rule)s)."), rule=rules.HPS_CITATION)
    if not package.specification.strip() and not package.kak_file:
        raise PlanningError("SPEC_MISSING", _("Spesifikasi teknis / KAK belum diisi."))
    citation = rules.check_method(
        procurement_type=package.procurement_type,
        method=package.method,
        value=package.hps_total or package.pagu,
        on=today(),
        justification=package.method_justification,
        direct_appointment_reason=package.direct_appointment_reason,
        catalogue_reference=package.catalogue_reference,
        spec_standard=package.spec_standard,
        providers_qualified=package.providers_qualified,
    )
    before = audit.snapshot(package, PACKAGE_FIELDS)
    package.status = Package.Status.READY
    package.method_rule = citation[:300]
    package.ready_at = db_now()
    package.save(update_fields=["status", "method_rule", "ready_at", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.package.ready",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS),
    )
    return package


def _package_status_change(
    *,
    actor: User,
    package: Package,
    allowed: tuple[str, ...],
    to: str,
    refusal: tuple[str, StrOrPromise],
    reason: str,
    reason_message: StrOrPromise,
    action: str,
) -> Package:
    """The PPK moves their own package to ``to`` from one of ``allowed`` with a reason (reopen, cancel): one
    lock, one check, one audit event with the reason."""
    package = _lock(package)
    _ensure_package_ppk(actor, package)
    if package.status not in allowed:
        raise PlanningError(refusal[0], refusal[1])
    if not (reason or "").strip():
        raise PlanningError("REASON_REQUIRED", reason_message)
    before = audit.snapshot(package, PACKAGE_FIELDS)
    package.status = to
    package.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS) | {"reason": reason},
    )
    return package


@transaction.atomic
def package_reopen(*, actor: User, package: Package, reason: str) -> Package:
    """The PPK takes a package that the UKPBJ has not yet assigned back into draft."""
    return _package_status_change(
        actor=actor,
        package=package,
        allowed=(Package.Status.READY,),
        to=Package.Status.DRAFT,
        refusal=("PACKAGE_NOT_READY", _("Hanya paket berstatus siap yang dapat dikembalikan ke draf.")),
        reason=reason,
        reason_message=_("Alasan wajib diisi."),
        action="planning.package.reopen",
    )


@transaction.atomic
def package_cancel(*, actor: User, package: Package, reason: str) -> Package:
    """The PPK cancels a package that has not gone into selection; its RUP items become free again."""
    return _package_status_change(
        actor=actor,
        package=package,
        allowed=(Package.Status.DRAFT, Package.Status.READY, Package.Status.ASSIGNED),
        to=Package.Status.CANCELLED,
        refusal=(
            "PACKAGE_IN_SELECTION",
            _("Paket yang sedang/sudah dipilih tidak dapat dibatalkan di sini."),
        ),
        reason=reason,
        reason_message=_("Alasan pembatalan wajib diisi."),
        action="planning.package.cancel",
    )


_KEEP = object()


@transaction.atomic
def package_set_officials(
    *,
    actor: User,
    package: Package,
    contract_manager: User | None | object = _KEEP,
    inspector: User | None | object = _KEEP,
) -> Package:
    """The PPK names the package's contract manager and inspector of the work. Refused when one of them selects
    this package's provider (Permendagri 53/2021 Pasal 12 huruf a)."""
    package = _lock(package)
    _ensure_package_ppk(actor, package)
    if package.status == Package.Status.CANCELLED:
        raise PlanningError("PACKAGE_CANCELLED", _("Paket ini sudah dibatalkan."))
    before = audit.snapshot(package, PACKAGE_FIELDS)
    if contract_manager is not _KEEP:
        package.contract_manager = contract_manager  # type: ignore[assignment]
    if inspector is not _KEEP:
        package.inspector = inspector  # type: ignore[assignment]
    conflicts.check_package(package)
    package.save(update_fields=["contract_manager", "inspector", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.package.officials",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS),
    )
    return package


@transaction.atomic
def package_change_ppk(*, actor: User, package: Package, ppk: User) -> Package:
    """The PA/KPA of the work unit names another PPK for a package. The new PPK must hold the PPK role in that
    work unit and may not select this package (Permendagri 53/2021 Pasal 12 huruf a)."""
    package = _lock(package)
    ensure_unit_role(actor, package.work_unit, Role.PA, Role.KPA)
    if package.status in (Package.Status.CANCELLED,):
        raise PlanningError("PACKAGE_CANCELLED", _("Paket ini sudah dibatalkan."))
    if (
        not RoleAssignment.objects.active(today())
        .filter(user=ppk, role=Role.PPK, work_unit=package.work_unit)
        .exists()
    ):
        raise PlanningError(
            "NOT_PPK_OF_UNIT", _("%(name)s bukan PPK pada satuan kerja ini."), name=ppk.full_name
        )
    before = audit.snapshot(package, PACKAGE_FIELDS)
    package.ppk = ppk
    conflicts.check_package(package)
    package.save(update_fields=["ppk", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.package.ppk",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS),
    )
    return package


def _ensure_assignable(package: Package, allowed_methods: frozenset[str]) -> None:
    if package.status not in ASSIGNABLE_STATUSES:
        # Formatted here: a `status=` parameter would be taken as the error's HTTP status by LenteraError.
        raise PlanningError(
            "PACKAGE_NOT_READY",
            _("Paket harus berstatus siap dipilih (sekarang: %(status)s).")
            % {"status": package.get_status_display()},
        )
    if package.method not in allowed_methods:
        raise PlanningError(
            "METHOD_NOT_FOR_ASSIGNEE",
            _(
                "Paket dengan metode %(method)s tidak diserahkan ke pelaksana ini (Perpres 16/2018 Pasal 12-13)."
            ),
            method=Method(package.method).label,
        )


@transaction.atomic
def package_assign_pokja(*, actor: User, package: Package, pokja: Pokja) -> Package:
    """The Kepala UKPBJ assigns a ready package to an active Pokja Pemilihan of the same instansi (Permendagri
    53/2021 Pasal 9 b); refused if a member plans, manages the contract of or inspects it, or runs the LPSE
    (Pasal 12).

    Cites: Permendagri 53/2021 Pasal 9 huruf b.
    """
    package = _lock(package)
    pokja = Pokja.objects.select_for_update().select_related("ukpbj").get(pk=pokja.pk)
    ensure_agency_role(actor, package.work_unit.agency_id, Role.KEPALA_UKPBJ)
    if pokja.ukpbj.agency_id != package.work_unit.agency_id:
        raise PlanningError("POKJA_OTHER_AGENCY", _("Pokja ini berada di instansi lain."))
    if pokja.dissolved_at is not None:
        raise PlanningError("POKJA_DISSOLVED", _("Pokja ini sudah dibubarkan."))
    _ensure_assignable(package, rules.POKJA_METHODS)
    before = audit.snapshot(package, PACKAGE_FIELDS)
    package.pokja = pokja
    package.procurement_official = None
    conflicts.check_package(package)
    package.status = Package.Status.ASSIGNED
    package.assigned_at = db_now()
    package.save(update_fields=["pokja", "procurement_official", "status", "assigned_at", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.package.assign_pokja",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS),
    )
    return package


@transaction.atomic
def package_assign_procurement_official(*, actor: User, package: Package, official: User) -> Package:
    """The Kepala UKPBJ hands a ready Pengadaan Langsung / E-Purchasing package to a Pejabat Pengadaan assigned
    to its work unit (Permendagri 53/2021 Pasal 16), subject to Pasal 12.

    Cites: Permendagri 53/2021 Pasal 16.
    """
    package = _lock(package)
    ensure_agency_role(actor, package.work_unit.agency_id, Role.KEPALA_UKPBJ)
    _ensure_assignable(package, rules.PROCUREMENT_OFFICIAL_METHODS)
    if (
        not RoleAssignment.objects.active(today())
        .filter(user=official, role=Role.PROCUREMENT_OFFICIAL, work_unit=package.work_unit)
        .exists()
    ):
        raise PlanningError(
            "NOT_PROCUREMENT_OFFICIAL_OF_UNIT",
            _(
                "%(name)s belum ditugaskan sebagai Pejabat Pengadaan pada satuan kerja ini (Permendagri 53/2021 Pasal 16)."
            ),
            name=official.full_name,
        )
    before = audit.snapshot(package, PACKAGE_FIELDS)
    package.procurement_official = official
    package.pokja = None
    conflicts.check_package(package)
    package.status = Package.Status.ASSIGNED
    package.assigned_at = db_now()
    package.save(update_fields=["pokja", "procurement_official", "status", "assigned_at", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.package.assign_official",
        obj=package,
        before=before,
        after=audit.snapshot(package, PACKAGE_FIELDS),
    )
    return package
