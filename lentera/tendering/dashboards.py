"""What each role must do next in the selection workflow (shown on the workspace dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.core.dashboard import DashboardItem
from lentera.core.roles import Role

from . import selectors
from .enums import Stage


def items(user, role: str) -> list[DashboardItem]:
    if role == Role.POKJA:
        out = []
        questions = list(selectors.pokja_questions_to_answer(user).select_related("tender"))
        if questions:
            tenders = {q.tender_id: q.tender for q in questions}.values()
            out.append(
                DashboardItem(
                    _("Pertanyaan penjelasan yang harus dijawab"),
                    reverse("tendering:workspace"),
                    len(questions),
                    ", ".join(t.code for t in list(tenders)[:5]),
                    deadline=selectors.stage_ends_at(tenders, [Stage.EXPLANATION]),
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
                    deadline=selectors.stage_ends_at(pending, [Stage.EVALUATION, Stage.PRICE_EVALUATION]),
                )
            )
        return out
    if role == Role.PENYEDIA:
        out = []
        for tender, stage, deadline in selectors.provider_open_registrations(user):
            hint = _("Tahapan: %(s)s") % {"s": Stage(stage).label}
            out.append(
                DashboardItem(
                    f"{tender.code} {tender.title}",
                    reverse("tendering:detail", args=[tender.pk]),
                    None,
                    hint,
                    deadline=deadline,
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
                    deadline=selectors.stage_ends_at(letters, [Stage.AWARD_LETTER]),
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
                    deadline=selectors.stage_ends_at(contracts, [Stage.CONTRACT_SIGNING]),
                )
            )
        return out
    return []
