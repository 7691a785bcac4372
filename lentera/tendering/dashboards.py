"""What each role must do next in the selection workflow (shown on the workspace dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import selectors


def items(user, role: str) -> list[DashboardItem]:
    if role == Role.POKJA:
        out = []
        questions = selectors.pokja_questions_to_answer(user).count()
        if questions:
            out.append(
                DashboardItem(
                    _("Pertanyaan penjelasan yang harus dijawab"), reverse("tendering:workspace"), questions
                )
            )
        pending = selectors.pokja_evaluations_pending(user)
        if pending:
            out.append(
                DashboardItem(
                    _("Evaluasi penawaran yang belum Anda isi"),
                    reverse("tendering:evaluation", args=[pending[0].pk]),
                    len(pending),
                    ", ".join(t.code for t in pending[:5]),
                )
            )
        return out
    if role == Role.PENYEDIA:
        out = []
        for tender, stage, deadline in selectors.provider_open_registrations(user):
            from .enums import Stage

            hint = _("Tahapan: %(s)s") % {"s": Stage(stage).label}
            if deadline:
                from lentera.core.templatetags.lentera import wib

                hint += " · " + _("batas berikutnya %(d)s") % {"d": wib(deadline)}
            out.append(
                DashboardItem(
                    f"{tender.code} {tender.title}", reverse("tendering:detail", args=[tender.pk]), None, hint
                )
            )
        return out
    if role == Role.PPK:
        out = []
        letters = selectors.ppk_award_letters_to_issue(user)
        if letters:
            out.append(
                DashboardItem(
                    _("SPPBJ yang harus diterbitkan"),
                    reverse("tendering:detail", args=[letters[0].pk]),
                    len(letters),
                    ", ".join(t.code for t in letters[:5]),
                )
            )
        contracts = selectors.ppk_contracts_to_record(user)
        if contracts:
            out.append(
                DashboardItem(
                    _("Kontrak yang harus dicatat"),
                    reverse("tendering:detail", args=[contracts[0].pk]),
                    len(contracts),
                    ", ".join(t.code for t in contracts[:5]),
                )
            )
        return out
    return []
