"""Demo: one planned maintenance notice from the LPSE (idempotent, by title)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lentera.core.demo import DemoContext

from . import services
from .models import ServiceNotice

TITLE = "Pemeliharaan terencana server LPSE"


def load(ctx: DemoContext) -> None:
    if ServiceNotice.objects.filter(title=TITLE, withdrawn_at__isnull=True).exists():
        return
    from lentera.accounts.models import User

    actor = ctx.objects.get("kasubag.lpse") or User.objects.filter(user_id__iexact="kasubag.lpse").first()
    if actor is None:
        return
    start = (timezone.localtime() + dt.timedelta(days=7)).replace(hour=22, minute=0, second=0, microsecond=0)
    services.notice_create(
        actor=actor,
        title=TITLE,
        summary="Layanan Lentera tidak dapat diakses selama pemeliharaan perangkat server. "
        "Jadwal tender yang terdampak diperpanjang oleh Pokja.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
        affected_features="Semua layanan (unggah penawaran, pendaftaran penyedia, portal publik)",
        severity=ServiceNotice.Severity.WARNING,
    )
    ctx.login(
        "kasubag.lpse", "KASUBAG_LPSE", "mengelola pengumuman layanan: /publik/pengumuman-layanan/kelola/"
    )
