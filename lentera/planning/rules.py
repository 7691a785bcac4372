"""Regulation rules of planning, kept as data (thresholds, effective dates, reasons), each citing its source.

A change of regulation is a new row here, with the date it takes effect; the functions below pick the row in
force on the day of the decision. The texts of Perpres 16/2018 (as changed by Perpres 12/2021 and 46/2025) are not
in ``shared/seeds``; the articles cited are those of the consolidated text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lentera.core import calendar
from lentera.core.money import format_rupiah

from .errors import PlanningError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .models import Method, ProcurementType

GOODS, WORKS, CONSULTANCY, OTHER = (
    ProcurementType.GOODS,
    ProcurementType.WORKS,
    ProcurementType.CONSULTANCY,
    ProcurementType.OTHER_SERVICES,
)
NON_CONSULTANCY = frozenset({GOODS, WORKS, OTHER})
ALL_TYPES = frozenset({GOODS, WORKS, CONSULTANCY, OTHER})

PERPRES_16_2018_IN_FORCE = dt.date(2018, 7, 1)
#: Perpres 46/2025 (second change of Perpres 16/2018) takes effect on promulgation; the seeds carry no date, so
#: 30 April 2025 is used (the date given for the project). Change it here if the official date differs.
PERPRES_46_2025_IN_FORCE = dt.date(2025, 4, 30)


@dataclass(frozen=True)
class Threshold:
    """Pengadaan Langsung is allowed up to `max_value` for `types`, from `starts` to `ends` (inclusive)."""

    types: frozenset[str]
    max_value: Decimal
    starts: dt.date
    ends: dt.date | None
    citation: str

    def in_force(self, on: dt.date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)


DIRECT_PROCUREMENT_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        frozenset({GOODS, OTHER}),
        Decimal("200000000"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 38 ayat (3): Pengadaan Langsung Barang/Jasa Lainnya paling banyak Rp200.000.000",
    ),
    Threshold(
        frozenset({WORKS}),
        Decimal("200000000"),
        PERPRES_16_2018_IN_FORCE,
        PERPRES_46_2025_IN_FORCE - dt.timedelta(days=1),
        "Perpres 16/2018 Pasal 38 ayat (3): Pengadaan Langsung Pekerjaan Konstruksi paling banyak Rp200.000.000 "
        "(sampai 29 April 2025)",
    ),
    Threshold(
        frozenset({WORKS}),
        Decimal("400000000"),
        PERPRES_46_2025_IN_FORCE,
        None,
        "Perpres 46/2025 (perubahan Pasal 38 Perpres 16/2018): Pengadaan Langsung Pekerjaan Konstruksi paling "
        "banyak Rp400.000.000, berlaku sejak 30 April 2025",
    ),
    Threshold(
        frozenset({CONSULTANCY}),
        Decimal("100000000"),
        PERPRES_16_2018_IN_FORCE,
        None,
        "Perpres 16/2018 Pasal 41 ayat (3): Pengadaan Langsung Jasa Konsultansi paling banyak Rp100.000.000",
    ),
)

#: Which procurement types each method serves, with the article that says so.
METHOD_TYPES: dict[str, tuple[frozenset[str], str]] = {
    Method.TENDER: (NON_CONSULTANCY, "Perpres 16/2018 Pasal 38 ayat (1) dan (7)"),
    Method.TENDER_CEPAT: (NON_CONSULTANCY, "Perpres 16/2018 Pasal 38 ayat (1) dan (6)"),
    Method.SELEKSI: (frozenset({CONSULTANCY}), "Perpres 16/2018 Pasal 41 ayat (1)"),
    Method.PENGADAAN_LANGSUNG: (ALL_TYPES, "Perpres 16/2018 Pasal 38 ayat (3) dan Pasal 41 ayat (3)"),
    Method.PENUNJUKAN_LANGSUNG: (
        ALL_TYPES,
        "Perpres 16/2018 Pasal 38 ayat (4)-(5) dan Pasal 41 ayat (4)-(5)",
    ),
    Method.E_PURCHASING: (NON_CONSULTANCY, "Perpres 16/2018 Pasal 38 ayat (2)"),
    Method.SWAKELOLA: (ALL_TYPES, "Perpres 16/2018 Pasal 18 dan Pasal 47"),
    Method.DARURAT: (ALL_TYPES, "Perpres 16/2018 Pasal 59"),
}

#: Penunjukan Langsung is only for these "keadaan tertentu" (key -> (types, label)).
DIRECT_APPOINTMENT_REASONS: dict[str, tuple[frozenset[str], StrOrPromise]] = {
    "STATE_SECRET": (
        ALL_TYPES,
        _("Barang/jasa yang bersifat rahasia untuk kepentingan negara (pertahanan, keamanan, keselamatan)"),
    ),
    "CONSTRUCTION_UNITY": (
        frozenset({WORKS}),
        _(
            "Pekerjaan konstruksi bangunan yang merupakan satu kesatuan sistem konstruksi dan tanggung jawab atas "
            "risiko kegagalan bangunan"
        ),
    ),
    "SINGLE_PROVIDER": (
        ALL_TYPES,
        _(
            "Barang/jasa yang bersifat khusus dan hanya dapat dilaksanakan oleh 1 (satu) pelaku usaha yang mampu"
        ),
    ),
    "OFFICIAL_TARIFF": (
        frozenset({GOODS, OTHER}),
        _(
            "Barang/jasa lainnya berdasarkan tarif resmi pemerintah (air minum, listrik, telepon, dan sejenisnya)"
        ),
    ),
    "PATENT_HOLDER": (
        ALL_TYPES,
        _("Barang/jasa yang hanya dapat disediakan oleh pemegang hak paten atau pihak yang mendapat izin"),
    ),
    "FAILED_REPEAT": (
        ALL_TYPES,
        _("Tender/Seleksi ulang mengalami kegagalan"),
    ),
    "CONSULTANCY_CONTINUATION": (
        frozenset({CONSULTANCY}),
        _("Jasa konsultansi lanjutan yang secara teknis merupakan satu kesatuan dengan pekerjaan sebelumnya"),
    ),
}

#: Methods carried out by a Pokja Pemilihan and by a Pejabat Pengadaan (Perpres 16/2018 Pasal 13 and 12).
POKJA_METHODS = frozenset({Method.TENDER, Method.TENDER_CEPAT, Method.SELEKSI, Method.PENUNJUKAN_LANGSUNG})
PROCUREMENT_OFFICIAL_METHODS = frozenset({Method.PENGADAAN_LANGSUNG, Method.E_PURCHASING})
#: Methods only recorded (pencatatan), never handed to a Pokja or Pejabat Pengadaan.
RECORDED_METHODS = frozenset({Method.SWAKELOLA, Method.DARURAT})

HPS_CITATION = "Perpres 16/2018 Pasal 26"
#: Perpres 16/2018 Pasal 26 ayat (7): no HPS needed for a pagu up to Rp10 juta, for e-purchasing (and integrated
#: tenders), and Swakelola is estimated by its own plan.
HPS_EXEMPT_PAGU = Decimal("10000000")
HPS_EXEMPT_METHODS = frozenset({Method.E_PURCHASING, Method.SWAKELOLA})
#: Perpres 16/2018 Pasal 26 ayat (8) (kept by Perpres 12/2021): HPS set at most 28 working days before the bid
#: (or prequalification) deadline.
HPS_MAX_AGE_WORKING_DAYS = 28
HPS_AGE_CITATION = "Perpres 16/2018 Pasal 26 ayat (8) sebagaimana diubah Perpres 12/2021"


def direct_procurement_limit(procurement_type: str, on: dt.date) -> Threshold:
    """The Pengadaan Langsung threshold in force for a procurement type on a day (Perpres 16/2018 Pasal 38 ayat
    (3), Pasal 41 ayat (3); Perpres 46/2025 for works).

    Cites: Perpres 16/2018 Pasal 38 ayat (3);
           Perpres 16/2018 Pasal 41 ayat (3);
           Perpres 46/2025 Pasal 38 (perubahan: Pengadaan Langsung Pekerjaan Konstruksi sampai Rp400.000.000).
    """
    for rule in DIRECT_PROCUREMENT_THRESHOLDS:
        if procurement_type in rule.types and rule.in_force(on):
            return rule
    raise PlanningError(
        "RULE_NOT_IN_FORCE",
        _("Tidak ada aturan batas Pengadaan Langsung yang berlaku pada tanggal %(day)s."),
        day=on.isoformat(),
    )


def _type_label(procurement_type: str) -> str:
    try:
        return str(ProcurementType(procurement_type).label)
    except ValueError:
        return procurement_type


def _method_label(method: str) -> str:
    try:
        return str(Method(method).label)
    except ValueError:
        return method


def check_method_basic(*, procurement_type: str, method: str, value: Decimal, on: dt.date) -> str:
    """The method fits the procurement type and the value thresholds in force on `on` (Perpres 16/2018 Pasal 38
    and 41; Perpres 46/2025). Returns the citation of the rule that allows it; raises PlanningError otherwise.

    Cites: Perpres 16/2018 Pasal 38;
           Perpres 16/2018 Pasal 41;
           Perpres 46/2025 Pasal 38 (perubahan).
    """
    if procurement_type not in ALL_TYPES:
        raise PlanningError("TYPE_UNKNOWN", _("Jenis pengadaan tidak dikenal."))
    if method not in METHOD_TYPES:
        raise PlanningError("METHOD_UNKNOWN", _("Metode pemilihan tidak dikenal."))
    types, citation = METHOD_TYPES[method]
    if procurement_type not in types:
        raise PlanningError(
            "METHOD_NOT_FOR_TYPE",
            _("Metode %(method)s tidak dapat dipakai untuk %(type)s (%(rule)s)."),
            method=_method_label(method),
            type=_type_label(procurement_type),
            rule=citation,
        )
    if value is None or Decimal(value) <= 0:
        raise PlanningError("VALUE_REQUIRED", _("Nilai paket harus lebih dari Rp0."))
    if method == Method.PENGADAAN_LANGSUNG:
        limit = direct_procurement_limit(procurement_type, on)
        if Decimal(value) > limit.max_value:
            alternative = Method.SELEKSI if procurement_type == CONSULTANCY else Method.TENDER
            raise PlanningError(
                "METHOD_THRESHOLD_EXCEEDED",
                _(
                    "Pengadaan Langsung untuk %(type)s hanya sampai %(limit)s (%(rule)s); nilai paket %(value)s "
                    "harus memakai %(alternative)s."
                ),
                type=_type_label(procurement_type),
                limit=format_rupiah(limit.max_value),
                rule=limit.citation,
                value=format_rupiah(value),
                alternative=_method_label(alternative),
            )
        return limit.citation
    return citation


def check_method(
    *,
    procurement_type: str,
    method: str,
    value: Decimal,
    on: dt.date,
    justification: str = "",
    direct_appointment_reason: str = "",
    catalogue_reference: str = "",
    spec_standard: bool = False,
    providers_qualified: bool = False,
) -> str:
    """The full method check for a package: :func:`check_method_basic` plus each method's own conditions
    (Tender Cepat: Perpres 16/2018 Pasal 38 ayat (6); Penunjukan Langsung: Pasal 38 ayat (4)-(5), Pasal 41
    ayat (4)-(5); E-Purchasing: Pasal 38 ayat (2); Swakelola / Darurat recorded: Pasal 47, 59).

    Cites: Perpres 16/2018 Pasal 38 ayat (2);
           Perpres 16/2018 Pasal 38 ayat (4)-(5);
           Perpres 16/2018 Pasal 38 ayat (6);
           Perpres 16/2018 Pasal 41 ayat (4)-(5);
           Perpres 16/2018 Pasal 47;
           Perpres 16/2018 Pasal 59.
    """
    citation = check_method_basic(procurement_type=procurement_type, method=method, value=value, on=on)
    justification = (justification or "").strip()
    if method == Method.TENDER_CEPAT:
        if not (spec_standard and providers_qualified and justification):
            raise PlanningError(
                "FAST_TENDER_CONDITIONS",
                _(
                    "Tender Cepat hanya bila spesifikasi dan volume sudah rinci dan pelaku usaha sudah "
                    "terkualifikasi; catat justifikasinya (%(rule)s)."
                ),
                rule=citation,
            )
    elif method == Method.PENUNJUKAN_LANGSUNG:
        reason = DIRECT_APPOINTMENT_REASONS.get(direct_appointment_reason)
        if reason is None or procurement_type not in reason[0] or not justification:
            raise PlanningError(
                "DIRECT_APPOINTMENT_REASON",
                _(
                    "Penunjukan Langsung hanya untuk keadaan tertentu: pilih alasan yang sah untuk %(type)s dan "
                    "tulis justifikasinya (%(rule)s)."
                ),
                type=_type_label(procurement_type),
                rule=citation,
            )
    elif method == Method.E_PURCHASING:
        if not (catalogue_reference or "").strip():
            raise PlanningError(
                "CATALOGUE_REQUIRED",
                _("E-Purchasing hanya untuk barang/jasa yang tercantum dalam katalog elektronik (%(rule)s)."),
                rule=citation,
            )
    elif method in RECORDED_METHODS and not justification:
        raise PlanningError(
            "RECORD_REQUIRED",
            _("%(method)s wajib dicatat dengan keterangan/dasar pelaksanaannya (%(rule)s)."),
            method=_method_label(method),
            rule=citation,
        )
    return citation


def allowed_methods(*, procurement_type: str, value: Decimal, on: dt.date) -> list[str]:
    """The methods whose type and threshold rules allow this value (conditions aside).

    Cites: Perpres 16/2018 Pasal 38;
           Perpres 16/2018 Pasal 41;
           Perpres 46/2025 Pasal 38 (perubahan).
    """
    out = []
    for method in METHOD_TYPES:
        try:
            check_method_basic(procurement_type=procurement_type, method=method, value=value, on=on)
        except PlanningError:
            continue
        out.append(method)
    return out


def check_hps_not_above_pagu(*, hps_total: Decimal, pagu: Decimal) -> None:
    """The HPS may not exceed the pagu (Perpres 16/2018 Pasal 26; the HPS is the ceiling of valid bids, and the
    budget bounds the commitment).

    Cites: Perpres 16/2018 Pasal 26 ayat (5) huruf b;
           Kebijakan Lentera: an HPS above the pagu would let valid bids commit more than the budget holds.
    """
    if Decimal(hps_total) > Decimal(pagu):
        raise PlanningError(
            "HPS_ABOVE_PAGU",
            _("Nilai HPS %(hps)s melebihi pagu %(pagu)s (%(rule)s)."),
            hps=format_rupiah(hps_total),
            pagu=format_rupiah(pagu),
            rule=HPS_CITATION,
        )


def hps_required(*, method: str, pagu: Decimal) -> bool:
    """Whether a package needs an HPS (Perpres 16/2018 Pasal 26 ayat (7)).

    Cites: Perpres 16/2018 Pasal 26 ayat (7);
           Kebijakan Lentera: Swakelola is estimated by its own plan, not by an HPS.
    """
    return method not in HPS_EXEMPT_METHODS and Decimal(pagu) > HPS_EXEMPT_PAGU


def hps_age_ok(hps_set_on: dt.date, bid_deadline: dt.date | dt.datetime, agency=None) -> bool:
    """The HPS was set no earlier than 28 working days before the bid deadline, and not after it (Perpres
    16/2018 Pasal 26 ayat (8), as changed by Perpres 12/2021). Working days from :mod:`lentera.core.calendar`.

    Cites: Perpres 16/2018 Pasal 26 ayat (8) (diubah Perpres 12/2021).
    """
    deadline = calendar.local_date(bid_deadline)
    if hps_set_on > deadline:
        return False
    return calendar.working_days_between(hps_set_on, deadline, agency) <= HPS_MAX_AGE_WORKING_DAYS


def ensure_hps_age(hps_set_on: dt.date | None, bid_deadline: dt.date | dt.datetime, agency=None) -> None:
    """Raise PlanningError HPS_TOO_OLD unless :func:`hps_age_ok` (Perpres 16/2018 Pasal 26 ayat (8)).

    Cites: Perpres 16/2018 Pasal 26 ayat (8) (diubah Perpres 12/2021).
    """
    if hps_set_on is None:
        raise PlanningError("HPS_MISSING", _("HPS belum ditetapkan (%(rule)s)."), rule=HPS_CITATION)
    if not hps_age_ok(hps_set_on, bid_deadline, agency):
        earliest = calendar.add_working_days(
            calendar.local_date(bid_deadline), -HPS_MAX_AGE_WORKING_DAYS, agency
        )
        raise PlanningError(
            "HPS_TOO_OLD",
            _(
                "HPS ditetapkan %(set_on)s; untuk batas akhir penawaran %(deadline)s HPS paling cepat ditetapkan "
                "%(earliest)s, 28 hari kerja sebelumnya (%(rule)s)."
            ),
            set_on=hps_set_on.isoformat(),
            deadline=calendar.local_date(bid_deadline).isoformat(),
            earliest=earliest.isoformat(),
            rule=HPS_AGE_CITATION,
        )


# --- Pokja Pemilihan: composition (Permendagri 53/2021 Pasal 15) and conflict of interest (Pasal 12) ---------

COMPOSITION_CITATION = "Permendagri 53/2021 Pasal 15"
CONFLICT_CITATION = "Permendagri 53/2021 Pasal 12"


@dataclass(frozen=True)
class MemberFacts:
    """What the composition rule needs to know about one proposed member."""

    user_id: int
    label: str
    qualification: str  # PokjaMember.Qualification value
    holds_pengelola_role: bool
    is_civil_servant: bool
    certificate_number: str = ""
    outside_ukpbj: bool = False
    coordination_note: str = ""
    coordinated_on: dt.date | None = None


def check_pokja_composition(
    members: Sequence[MemberFacts], *, pengelola_in_ukpbj: int, decree_date: dt.date
) -> None:
    """Permendagri 53/2021 Pasal 15: (1)-(2) an odd number, at least 3, of Pengelola PBJ; (3) if the UKPBJ has too
    few Pengelola PBJ, at least 1 Pengelola PBJ plus civil servants holding a procurement competence or
    level-1 certificate; (4) for such a civil servant outside the UKPBJ, coordination with the head of their unit
    is recorded first (on or before the decree date).

    Cites: Permendagri 53/2021 Pasal 15 ayat (1)-(4).
    """
    from .models import PokjaMember

    ids = [m.user_id for m in members]
    if len(set(ids)) != len(ids):
        raise PlanningError("POKJA_MEMBER_DUPLICATE", _("Seorang anggota tercantum lebih dari sekali."))
    size = len(members)
    if size < 3 or size % 2 == 0:
        raise PlanningError(
            "POKJA_SIZE_EVEN" if size % 2 == 0 and size >= 3 else "POKJA_SIZE_TOO_SMALL",
            _(
                "Pokja harus beranggota ganjil, paling sedikit 3 orang (%(rule)s ayat (1)-(2)); diusulkan "
                "%(size)s orang."
            ),
            rule=COMPOSITION_CITATION,
            size=size,
        )
    pengelola = [m for m in members if m.qualification == PokjaMember.Qualification.PENGELOLA_PBJ]
    for m in pengelola:
        if not m.holds_pengelola_role:
            raise PlanningError(
                "POKJA_NOT_PENGELOLA",
                _("%(name)s tidak memegang jabatan Pengelola PBJ (%(rule)s ayat (1))."),
                name=m.label,
                rule=COMPOSITION_CITATION,
            )
    others = [m for m in members if m.qualification != PokjaMember.Qualification.PENGELOLA_PBJ]
    if not others:
        return
    if not pengelola:
        raise PlanningError(
            "POKJA_NEEDS_PENGELOLA",
            _("Pokja harus beranggota paling sedikit 1 Pengelola PBJ (%(rule)s ayat (3))."),
            rule=COMPOSITION_CITATION,
        )
    if pengelola_in_ukpbj >= size:
        raise PlanningError(
            "POKJA_PENGELOLA_SUFFICIENT",
            _(
                "UKPBJ memiliki %(count)s Pengelola PBJ, cukup untuk Pokja %(size)s orang: PNS bersertifikat hanya "
                "ditugaskan bila Pengelola PBJ tidak mencukupi (%(rule)s ayat (3))."
            ),
            count=pengelola_in_ukpbj,
            size=size,
            rule=COMPOSITION_CITATION,
        )
    for m in others:
        if not m.is_civil_servant:
            raise PlanningError(
                "POKJA_MEMBER_NOT_PNS",
                _("%(name)s bukan PNS (tidak ber-NIP) (%(rule)s ayat (3))."),
                name=m.label,
                rule=COMPOSITION_CITATION,
            )
        if not m.certificate_number.strip():
            raise PlanningError(
                "POKJA_CERTIFICATE_REQUIRED",
                _(
                    "Nomor sertifikat kompetensi / sertifikat tingkat dasar (level-1) PBJ %(name)s wajib dicatat "
                    "(%(rule)s ayat (3))."
                ),
                name=m.label,
                rule=COMPOSITION_CITATION,
            )
        if m.outside_ukpbj and (
            not m.coordination_note.strip() or m.coordinated_on is None or m.coordinated_on > decree_date
        ):
            raise PlanningError(
                "POKJA_COORDINATION_REQUIRED",
                _(
                    "%(name)s berkedudukan di luar UKPBJ: koordinasi dengan pimpinan satuan kerjanya harus dicatat "
                    "lebih dahulu, paling lambat pada tanggal SK (%(rule)s ayat (4))."
                ),
                name=m.label,
                rule=COMPOSITION_CITATION,
            )


@dataclass(frozen=True)
class PackageOfficials:
    """Who plans (PPK), manages the contract of and inspects one package."""

    code: str
    ppk_id: int | None
    contract_manager_id: int | None = None
    inspector_id: int | None = None


#: Who may be named a package's contract manager (pengelola kontrak) or inspector of the work (pemeriksa hasil
#: pekerjaan): the budget officials and procurement staff of the agency. The LPSE's operators (verifier,
#: helpdesk, system admin, head of the LPSE sub-unit), auditors and trainers do not manage contracts, and a
#: Pengelola PBJ who selects the same package is refused by :func:`check_selection_conflicts`.
CONTRACT_OFFICIAL_ROLES = frozenset(
    {"PA", "KPA", "PPK", "PENGELOLA_PBJ", "POKJA", "PROCUREMENT_OFFICIAL", "KEPALA_UKPBJ", "ADMIN_UKPBJ"}
)


def contract_official_roles() -> frozenset[str]:
    """Roles whose holders the PPK may name contract manager or inspector of the work (Permendagri 53/2021
    Pasal 12 huruf a names these duties beside selection; Pasal 12 huruf b keeps the LPSE's management apart):
    agency staff of the budget and procurement side, never the LPSE's operators, auditors or trainers.

    Cites: Kebijakan Lentera: contract managers and inspectors come from the agency's budget and procurement staff,
           never the LPSE's operators, auditors or trainers (Permendagri 53/2021 Pasal 12 names these duties but not
           who may hold them).
    """
    return CONTRACT_OFFICIAL_ROLES


def check_selection_conflicts(
    *,
    selectors: Mapping[int, tuple[str, Iterable[str]]],
    packages: Iterable[PackageOfficials],
    lpse_roles: Iterable[str],
) -> None:
    """Permendagri 53/2021 Pasal 12: whoever selects (Pokja member, Pejabat Pengadaan) may not, for the same
    package, be its PPK (planning), contract manager or inspector (huruf a), nor hold an LPSE management role at
    the same time (huruf b). `selectors` maps user id -> (label, role codes held now).

    Cites: Permendagri 53/2021 Pasal 12 huruf a;
           Permendagri 53/2021 Pasal 12 huruf b.
    """
    lpse = frozenset(lpse_roles)
    for _user_id, (label, roles) in selectors.items():
        held = sorted(set(roles) & lpse)
        if held:
            raise PlanningError(
                "CONFLICT_LPSE_ROLE",
                _(
                    "%(name)s memegang peran pengelola LPSE (%(roles)s) dan tidak boleh merangkap sebagai "
                    "pelaksana pemilihan (%(rule)s huruf b)."
                ),
                name=label,
                roles=", ".join(held),
                rule=CONFLICT_CITATION,
            )
    for package in packages:
        duties = (
            (package.ppk_id, _("PPK (perencanaan)")),
            (package.contract_manager_id, _("pengelola kontrak")),
            (package.inspector_id, _("pemeriksa hasil pekerjaan")),
        )
        for user_id, duty in duties:
            if user_id is not None and user_id in selectors:
                raise PlanningError(
                    "CONFLICT_SAME_PACKAGE",
                    _(
                        "%(name)s adalah %(duty)s paket %(package)s sehingga tidak boleh memilih penyedianya "
                        "(%(rule)s huruf a)."
                    ),
                    name=selectors[user_id][0],
                    duty=str(duty),
                    package=package.code,
                    rule=CONFLICT_CITATION,
                )
