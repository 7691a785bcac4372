"""What governance asks of the head and the Admin UKPBJ next: staff certificates lapsing or lapsed (not renewed),
and decrees whose validity ends soon (their roles end with them)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lentera.core.calendar import local_date
from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import rules, selectors
from .maturity import selectors as maturity_selectors
from .sops import selectors as sop_selectors

#: Decrees ending within this many days are shown (the same look-ahead as accounts' "roles ending soon").
DECREE_LOOKAHEAD_DAYS = 30


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def governance_items(user, role: str) -> list[DashboardItem]:
    items = _sop_items(user, role)
    if role not in (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ):
        return items
    today = local_date(timezone.now())
    lapsing = selectors.lapsing_certificates(user, on=today)
    if lapsing:
        first = lapsing[0].certificate
        items.append(
            DashboardItem(
                _("Sertifikat PBJ pegawai habis atau segera habis masa berlakunya"),
                reverse("governance:certificate_list") + "?perhatian=1",
                len(lapsing),
                _(
                    "Diperingatkan %(days)s hari sebelumnya; rencanakan perpanjangan (Permendagri 53/2021 Pasal 21)."
                )
                % {"days": rules.certificate_warning_days(today)},
                _end_of(first.expires_on) if first.expires_on else None,
            )
        )
    ending = list(
        selectors.decrees_ending(user, on=today, days=DECREE_LOOKAHEAD_DAYS).order_by("valid_until")
    )
    if ending:
        items.append(
            DashboardItem(
                _("SK segera berakhir (peran yang ditetapkannya ikut berakhir)"),
                reverse("governance:decree_detail", args=[ending[0].pk]),
                len(ending),
                "",
                _end_of(ending[0].valid_until) if ending[0].valid_until else None,
            )
        )
    drafts = list(maturity_selectors.open_assessments(user))
    if drafts:
        items.append(
            DashboardItem(
                _("Penilaian mandiri kematangan UKPBJ sedang diisi"),
                reverse("governance:assessment_detail", args=[drafts[0].pk]),
                len(drafts),
                _(
                    "Kepala UKPBJ menyampaikannya setelah semua variabel dinilai (Permendagri 53/2021 Pasal 24)."
                ),
                None,
            )
        )
    return items


def _sop_items(user, role: str) -> list[DashboardItem]:
    if role not in sop_selectors.STAFF_ROLES:
        return []
    unread = sop_selectors.unread_current_versions(user)
    if not unread:
        return []
    return [
        DashboardItem(
            _("SOP berlaku yang belum Anda baca"),
            reverse("governance:sop_detail", args=[unread[0].sop_id]),
            len(unread),
            _(
                "Konfirmasi bahwa Anda telah membaca versi yang berlaku (Permendagri 53/2021 Pasal 23 ayat (4))."
            ),
        )
    ]
