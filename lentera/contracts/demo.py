"""Demo contracts of Kabupaten Contoh, on top of tendering's demo: the meubelair tender that ran two months ago
gets its SPPBJ and its signed contract, through the services with the database clock pinned inside the tender's
SPPBJ and contract-signing stages; the winner accepts the SPPBJ and hands over the guarantee; the contract is then
started by surat pesanan and its first termin is invoiced, approved and paid. Idempotent: a step already done is
left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lentera.core.calendar import JAKARTA, local_date
from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.tendering.demo import inside_stage
from lentera.tendering.enums import Stage

from . import demo_closing, demo_handover, selectors, services
from .models import Contract
from .states import AwardLetterState, ContractState


def load(ctx: DemoContext) -> None:
    demo_handover.load(ctx)  # two emergency contracts at the end of their work (PHO; BAST and rated)
    closing = demo_closing.load(
        ctx
    )  # two more: late with the penalty running; terminated, blacklist proposal
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
                    valid_until=signed + dt.timedelta(days=150),
                )
            services.contract_record(
                actor=ppk,
                tender=tender,
                number="027/KONTRAK/DISDIK/2026/014",
                contract_type="LUMP_SUM",
                signed_on=signed,
                start_on=signed + dt.timedelta(days=1),
                end_on=signed + dt.timedelta(days=120),
                provider_signatory="Direktur",
                provider_signatory_title="Direktur",
                description="Pengadaan meubelair 24 ruang kelas SD Negeri.",
            )
    contract = selectors.contract_of(tender)
    if contract is not None:
        _running_with_a_termin(contract, ppk)
    tender.refresh_from_db()
    ctx.notes.append(
        f"Contracts: {tender.code} (/tender/{tender.pk}/) finished two months ago with a contract, now in progress"
        f" by surat pesanan with its first termin paid (/kontrak/{contract.pk if contract else ''}/)."
        + (f" DPUPR: {closing}." if closing else "")
    )


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=JAKARTA).astimezone(dt.UTC)


def _running_with_a_termin(contract: Contract, ppk: Any) -> None:
    """The meubelair contract started by surat pesanan the day after signing; a month later the provider invoiced
    40% of the work and the PPK approved and paid it (each step on its own day, all in the past)."""
    if contract.state == ContractState.SIGNED:
        day = contract.signed_on + dt.timedelta(days=1)
        with freeze_db_clock(_at(day)):
            services.contract_start(
                actor=ppk, contract=contract, number="027/SP/DISDIK/2026/014", issued_on=day, start_on=day
            )
        contract.refresh_from_db()
    if contract.state != ContractState.IN_PROGRESS or contract.provider is None or contract.payments.exists():
        return
    day = contract.start_on + dt.timedelta(days=30)
    with freeze_db_clock(_at(day)):
        payment = services.invoice_submit(
            actor=contract.provider.account,
            contract=contract,
            progress_percent=Decimal("40"),
            amount=(contract.value * Decimal("0.4")).quantize(Decimal("1")),
            note="Pengiriman meja dan kursi untuk 10 ruang kelas.",
        )
    with freeze_db_clock(_at(day + dt.timedelta(days=2))):
        services.invoice_approve(actor=ppk, payment=payment, note="Sesuai berita acara pemeriksaan.")
    with freeze_db_clock(_at(day + dt.timedelta(days=5))):
        services.invoice_pay(actor=ppk, payment=payment, paid_on=day + dt.timedelta(days=5))
