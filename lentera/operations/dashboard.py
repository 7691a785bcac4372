"""The operations item on the work dashboard of the Administrator Sistem and the Kepala Subbagian LPSE."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem

from . import selectors
from .models import BackupRun
from .services import OPERATORS


def operations_items(user, role: str) -> list[DashboardItem]:
    if role not in OPERATORS:
        return []
    last = selectors.last_run(BackupRun.Kind.BACKUP)
    if last is None:
        hint = _("Belum pernah ada cadangan.")
    else:
        when = formats.date_format(timezone.localtime(last.started_at), "j M Y H:i")
        hint = _("Cadangan terakhir: %(when)s, %(result)s.") % {
            "when": when,
            "result": last.get_result_display(),
        }
    return [DashboardItem(_("Operasi: cadangan dan uji pemulihan"), reverse("operations:index"), None, hint)]
