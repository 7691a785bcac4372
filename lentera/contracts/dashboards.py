"""What the provider and the PPK must do next in their contracts (shown on the workspace dashboard): the SPPBJ
waiting for the provider's answer, the refusal waiting for the PPK's reserve, invoices waiting for approval or
payment, contracts due for their handover, FHO or rating, the rating the provider may answer, and the late
contracts with their days late and next step."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.money import format_rupiah
from lentera.core.roles import Role

from . import selectors


def items(user, role: str) -> list[DashboardItem]:
    out: list[DashboardItem] = []
    if role not in (Role.PENYEDIA, Role.PPK):
        return out
    todo = selectors.dashboard_todo(user=user, role=role)
    for letter in todo["letters"]:
        title = (
            _("SPPBJ menunggu jawaban Anda") if role == Role.PENYEDIA else _("SPPBJ ditolak: tunjuk cadangan")
        )
        out.append(DashboardItem(title, reverse("contracts:letter", args=[letter.pk]), None, letter.number))
    if todo["payments"]:
        first = todo["payments"][0]
        out.append(
            DashboardItem(
                _("Tagihan termin menunggu persetujuan atau pembayaran"),
                reverse("contracts:detail", args=[first.contract_id]),
                len(todo["payments"]),
                ", ".join(p.contract.number for p in todo["payments"][:5]),
            )
        )
    titles = {
        "handover_due": _("Kontrak menunggu serah terima (BAST / PHO)"),
        "fho_due": _("Masa pemeliharaan selesai: serah terima akhir (FHO)"),
        "to_rate": _("Kontrak menunggu penilaian kinerja penyedia"),
        "to_answer": _("Penilaian kinerja dapat Anda tanggapi"),
    }
    for key, title in titles.items():
        contracts = todo[key]
        if contracts:
            out.append(
                DashboardItem(
                    title,
                    reverse("contracts:detail", args=[contracts[0].pk]),
                    len(contracts),
                    ", ".join(c.number for c in contracts[:5]),
                )
            )
    for contract, facts in selectors.late_contracts(user=user, role=role)[:10]:
        title = _("Kontrak terlambat %(n)s hari: %(number)s") % {
            "n": facts["days_late"],
            "number": contract.number,
        }
        if role == Role.PPK:
            hint = facts["next_step"]
        else:  # the provider: the penalty running and the warnings received
            hint = _("Denda sampai hari ini %(p)s; teguran diterima: %(w)s") % {
                "p": format_rupiah(facts["penalty"]),
                "w": len(facts["warnings"]),
            }
        out.append(DashboardItem(title, reverse("contracts:detail", args=[contract.pk]), None, hint))
    return out
