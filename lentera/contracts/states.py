"""The contract's lifecycle from the letter of award to the final handover, as explicit transition tables.

Two machines: the SPPBJ (letter of award: the winner accepts or refuses it; a refusal lets the PPK appoint the
reserve winner) and the contract itself (drafted, signed, started by SPMK / Surat Pesanan, paid by terms, changed
by amendments, handed over, or ended early by termination or stoppage). A row is ``(state, action) -> state``
with the roles that may act; ``to is None`` keeps the state (the action happens inside it, e.g. a payment while the
work runs). Services check the row inside their transaction, then the rules (``rules.py``) with the database clock.

Sources: Perpres 16/2018 as changed by Perpres 12/2021: Pasal 52 (SPPBJ and the contract), 53 (payments, advance,
retention), 54 (changes), 55 (keadaan kahar), 56 (late completion), 57 (handover), 78 and 93 (refusal and
termination, sanctions); Peraturan LKPP 4/2021 (performance rating). docs/contracts.md draws both tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.roles import Role


class AwardLetterState(models.TextChoices):
    ISSUED = "ISSUED", _("Diterbitkan, menunggu jawaban penyedia")
    ACCEPTED = "ACCEPTED", _("Diterima penyedia")
    REFUSED = "REFUSED", _("Ditolak penyedia")
    WITHDRAWN = "WITHDRAWN", _("Dibatalkan PPK")


class SanctionState(models.TextChoices):
    PENDING = "PENDING", _("Menunggu keputusan PPK")
    PROPOSED = "PROPOSED", _("Sanksi daftar hitam diusulkan")
    WAIVED = "WAIVED", _("Sanksi tidak diusulkan")


class PaymentState(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Diajukan penyedia")
    APPROVED = "APPROVED", _("Disetujui PPK")
    PAID = "PAID", _("Dibayar")
    REJECTED = "REJECTED", _("Ditolak PPK")


class ContractState(models.TextChoices):
    DRAFT = "DRAFT", _("Disusun")
    SIGNED = "SIGNED", _("Ditandatangani")
    IN_PROGRESS = "IN_PROGRESS", _("Dalam pelaksanaan")
    HANDED_OVER = "HANDED_OVER", _("Serah terima pertama / masa pemeliharaan")
    COMPLETED = "COMPLETED", _("Selesai")
    TERMINATED = "TERMINATED", _("Diputus")
    STOPPED = "STOPPED", _("Dihentikan")
    CANCELLED = "CANCELLED", _("Dibatalkan sebelum ditandatangani")


class Action(models.TextChoices):
    # letter of award
    ACCEPT = "ACCEPT", _("Menerima SPPBJ")
    REFUSE = "REFUSE", _("Menolak SPPBJ")
    WITHDRAW = "WITHDRAW", _("Membatalkan SPPBJ")
    APPOINT_RESERVE = "APPOINT_RESERVE", _("Menunjuk pemenang cadangan")
    WITHDRAW_ACCEPTANCE = "WITHDRAW_ACCEPTANCE", _("Mengundurkan diri setelah menerima SPPBJ")
    RECORD_NO_ANSWER = "RECORD_NO_ANSWER", _("Mencatat SPPBJ tidak dijawab sampai batas waktu")
    # the PPK's decision on a refusal (or withdrawal, or no answer)
    PROPOSE_SANCTION = "PROPOSE_SANCTION", _("Mengusulkan sanksi daftar hitam")
    WAIVE_SANCTION = "WAIVE_SANCTION", _("Tidak mengusulkan sanksi")
    # contract
    EDIT_DRAFT = "EDIT_DRAFT", _("Mengubah rancangan kontrak")
    RECORD_GUARANTEE = "RECORD_GUARANTEE", _("Mencatat jaminan")
    SIGN = "SIGN", _("Menandatangani kontrak")
    CANCEL = "CANCEL", _("Membatalkan rancangan kontrak")
    START = "START", _("Menerbitkan SPMK / Surat Pesanan")
    SET_TERMS = "SET_TERMS", _("Mencatat jenis kontrak dan pembagian tahun anggaran")
    ATTACH_SIGNED = "ATTACH_SIGNED", _("Mengunggah pindaian kontrak yang ditandatangani")
    PAY_ADVANCE = "PAY_ADVANCE", _("Membayar uang muka")
    INVOICE = "INVOICE", _("Mengajukan tagihan termin")
    PAY = "PAY", _("Membayar termin")
    REPORT_PROGRESS = "REPORT_PROGRESS", _("Melaporkan kemajuan")
    RECORD_DELIVERY = "RECORD_DELIVERY", _("Mencatat barang yang dikirim")
    AMEND = "AMEND", _("Menetapkan adendum")
    FORCE_MAJEURE = "FORCE_MAJEURE", _("Mencatat keadaan kahar")
    WARN = "WARN", _("Menerbitkan surat teguran")
    GRANT_GRACE = "GRANT_GRACE", _("Memutuskan pemberian kesempatan")
    TERMINATE = "TERMINATE", _("Memutus kontrak")
    STOP = "STOP", _("Menghentikan kontrak")
    HANDOVER = "HANDOVER", _("Serah terima pertama (PHO)")
    FINAL_HANDOVER = "FINAL_HANDOVER", _("Serah terima akhir (BAST / FHO)")
    RATE = "RATE", _("Menilai kinerja penyedia")
    RESPOND_RATING = "RESPOND_RATING", _("Menanggapi penilaian kinerja")
    # termin invoice
    APPROVE_INVOICE = "APPROVE_INVOICE", _("Menyetujui tagihan")
    REJECT_INVOICE = "REJECT_INVOICE", _("Menolak tagihan")


PPK = frozenset({Role.PPK})
PROVIDER = frozenset({Role.PENYEDIA})
PPK_OR_PROVIDER = PPK | PROVIDER


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str | None  # None: the state stays
    roles: frozenset[str]
    citation: str

    @property
    def target(self) -> str:
        return self.to or self.state


class TransitionRefused(Exception):
    """The action is not in the table for this state (or not for this role)."""

    def __init__(self, machine: str, state: str, action: str, role: str | None = None):
        self.machine, self.state, self.action, self.role = machine, state, action, role
        super().__init__(f"{machine}: {action} is not allowed in {state}" + (f" for {role}" if role else ""))


@dataclass(frozen=True)
class Machine:
    name: str
    states: tuple[str, ...]
    transitions: tuple[Transition, ...]

    def find(self, state: str, action: str) -> Transition | None:
        for t in self.transitions:
            if t.state == state and t.action == action:
                return t
        return None

    def allows(self, state: str, action: str, role: str) -> bool:
        t = self.find(state, action)
        return t is not None and role in t.roles

    def step(self, state: str, action: str, role: str) -> str:
        """The state after ``action`` taken by ``role`` in ``state``; TransitionRefused when the table says no."""
        t = self.find(state, action)
        if t is None:
            raise TransitionRefused(self.name, state, action)
        if role not in t.roles:
            raise TransitionRefused(self.name, state, action, role)
        return t.target

    def actions_in(self, state: str, role: str) -> tuple[str, ...]:
        return tuple(t.action for t in self.transitions if t.state == state and role in t.roles)

    def terminal(self) -> tuple[str, ...]:
        return tuple(s for s in self.states if not any(t.state == s for t in self.transitions))

    def mermaid(self) -> str:
        """The table as a Mermaid state diagram (docs/contracts.md)."""
        lines = ["stateDiagram-v2"]
        for t in self.transitions:
            lines.append(f"    {t.state} --> {t.target}: {t.action}")
        return "\n".join(lines)


_P52 = "Perpres 16/2018 Pasal 52"
_P53 = "Perpres 16/2018 Pasal 53"
_P54 = "Perpres 16/2018 Pasal 54"
_P55 = "Perpres 16/2018 Pasal 55"
_P56 = "Perpres 16/2018 Pasal 56"
_P57 = "Perpres 16/2018 Pasal 57"
_P78 = "Perpres 16/2018 Pasal 78 ayat (3)"
_P93 = "Perpres 16/2018 Pasal 93"
_LKPP4 = "Peraturan LKPP 4/2021"
_P27 = "Perpres 16/2018 Pasal 27"

A, C = AwardLetterState, ContractState

AWARD_LETTER = Machine(
    "award_letter",
    tuple(A.values),
    (
        Transition(A.ISSUED, Action.ACCEPT, A.ACCEPTED, PROVIDER, _P52),
        Transition(A.ISSUED, Action.REFUSE, A.REFUSED, PROVIDER, _P78),
        Transition(A.ISSUED, Action.WITHDRAW, A.WITHDRAWN, PPK, _P52),
        # after the answer period (award_rules.award_answer_last_day) the PPK records that no answer came
        Transition(A.ISSUED, Action.RECORD_NO_ANSWER, A.REFUSED, PPK, _P78),
        # the winner withdraws after accepting, before the contract is signed (services.answer)
        Transition(A.ACCEPTED, Action.WITHDRAW_ACCEPTANCE, A.REFUSED, PROVIDER, _P78),
        # the jaminan pelaksanaan is handed over after acceptance, before the contract is signed
        Transition(A.ACCEPTED, Action.RECORD_GUARANTEE, None, PPK_OR_PROVIDER, "Perpres 16/2018 Pasal 33"),
        # the letter is issued again to the reserve winner; the refusal stays on record (AwardLetterRefusal,
        # with the sanction flag) with the letter number, provider and value it refused
        Transition(A.REFUSED, Action.APPOINT_RESERVE, A.ISSUED, PPK, _P78),
    ),
)

S = SanctionState

#: The PPK's decision on one refusal, withdrawal or missing answer (AwardLetterRefusal.sanction_state): propose
#: the blacklist sanction to the PA/KPA (providers.blacklist_propose) or not, with the reason; once.
REFUSAL_SANCTION = Machine(
    "refusal_sanction",
    tuple(S.values),
    (
        Transition(S.PENDING, Action.PROPOSE_SANCTION, S.PROPOSED, PPK, _P78),
        Transition(S.PENDING, Action.WAIVE_SANCTION, S.WAIVED, PPK, _P78),
    ),
)

P = PaymentState

#: One termin invoice: the provider submits it (the contract's INVOICE row), the PPK approves or rejects it and
#: pays the approved one (the contract's PAY row is checked too).
PAYMENT = Machine(
    "payment",
    tuple(P.values),
    (
        Transition(P.SUBMITTED, Action.APPROVE_INVOICE, P.APPROVED, PPK, _P53),
        Transition(P.SUBMITTED, Action.REJECT_INVOICE, P.REJECTED, PPK, _P53),
        Transition(P.APPROVED, Action.PAY, P.PAID, PPK, _P53),
    ),
)

_RUNNING = (C.IN_PROGRESS,)
_PAYABLE = (C.IN_PROGRESS, C.HANDED_OVER)

CONTRACT = Machine(
    "contract",
    tuple(C.values),
    (
        Transition(C.DRAFT, Action.EDIT_DRAFT, None, PPK, _P52),
        Transition(C.DRAFT, Action.RECORD_GUARANTEE, None, PPK_OR_PROVIDER, "Perpres 16/2018 Pasal 33"),
        Transition(C.DRAFT, Action.SIGN, C.SIGNED, PPK, _P52),
        Transition(C.DRAFT, Action.CANCEL, C.CANCELLED, PPK, _P52),
        Transition(C.SIGNED, Action.RECORD_GUARANTEE, None, PPK_OR_PROVIDER, "Perpres 16/2018 Pasal 33"),
        Transition(C.SIGNED, Action.START, C.IN_PROGRESS, PPK, _P52),
        Transition(C.SIGNED, Action.AMEND, None, PPK, _P54),
        Transition(C.SIGNED, Action.TERMINATE, C.TERMINATED, PPK, _P93),
        # the type and the split per fiscal year (the type only before the start: services.terms)
        Transition(C.SIGNED, Action.SET_TERMS, None, PPK, _P27),
        Transition(C.SIGNED, Action.ATTACH_SIGNED, None, PPK, _P52),
        Transition(C.IN_PROGRESS, Action.SET_TERMS, None, PPK, _P27),
        Transition(C.IN_PROGRESS, Action.ATTACH_SIGNED, None, PPK, _P52),
        # the guarantee's validity extended for a longer period (time extension, keadaan kahar, grace)
        Transition(C.IN_PROGRESS, Action.RECORD_GUARANTEE, None, PPK_OR_PROVIDER, _P56),
        Transition(C.IN_PROGRESS, Action.PAY_ADVANCE, None, PPK, _P53),
        Transition(C.IN_PROGRESS, Action.INVOICE, None, PROVIDER, _P53),
        Transition(C.IN_PROGRESS, Action.PAY, None, PPK, _P53),
        Transition(C.IN_PROGRESS, Action.REPORT_PROGRESS, None, PPK_OR_PROVIDER, _P53),
        Transition(C.IN_PROGRESS, Action.RECORD_DELIVERY, None, PPK_OR_PROVIDER, _P57),
        Transition(C.IN_PROGRESS, Action.AMEND, None, PPK, _P54),
        Transition(C.IN_PROGRESS, Action.FORCE_MAJEURE, None, PPK, _P55),
        Transition(C.IN_PROGRESS, Action.WARN, None, PPK, _P56),
        # once the period has ended: the chance to finish within 50 days, with penalty (or not)
        Transition(C.IN_PROGRESS, Action.GRANT_GRACE, None, PPK, _P56),
        Transition(C.IN_PROGRESS, Action.TERMINATE, C.TERMINATED, PPK, _P93),
        Transition(C.IN_PROGRESS, Action.STOP, C.STOPPED, PPK, _P55),
        # works: PHO starts the maintenance period (rules.handover_stages); goods and services: the BAST
        # completes the contract at once
        Transition(C.IN_PROGRESS, Action.HANDOVER, C.HANDED_OVER, PPK, _P57),
        Transition(C.IN_PROGRESS, Action.FINAL_HANDOVER, C.COMPLETED, PPK, _P57),
        Transition(C.HANDED_OVER, Action.INVOICE, None, PROVIDER, _P53),
        Transition(C.HANDED_OVER, Action.PAY, None, PPK, _P53),
        # FHO after the maintenance period; the retention is released with it (Pasal 53 ayat (2))
        Transition(C.HANDED_OVER, Action.FINAL_HANDOVER, C.COMPLETED, PPK, _P57),
        Transition(C.HANDED_OVER, Action.RATE, None, PPK, _LKPP4),
        Transition(C.HANDED_OVER, Action.RESPOND_RATING, None, PROVIDER, _LKPP4),
        Transition(C.COMPLETED, Action.RATE, None, PPK, _LKPP4),
        Transition(C.COMPLETED, Action.RESPOND_RATING, None, PROVIDER, _LKPP4),
        Transition(C.TERMINATED, Action.RATE, None, PPK, _LKPP4),
        Transition(C.TERMINATED, Action.RESPOND_RATING, None, PROVIDER, _LKPP4),
    ),
)

#: States in which payments may be made (the running totals are checked by the payment service).
PAYABLE_STATES = frozenset(_PAYABLE)
#: States in which the provider is working (lateness, penalties and warnings apply).
RUNNING_STATES = frozenset(_RUNNING)
#: Ended contracts: nothing changes them but the rating and the provider's one response.
ENDED_STATES = frozenset({C.COMPLETED, C.TERMINATED, C.STOPPED, C.CANCELLED})
