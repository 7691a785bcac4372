"""Demo planning story of Kabupaten Contoh, 2026: the RUP of the three work units (APBD agreed), cuti bersama,
packages with itemised HPS, "Pokja Pemilihan 1" (pokja1-3) with a works tender (~Rp2,4 miliar) and a goods tender
(~Rp850 juta), and a Pengadaan Langsung package handed to Pejabat Pengadaan pokja4 at DINKES on the KPA's request.

Idempotent: everything is looked up by natural key first; a second run writes nothing. What it makes is put in
``ctx.objects`` for the apps that follow (tendering): "package_works", "package_goods", "package_pl",
"package_draft", "package_disdik", "pokja1_group", "rup_items", "official_request".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lentera.accounts.demo import _assign, _demo_device, _user
from lentera.accounts.models import User
from lentera.core.demo import DemoContext
from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role

from . import services
from .models import HpsItem, Method, Package, Pokja, ProcurementOfficialRequest, ProcurementType, RupItem
from .scope import today
from .services.rup import apbd_agreed

YEAR = 2026
W, G, C = ProcurementType.WORKS, ProcurementType.GOODS, ProcurementType.CONSULTANCY
MARKET, CATALOGUE, PAST = (
    HpsItem.PriceSource.MARKET,
    HpsItem.PriceSource.CATALOGUE,
    HpsItem.PriceSource.PAST_CONTRACT,
)

# key: (unit, ppk, name, type, pagu, method, location, start month, small business, domestic products)
RUP = {
    "jalan": (
        "DPUPR",
        "ppk.dpupr",
        "Pembangunan Jalan Poros Desa Sukamaju",
        W,
        "2500000000",
        Method.TENDER,
        "Desa Sukamaju, Kecamatan Contoh Utara",
        3,
        False,
        True,
    ),
    "jembatan": (
        "DPUPR",
        "ppk.dpupr",
        "Rehabilitasi Jembatan Sungai Kedang",
        W,
        "1200000000",
        Method.TENDER,
        "Kelurahan Kedang, Kecamatan Contoh Selatan",
        5,
        False,
        True,
    ),
    "drainase": (
        "DPUPR",
        "ppk.dpupr",
        "Pemeliharaan Rutin Drainase Kota Contoh",
        W,
        "350000000",
        Method.PENGADAAN_LANGSUNG,
        "Kota Contoh",
        4,
        True,
        True,
    ),
    "pengawasan": (
        "DPUPR",
        "ppk.dpupr",
        "Jasa Konsultansi Pengawasan Jalan Poros Desa Sukamaju",
        C,
        "180000000",
        Method.SELEKSI,
        "Desa Sukamaju",
        3,
        False,
        False,
    ),
    "alkes": (
        "DINKES",
        "ppk.dinkes",
        "Pengadaan Alat Kesehatan Puskesmas",
        G,
        "900000000",
        Method.TENDER,
        "Puskesmas se-Kabupaten Contoh",
        4,
        False,
        True,
    ),
    "obat": (
        "DINKES",
        "ppk.dinkes",
        "Pengadaan Obat dan Bahan Medis Habis Pakai",
        G,
        "1500000000",
        Method.E_PURCHASING,
        "Gudang Farmasi Kabupaten",
        2,
        False,
        True,
    ),
    "posyandu": (
        "DINKES",
        "ppk.dinkes",
        "Pengadaan Perlengkapan Posyandu",
        G,
        "185000000",
        Method.PENGADAAN_LANGSUNG,
        "Posyandu se-Kabupaten Contoh",
        6,
        True,
        True,
    ),
    "sdn3": (
        "DISDIK",
        "ppk.disdik",
        "Rehabilitasi Gedung SDN 3",
        W,
        "650000000",
        Method.TENDER,
        "SDN 3 Contoh, Kecamatan Contoh Tengah",
        6,
        False,
        True,
    ),
    "meubelair": (
        "DISDIK",
        "ppk.disdik",
        "Pengadaan Meubelair Sekolah Dasar",
        G,
        "420000000",
        Method.TENDER,
        "SD Negeri se-Kabupaten Contoh",
        7,
        True,
        True,
    ),
}

# (description, unit, quantity, unit price, source, note)
HPS = {
    "jalan": [
        ("Pekerjaan persiapan dan mobilisasi", "ls", "1", "85000000", MARKET, "Survei harga lokal Feb 2026"),
        ("Galian tanah dan timbunan pilihan", "m3", "3000", "95000", PAST, "Kontrak DPUPR 2025 No. 620/14"),
        ("Lapis pondasi agregat kelas A", "m3", "1400", "420000", MARKET, "Survei 3 pemasok"),
        ("Perkerasan beton K-350 tebal 25 cm", "m3", "1150", "980000", PAST, "Kontrak DPUPR 2025 No. 620/14"),
        ("Saluran drainase pasangan batu", "m", "1500", "185000", MARKET, "Survei harga lokal Feb 2026"),
        ("Marka, rambu dan patok jalan", "ls", "1", "41000000", CATALOGUE, "Katalog sektoral"),
    ],
    "alkes": [
        ("Tensimeter digital", "unit", "60", "950000", CATALOGUE, "Katalog elektronik"),
        ("Elektrokardiograf 12 kanal", "unit", "8", "48500000", MARKET, "Survei 3 distributor"),
        ("Tempat tidur periksa pasien", "unit", "30", "6200000", PAST, "Kontrak Dinkes 2025"),
        ("Paket alat kesehatan ibu dan anak", "paket", "16", "13750000", CATALOGUE, "Katalog elektronik"),
    ],
    "posyandu": [
        ("Timbangan bayi digital", "unit", "120", "650000", CATALOGUE, "Katalog elektronik"),
        ("Alat ukur panjang badan", "unit", "120", "450000", MARKET, "Survei 2 toko alat kesehatan"),
        ("Tenda lipat posyandu 3x3 m", "unit", "40", "1100000", MARKET, "Survei harga lokal"),
    ],
    "sdn3": [
        ("Pembongkaran dan pekerjaan persiapan", "ls", "1", "32000000", MARKET, "Survei harga lokal"),
        ("Rangka atap baja ringan dan penutup", "m2", "620", "410000", PAST, "Kontrak Disdik 2025"),
        ("Lantai keramik 40x40", "m2", "540", "215000", MARKET, "Survei 3 toko bangunan"),
        ("Pengecatan dinding dan plafon", "m2", "1400", "42000", MARKET, "Survei 3 toko bangunan"),
    ],
}

CUTI_BERSAMA = [
    (dt.date(2026, 3, 20), "Cuti bersama Idul Fitri 1447 H"),
    (dt.date(2026, 3, 23), "Cuti bersama Idul Fitri 1447 H"),
    (dt.date(2026, 3, 24), "Cuti bersama Idul Fitri 1447 H"),
    (dt.date(2026, 12, 24), "Cuti bersama Hari Raya Natal"),
]


def _rup(ctx: DemoContext, units, key: str) -> RupItem:
    unit, ppk, name, ptype, pagu, method, location, month, small, domestic = RUP[key]
    item = RupItem.objects.filter(work_unit=units[unit], fiscal_year=YEAR, name=name).first()
    if item is None:
        item = services.rup_item_create(
            actor=ctx.objects[ppk],
            work_unit=units[unit],
            fiscal_year=YEAR,
            name=name,
            procurement_type=ptype,
            pagu=Decimal(pagu),
            funding_source="APBD",
            planned_method=method,
            planned_start=dt.date(YEAR, month, 1),
            planned_end=dt.date(YEAR, 12, 15),
            location=location,
            reserved_small_business=small,
            domestic_products=domestic,
        )
    return item


def _package(ctx: DemoContext, item: RupItem, key: str, *, ready: bool, spec: str, **update) -> Package:
    ppk = ctx.objects[RUP[key][1]]
    package = item.packages.exclude(status=Package.Status.CANCELLED).first()
    if package is None:
        package = services.package_create(actor=ppk, rup_items=[item], specification=spec)
        if update:
            package = services.package_update(actor=ppk, package=package, **update)
    if key in HPS and package.hps_total is None:
        lines = [services.HpsLine(*row) for row in HPS[key]]
        package = services.package_hps_set(actor=ppk, package=package, lines=lines, hps_set_on=today())
    if ready and package.status == Package.Status.DRAFT:
        package = services.package_mark_ready(actor=ppk, package=package)
    return package


def _ppk_disdik(ctx: DemoContext) -> User:
    agency, units = ctx.objects["agency"], ctx.objects["units"]
    user = _user(
        ctx,
        "ppk.disdik",
        "Dra. Lestari Handayani",
        "ppk.disdik@kabcontoh.example.go.id",
        "197806152003122004",
    )
    _assign(user, Role.PPK, units["DISDIK"], agency, "800/031/SK/2026")
    _demo_device(user)
    ctx.login("ppk.disdik", Role.PPK, "PPK Dinas Pendidikan")
    return user


def load(ctx: DemoContext) -> None:
    agency, units = ctx.objects["agency"], ctx.objects["units"]
    ctx.objects["ppk.disdik"] = _ppk_disdik(ctx)
    admin, kepala = ctx.objects["admin"], ctx.objects["kepala.ukpbj"]
    for day, name in CUTI_BERSAMA:
        if not NonWorkingDay.objects.filter(date=day, agency__isnull=True).exists():
            services.non_working_day_add(
                actor=admin, date=day, kind=NonWorkingDay.Kind.CUTI_BERSAMA, name=name
            )
    agency.refresh_from_db()
    if not apbd_agreed(agency, YEAR):
        services.apbd_mark_agreed(actor=ctx.objects["pa.dpupr"], agency=agency, fiscal_year=YEAR)
        agency.refresh_from_db()
    items = {key: _rup(ctx, units, key) for key in RUP}
    ctx.objects["rup_items"] = items

    works = _package(
        ctx,
        items["jalan"],
        "jalan",
        ready=True,
        spec="Perkerasan beton K-350 sepanjang 2,1 km lebar 5 m, termasuk drainase dan marka. Masa pelaksanaan 150 "
        "hari kalender. Kualifikasi usaha: menengah, SBU BG/ SI jalan.",
    )
    goods = _package(
        ctx,
        items["alkes"],
        "alkes",
        ready=True,
        spec="Alat kesehatan untuk 16 Puskesmas sesuai standar Permenkes; TKDN diutamakan; garansi 2 tahun; "
        "pelatihan operator.",
    )
    pl = _package(
        ctx,
        items["posyandu"],
        "posyandu",
        ready=True,
        spec="Perlengkapan posyandu untuk 120 posyandu; barang baru, bergaransi; dikirim ke Puskesmas.",
    )
    draft = _package(ctx, items["jembatan"], "jembatan", ready=False, spec="")
    disdik = _package(
        ctx,
        items["sdn3"],
        "sdn3",
        ready=True,
        spec="Rehabilitasi sedang 6 ruang kelas SDN 3: atap, lantai, pengecatan. Masa pelaksanaan 90 hari kalender.",
    )

    pokja = Pokja.objects.filter(
        ukpbj=units["UKPBJ"], name="Pokja Pemilihan 1", dissolved_at__isnull=True
    ).first()
    if pokja is None:
        pokja = services.pokja_form(
            actor=kepala,
            name="Pokja Pemilihan 1",
            decree_number="027/001/SK-POKJA/UKPBJ/2026",
            decree_date=min(dt.date(YEAR, 1, 5), today()),
            members=[
                services.MemberInput(user=ctx.objects["pokja1"], is_chair=True),
                services.MemberInput(user=ctx.objects["pokja2"]),
                services.MemberInput(user=ctx.objects["pokja3"]),
            ],
            ukpbj=units["UKPBJ"],
        )
    for package in (works, goods):
        if package.status == Package.Status.READY:
            services.package_assign_pokja(actor=kepala, package=package, pokja=pokja)

    request = ProcurementOfficialRequest.objects.filter(
        work_unit=units["DINKES"], letter_number="027/118/DINKES/2026"
    ).first()
    if request is None:
        request = services.procurement_official_request_create(
            actor=ctx.objects["kpa.dinkes"],
            work_unit=units["DINKES"],
            letter_number="027/118/DINKES/2026",
            note="Pejabat Pengadaan untuk paket Pengadaan Langsung Dinas Kesehatan 2026",
        )
    if request.status == ProcurementOfficialRequest.Status.PENDING:
        request = services.procurement_official_assign(
            actor=kepala,
            request=request,
            official=ctx.objects["pokja4"],
            decree_number="027/014/SK-PP/UKPBJ/2026",
            decree_date=min(dt.date(YEAR, 1, 12), today()),
        )
    pl.refresh_from_db()
    if pl.status == Package.Status.READY:
        services.package_assign_procurement_official(actor=kepala, package=pl, official=ctx.objects["pokja4"])

    for package in (works, goods, pl, draft, disdik):
        package.refresh_from_db()
    ctx.objects.update(
        package_works=works,
        package_goods=goods,
        package_pl=pl,
        package_draft=draft,
        package_disdik=disdik,
        pokja1_group=pokja,
        official_request=request,
    )
    ctx.notes.append(
        "Planning: the 2026 RUP is announced (/publik/rup/); Pokja Pemilihan 1 (pokja1-3) holds the road package "
        f"{works.code} and the medical equipment package {goods.code}; pokja4 is DINKES's Procurement Official "
        f"for {pl.code}."
    )
