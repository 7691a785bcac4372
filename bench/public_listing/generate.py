"""Generate N public tenders (realistic Indonesian titles, 600 agencies, 12 years) for the public-listing bench.

Bulk rows go straight into the denormalised search table (`public_publictender`) with COPY on PostgreSQL (or
executemany in one transaction on SQLite), plus one OCDS release per tender for the feed, and a few hundred
*real* tenders (tendering rows with schedule, documents, opened bids, winner, contract) made through the ORM and
published with `opendata_sync`, so that the tender page reads real tendering data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lentera_bench_1m \\
        uv run python bench/public_listing/generate.py --tenders 1000000
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lentera.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import hashers  # noqa: E402

# Generated accounts never log in: a fast hasher keeps generation quick (Argon2 costs ~0.1 s per account).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
hashers.get_hashers.cache_clear()
hashers.get_hashers_by_algorithm.cache_clear()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

SYL_A = [
    "Suka",
    "Tanjung",
    "Batu",
    "Kali",
    "Sungai",
    "Bukit",
    "Karang",
    "Sumber",
    "Pasir",
    "Teluk",
    "Muara",
    "Gunung",
    "Rawa",
    "Tegal",
    "Banyu",
    "Padang",
    "Lubuk",
    "Air",
]
SYL_B = [
    "maju",
    "jaya",
    "sari",
    "mekar",
    "rejo",
    "makmur",
    "indah",
    "baru",
    "lestari",
    "wangi",
    "asri",
    "mulya",
    "raya",
    "harapan",
    "sejahtera",
    "agung",
    "permai",
    "damai",
]
VERBS = [
    "Pembangunan",
    "Rehabilitasi",
    "Pemeliharaan",
    "Peningkatan",
    "Pengadaan",
    "Belanja",
    "Penggantian",
    "Jasa Konsultansi Perencanaan",
    "Jasa Konsultansi Pengawasan",
    "Penataan",
    "Perluasan",
]
OBJECTS = [
    ("Jalan Desa", "WORKS"),
    ("Jalan Kabupaten", "WORKS"),
    ("Jembatan Gantung", "WORKS"),
    ("Jembatan Beton", "WORKS"),
    ("Gedung Kantor", "WORKS"),
    ("Puskesmas", "WORKS"),
    ("Sekolah Dasar Negeri", "WORKS"),
    ("Saluran Irigasi", "WORKS"),
    ("Drainase Lingkungan", "WORKS"),
    ("Jaringan Air Bersih", "WORKS"),
    ("Pasar Tradisional", "WORKS"),
    ("Rumah Sakit Umum Daerah", "WORKS"),
    ("Talud Penahan Tanah", "WORKS"),
    ("Obat-obatan dan Bahan Medis Habis Pakai", "GOODS"),
    ("Alat Kesehatan", "GOODS"),
    ("Komputer dan Printer", "GOODS"),
    ("Kendaraan Dinas Roda Empat", "GOODS"),
    ("Seragam Sekolah", "GOODS"),
    ("Mebel Sekolah", "GOODS"),
    ("Bibit Tanaman Pangan", "GOODS"),
    ("Pupuk Bersubsidi", "GOODS"),
    ("Jasa Kebersihan Gedung", "OTHER_SERVICES"),
    ("Jasa Keamanan Kantor", "OTHER_SERVICES"),
    ("Sistem Informasi Pelayanan", "CONSULTANCY"),
]
METHODS = ["TENDER"] * 6 + [
    "TENDER_CEPAT",
    "SELEKSI",
    "PENGADAAN_LANGSUNG",
    "PENGADAAN_LANGSUNG",
    "PENUNJUKAN_LANGSUNG",
    "E_PURCHASING",
]
FUNDING = ["APBD"] * 6 + ["APBN", "APBDP", "BLUD", "OTHER"]
WINNERS = [f"{f} {a}{b.capitalize()}" for f in ("PT", "CV") for a in SYL_A[:8] for b in SYL_B[:6]]
FIRST_YEAR, YEARS = 2015, 12
SORT_OFFSET = 100_000_000  # bulk rows' share of sort_key never collides with real tenders' primary keys


def agencies() -> list[tuple[str, str]]:
    names = [f"{a}{b}" for a in SYL_A for b in SYL_B]
    out = []
    for i, name in enumerate(names):
        kind = "Kota" if i % 3 == 0 else "Kabupaten"
        out.append((f"AG{i + 1:03d}", f"Pemerintah {kind} {name}"))
    return out[:600]


UNIT_NAMES = ["Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan"]


def make_orgs() -> list[tuple[str, str, list[tuple[int, str]]]]:
    from lentera.accounts.models import Agency, WorkUnit

    out = []
    existing = set(Agency.objects.values_list("code", flat=True))
    Agency.objects.bulk_create(
        [Agency(code=c, name=n, kind="REGENCY") for c, n in agencies() if c not in existing]
    )
    by_code = {a.code: a for a in Agency.objects.filter(code__startswith="AG")}
    units = []
    have = set(WorkUnit.objects.filter(agency__code__startswith="AG").values_list("agency__code", "code"))
    for code, agency in by_code.items():
        for j, name in enumerate(UNIT_NAMES):
            if (code, f"U{j}") not in have:
                units.append(WorkUnit(agency=agency, code=f"U{j}", name=name, kind="SATKER"))
    WorkUnit.objects.bulk_create(units)
    unit_rows: dict[str, list[tuple[int, str]]] = {}
    for pk, code, name in WorkUnit.objects.filter(agency__code__startswith="AG").values_list(
        "pk", "agency__code", "name"
    ):
        unit_rows.setdefault(code, []).append((pk, name))
    for code, name in agencies():
        out.append((code, name, unit_rows[code]))
    return out


def rows(n: int, orgs, rng: random.Random, now: dt.datetime):
    start = dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC)
    span = (now - start).total_seconds()
    for i in range(1, n + 1):
        code, agency_name, units = orgs[rng.randrange(len(orgs))]
        unit_id, unit_name = units[rng.randrange(len(units))]
        verb = rng.choice(VERBS)
        obj, ptype = rng.choice(OBJECTS)
        village = f"{rng.choice(SYL_A)}{rng.choice(SYL_B)}"
        district = f"{rng.choice(SYL_A)}{rng.choice(SYL_B)}"
        title = f"{verb} {obj} Desa {village} Kecamatan {district}"
        if rng.random() < 0.2:
            title += f" Tahap {rng.randint(1, 3)}"
        location = f"Kecamatan {district}"
        published = start + dt.timedelta(seconds=int(span * (i / n) + rng.random() * 3600))
        year = published.year
        hps = rng.choice([rng.randint(50, 200), rng.randint(200, 2500), rng.randint(2500, 50000)]) * 1_000_000
        method = rng.choice(METHODS)
        closing = published + dt.timedelta(days=rng.randint(3, 21))
        age = (now - published).days
        if closing > now:
            phase = "ANNOUNCED"
        elif age < 30:
            phase = rng.choice(["ANNOUNCED", "AWARDED"])
        else:
            phase = rng.choices(["CONTRACTED", "AWARDED", "FAILED", "CANCELLED"], [70, 15, 10, 5])[0]
        winner = rng.choice(WINNERS) if phase in ("AWARDED", "CONTRACTED") else ""
        winner_value = round(hps * rng.uniform(0.8, 0.995), -3) if winner else None
        contract = winner_value if phase == "CONTRACTED" else None
        tcode = f"B{year}{i:07d}"
        yield (
            tcode,
            f"ocds-lentera-{tcode}",
            title,
            code,
            agency_name,
            unit_id,
            unit_name,
            location,
            method,
            ptype,
            rng.choice(FUNDING),
            year,
            hps,
            round(hps * 1.1, -3),
            phase,
            "",
            published.isoformat(),
            closing.isoformat(),
            winner,
            winner_value,
            contract,
            int(published.timestamp()) * 10**9 + SORT_OFFSET + i,
            " ".join((tcode, title, agency_name, unit_name, location)).lower(),
            "",
            now.isoformat(),
        )


COLUMNS = (
    "code, ocid, title, agency_code, agency_name, work_unit_id, work_unit_name, location, method, procurement_type, "
    "funding_source, fiscal_year, hps, pagu, phase, stage, published_at, closing_at, winner_name, winner_value, "
    "contract_value, sort_key, search_text, facts_digest, updated_at"
)


DATETIME_COLUMNS = [
    i for i, c in enumerate(COLUMNS.split(",")) if c.strip() in ("published_at", "closing_at", "updated_at")
]


def _sqlite_datetimes(row: tuple) -> tuple:
    """SQLite keeps datetimes as text in Django's own form (UTC, 'YYYY-MM-DD HH:MM:SS[.ffffff]'); an ISO string with
    'T' and '+00:00' would sort and compare differently from the values Django binds (the public-listing bench
    caught keyset pages by closing date repeating a row on SQLite)."""
    out = list(row)
    for i in DATETIME_COLUMNS:
        if out[i]:
            out[i] = str(dt.datetime.fromisoformat(out[i]).astimezone(dt.UTC).replace(tzinfo=None))
    return tuple(out)


def load_public_rows(n: int, orgs, now: dt.datetime) -> None:
    rng = random.Random(20260101)
    t0 = time.time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            with raw.copy(f"COPY public_publictender ({COLUMNS}) FROM STDIN") as copy_:
                for row in rows(n, orgs, rng, now):
                    copy_.write_row(row)
    else:
        placeholders = ", ".join(["%s"] * len(COLUMNS.split(",")))
        with transaction.atomic(), connection.cursor() as cursor:
            batch = []
            for row in rows(n, orgs, rng, now):
                batch.append(_sqlite_datetimes(row))
                if len(batch) == 5000:
                    cursor.executemany(
                        f"INSERT INTO public_publictender ({COLUMNS}) VALUES ({placeholders})", batch
                    )
                    batch = []
            if batch:
                cursor.executemany(
                    f"INSERT INTO public_publictender ({COLUMNS}) VALUES ({placeholders})", batch
                )
    print(f"  {n:,} public rows in {time.time() - t0:.1f} s", flush=True)


def load_releases(n: int, now: dt.datetime) -> None:
    """One release per bulk tender (a realistic tender release, ids substituted), in publication order."""
    from lentera.opendata.ocds import build

    t0 = time.time()
    template = build.process_release(
        {
            "code": "X",
            "title": "X",
            "fiscal_year": 2026,
            "method": "TENDER",
            "procurement_type": "WORKS",
            "funding_source": "APBD",
            "pagu": 1_100_000_000,
            "hps": 1_000_000_000,
            "stage": "BID_UPLOAD",
            "buyer": {"id": "ID-SATKER-AG001-U0", "name": "Dinas Pekerjaan Umum dan Penataan Ruang"},
            "procuring_entity": {"id": "ID-UKPBJ-AG001", "name": "UKPBJ"},
            "tender_period": (now, now + dt.timedelta(days=14)),
            "rup_codes": ["RUP-1"],
            "documents": [{"id": "doc-1", "title": "Dokumen Pemilihan", "type": "tenderNotice", "date": now}],
        },
        ocid="X",
        release_id="X",
        date=now,
        tags=["tender"],
        rup_ocid_prefix="ocds-lentera",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, title, fiscal_year, published_at FROM public_publictender "
            "WHERE tender_pk IS NULL ORDER BY sort_key"
        )
        source = cursor.fetchall()

    def gen():
        for seq, (code, title, year, published) in enumerate(source[:n], start=1):
            data = copy.copy(template)
            data["tender"] = dict(template["tender"], id=code, title=title)
            ocid = f"ocds-lentera-{code}"
            date = published if isinstance(published, str) else published.isoformat()
            data.update(ocid=ocid, id=f"{ocid}-0001", date=date)
            yield (
                seq,
                ocid,
                f"{ocid}-0001",
                "tender",
                '["tender"]',
                date,
                year,
                json.dumps(data),
                "0" * 64,
                "bench",
                date,
            )

    with connection.cursor() as cursor:  # the real tenders' releases were published after these
        cursor.execute("UPDATE opendata_release SET seq = seq + %s", [len(source[:n])])
    cols = "seq, ocid, release_id, kind, tags, date, fiscal_year, data, digest, source, published_at"
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY opendata_release ({cols}) FROM STDIN") as copy_,
        ):
            for row in gen():
                copy_.write_row(row)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO opendata_release ({cols}) VALUES ({', '.join(['%s'] * 11)})", list(gen())
            )
    print(f"  {n:,} releases in {time.time() - t0:.1f} s", flush=True)


def load_real_tenders(k: int) -> None:
    """Real tendering rows (through the ORM) for the tender page, then published by opendata_sync."""
    from decimal import Decimal

    from lentera.opendata.services import opendata_sync
    from lentera.opendata.tests import scenario

    t0 = time.time()
    rng = random.Random(7)
    _, unit, _ = scenario.org("AG001")
    for i in range(k):
        obj, _ = rng.choice(OBJECTS)
        t = scenario.tender(
            unit=unit,
            title=f"{rng.choice(VERBS)} {obj} Desa Sukamaju Paket {i}",
            code=f"R2026{i:05d}",
            closing_in=dt.timedelta(days=rng.randint(-20, 10)),
        )
        if i % 3 == 0:
            offers = scenario.open_bids(t, [Decimal(900_000_000 + j * 10_000_000) for j in range(3)])
            scenario.decide(t, offers, passed=[True, True, False], winner_index=0)
            if i % 2 == 0:
                scenario.contract(t, offers[0], offers[0].read_price)
    counts = opendata_sync()
    print(f"  {k} real tenders, {counts} in {time.time() - t0:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenders", type=int, default=10_000)
    parser.add_argument("--real", type=int, default=60, help="real tendering rows for the tender page")
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM public_publictender")
        if cursor.fetchone()[0]:
            print("  already generated; drop the database to start again")
            return
    orgs = make_orgs()
    load_real_tenders(args.real)
    load_public_rows(args.tenders, orgs, now)
    load_releases(args.tenders, now)
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM also flushes the GIN pending list filled by COPY
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print("done", flush=True)


if __name__ == "__main__":
    main()
