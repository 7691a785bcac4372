"""Demo rows of the LPSE team's work programme (issue #17 part 1; Perbup PPU 2/2021 Pasal 4 huruf b angka 1-2):
this year's programme under the team decree, four activities over the year and the realisation of those whose
day has come, so the activity report has activities done, running, late and planned. Idempotent: the programme is
looked up by agency and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lentera.accounts.models import Agency, User

from .models import Decree
from .programme import services as programme
from .programme.models import WorkProgramme

#: (name, field, target, quantity, unit, budget, planned months, realised share of the target, spent share)
ACTIVITIES = (
    ("Pemeliharaan server dan jaringan LPSE", "SYSTEM", "Server terpelihara", 4, "kali", 24_000_000, (1, 12), 3, 18),
    ("Verifikasi dokumen penyedia", "REGISTRATION", "Penyedia terverifikasi", 60, "penyedia", 6_000_000, (1, 12), 41, 4),
    ("Pelatihan SPSE bagi penyedia dan Pokja", "SERVICE", "Peserta terlatih", 3, "angkatan", 15_000_000, (3, 6), 1, 5),
    ("Penyusunan laporan kegiatan semester", "", "Laporan tersusun", 2, "laporan", 1_000_000, (6, 12), 0, 0),
)  # fmt: skip


def load(*, secretary: User, agency: Agency, team: Decree | None, today: dt.date) -> WorkProgramme:
    found = WorkProgramme.objects.filter(agency=agency, year=today.year).first()
    if found is not None:
        return found
    work = programme.programme_create(
        actor=secretary, agency=agency, year=today.year, title=f"Program Kerja Tim Pengelolaan LPSE {today.year}",
        team_decree=team,
    )  # fmt: skip
    for name, lpse_field, target, quantity, unit, budget, (m1, m2), realised, spent in ACTIVITIES:
        start = dt.date(today.year, m1, 1)
        end = dt.date(today.year, m2, 28)
        activity = programme.activity_add(
            actor=secretary, programme=work, name=name, target=target, target_quantity=quantity, unit=unit,
            budget=Decimal(budget), planned_start=start, planned_end=end, person_in_charge=secretary,
            lpse_field=lpse_field,
        )  # fmt: skip
        on = min(start + dt.timedelta(days=20), today)
        if realised and on >= start:
            programme.realisation_record(
                actor=secretary, activity=activity, realised_on=on, quantity=realised,
                spent=Decimal(spent * 1_000_000), note="Realisasi (demo).",
            )  # fmt: skip
    return work
