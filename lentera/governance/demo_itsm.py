"""Demo rows of the ITSM registers of the LPSE standards (issue #17 part 5): four assets rated for C/I/A, three
change requests (one reviewed, one approved emergency, one just recorded) and a capacity log with a resource that
needs action. Idempotent: nothing is added once the agency has an asset."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lentera.accounts.models import Agency, User

from .itsm import services as itsm
from .itsm.models import Asset

#: (code, name, kind, location, C, I, A)
ASSETS = (
    ("SRV-01", "Server SPSE produksi", "HARDWARE", "Ruang server UKPBJ", 3, 3, 3),
    ("SRV-02", "Server cadangan (back up)", "HARDWARE", "Ruang server UKPBJ", 3, 3, 2),
    ("NET-01", "Router dan firewall internet", "NETWORK", "Ruang server UKPBJ", 2, 3, 3),
    ("DAT-01", "Basis data dan berkas SPSE", "DATA", "Server SPSE produksi", 3, 3, 3),
)


def load(*, editor: User, approver: User, agency: Agency, today: dt.date) -> None:
    if Asset.objects.filter(agency=agency).exists():
        return
    made = {}
    for code, name, kind, location, c, i, a in ASSETS:
        made[code] = itsm.asset_record(
            actor=editor, agency=agency, code=code, name=name, kind=kind, owner=approver, location=location,
            confidentiality=c, integrity=i, availability=a,
        )  # fmt: skip
    done = itsm.change_request(
        actor=editor, agency=agency, title="Pembaruan SPSE ke versi terbaru", kind="NORMAL", asset=made["SRV-01"],
        description="Memasang versi SPSE yang dirilis LKPP.", reason="Instruksi teknis LKPP (Lampiran 2.3 b 5)",
        test_plan="Uji di server cadangan lebih dulu.", rollback_plan="Pulihkan snapshot server sebelum pemasangan.",
    )  # fmt: skip
    for action, note, who in (
        ("EVALUATE", "Dampak kecil; dikerjakan di luar jam layanan.", editor),
        ("APPROVE", "Disetujui untuk Sabtu malam.", approver),
        ("IMPLEMENT", "Terpasang tanpa kendala.", editor),
    ):
        itsm.change_act(actor=who, change=done, action=action, note=note)
    itsm.change_act(
        actor=editor, change=done, action="REVIEW", note="Layanan normal esok harinya.", successful=True
    )
    urgent = itsm.change_request(
        actor=editor, agency=agency, title="Tambal celah keamanan server web", kind="EMERGENCY", asset=made["NET-01"],
        description="Pembaruan keamanan mendesak.", reason="Celah kritis diumumkan",
        test_plan="Uji halaman login dan unggah setelah pemasangan.", rollback_plan="Kembalikan paket sebelumnya.",
    )  # fmt: skip
    itsm.change_act(actor=approver, change=urgent, action="APPROVE", note="Darurat: segera dipasang.")
    itsm.change_request(
        actor=editor, agency=agency, title="Penambahan kapasitas penyimpanan", kind="NORMAL", asset=made["DAT-01"],
        description="Menambah disk 2 TB.", reason="Prakiraan penyimpanan melewati 85%",
        test_plan="Uji baca-tulis dan cadangan.", rollback_plan="Lepas disk baru; data tetap di disk lama.",
    )  # fmt: skip
    for months_ago, kind, resource, used, forecast, condition, follow in (
        (3, "STORAGE", "Disk data SPSE", "71", "78", "GOOD", ""),
        (0, "STORAGE", "Disk data SPSE", "84", "90", "FAIR", "Ajukan penambahan disk 2 TB"),
        (0, "SERVER", "CPU dan memori server SPSE", "55", "62", "GOOD", ""),
        (0, "PEOPLE", "Helpdesk (tiket per petugas)", "68", "75", "GOOD", "Pantau menjelang akhir tahun"),
    ):
        itsm.capacity_record(
            actor=editor, agency=agency, resource_kind=kind, resource=resource,
            measured_on=max(dt.date(today.year, 1, 1), today - dt.timedelta(days=30 * months_ago)),
            utilisation_pct=Decimal(used), forecast_pct=Decimal(forecast), condition=condition, follow_up=follow,
            asset=made["DAT-01"] if kind == "STORAGE" else made["SRV-01"] if kind == "SERVER" else None,
        )  # fmt: skip
