"""Demo contracts of Kabupaten Contoh, on top of tendering's demo: the meubelair tender that ran two months ago
gets its SPPBJ and its signed contract, through the services with the database clock pinned inside the tender's
SPPBJ and contract-signing stages. Idempotent: a tender that already has them is left alone."""

from __future__ import annotations

import datetime as dt

from lentera.core.calendar import local_date
from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.tendering.demo import inside_stage
from lentera.tendering.enums import Stage

from . import selectors, services
from .states import AwardLetterState


def load(ctx: DemoContext) -> None:
    tender = ctx.objects.get("tender_completed")
    ppk = ctx.objects.get("ppk.disdik")
    if tender is None or ppk is None:
        return  # tendering's demo did not run
    if selectors.award_letter_of(tender) is None:
        with freeze_db_clock(inside_stage(tender, Stage.AWARD_LETTER)):
            services.award_letter_issue(
                actor=ppk, tender=tender, number="027/SPPBJ/DISDIK/2026/014", issued_on=local_date(db_now())
            )
    letter = selectors.award_letter_of(tender)
    if selectors.contract_of(tender) is None and letter is not None:
        with freeze_db_clock(inside_stage(tender, Stage.CONTRACT_SIGNING, minutes=60 * 24)):
            signed = local_date(db_now())
            winner = letter.provider.account
            if letter.state == AwardLetterState.ISSUED:
                services.award_letter_accept(actor=winner, letter=letter)
            if selectors.guarantee_requirement(letter) is not None:
                services.performance_guarantee_record(
                    actor=winner,
                    letter=letter,
                    issuer="Bank Pembangunan Daerah Contoh",
                    number="JP/2026/0142",
                    amount=letter.performance_guarantee_amount,
                    valid_from=letter.issued_on,
                    valid_until=signed + dt.timedelta(days=90),
                )
            services.contract_record(
                actor=ppk,
                tender=tender,
                number="027/KONTRAK/DISDIK/2026/014",
                signed_on=signed,
                start_on=signed + dt.timedelta(days=1),
                end_on=signed + dt.timedelta(days=60),
                provider_signatory="Direktur",
                provider_signatory_title="Direktur",
                description="Pengadaan meubelair 24 ruang kelas SD Negeri.",
            )
    tender.refresh_from_db()
    ctx.notes.append(
        f"Contracts: {tender.code} (/tender/{tender.pk}/) finished two months ago with a contract."
    )
