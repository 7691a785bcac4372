"""What every lifecycle service does first: lock the row it changes, find who the actor is for it (the package's
PPK, or the provider's account), and check the transition in ``contracts/states.py``. A refusal changes nothing:
it is raised before any write, inside the transaction."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from lentera.core import uploads
from lentera.core.calendar import local_date
from lentera.core.money import DECIMAL_PLACES, MAX_DIGITS, to_money
from lentera.core.roles import Role

from ..errors import ContractsError
from ..models import AwardLetter, Contract
from ..states import Machine, TransitionRefused


def lock_letter(letter: AwardLetter) -> AwardLetter:
    return (
        AwardLetter.objects.select_for_update(of=("self",))
        .select_related("tender", "tender__package", "provider", "offer")
        .get(pk=letter.pk)
    )


def lock_contract(contract: Contract) -> Contract:
    """The contract row locked for the rest of the transaction: every payment and change of one contract is
    serialised on it, so running totals are read and written by one writer at a time."""
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("tender", "tender__package", "provider", "award_letter")
        .get(pk=contract.pk)
    )


def role_for(*, actor: Any, ppk_id: int | None, provider: Any) -> str:
    """The role ``actor`` acts in for this letter or contract: its PPK, or its provider's account; anyone else
    is refused (403) before anything is read further."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        if ppk_id is not None and actor.pk == ppk_id:
            return Role.PPK
        if provider is not None and provider.account_id == actor.pk:
            return Role.PENYEDIA
    raise ContractsError(
        "NOT_A_PARTY", _("Hanya PPK paket atau penyedia yang ditunjuk yang dapat melakukannya."), status=403
    )


def step(machine: Machine, *, state: str, action: str, role: str) -> str:
    """The next state from the table, or a refusal: 403 when the action belongs to the other party, 409 when
    the state does not allow it."""
    try:
        return machine.step(state, action, role)
    except TransitionRefused as exc:
        if exc.role is not None:
            raise ContractsError(
                "ACTION_NOT_FOR_ROLE", _("Tindakan ini bukan untuk pihak Anda."), status=403
            ) from exc
        raise ContractsError(
            "STATE_NOT_ALLOWED",
            _("Tindakan ini tidak dapat dilakukan pada status %(s)s."),
            status=409,
            s=state,
        ) from exc


def today(now: dt.datetime) -> dt.date:
    """The calendar day in Asia/Jakarta of a database-clock moment."""
    return local_date(now)


def text_required(value: str, code: str = "TEXT_REQUIRED") -> str:
    value = (value or "").strip()
    if not value:
        raise ContractsError(code, _("Isian wajib diisi."))
    return value


#: The largest amount a MoneyField holds (18 digits, 2 of them decimals).
MONEY_MAX = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)


def money_in(value: Any, code: str = "AMOUNT_INVALID") -> Decimal:
    """An amount of Rupiah from a caller: a number above zero that a MoneyField can hold, else refused (400)."""
    try:
        amount = to_money(value)
        if not amount.is_finite():
            raise ValueError(value)
    except ValueError as exc:
        raise ContractsError(code, _("Nilai uang tidak valid.")) from exc
    if not 0 < amount < MONEY_MAX:
        raise ContractsError(code, _("Nilai harus lebih dari nol."))
    return amount


#: The largest file a contract record takes (evidence, scans).
FILE_MAX_BYTES = 20 * 1024 * 1024


def checked_file(upload: Any, *, allowed: Collection[str], default: str, missing: Any) -> tuple[str, str]:
    """An uploaded file refused when missing (``missing``: the message), over 20 MB, empty or not of an
    ``allowed`` type by its bytes (lentera.core.uploads); returns the name to store it under and its MIME type."""
    if upload is None:
        raise ContractsError("FILE_REQUIRED", missing)
    if (upload.size or 0) > FILE_MAX_BYTES:
        raise ContractsError("FILE_TOO_LARGE", _("Berkas lebih dari 20 MB."))
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    name = os.path.basename(upload.name or "")
    mime = uploads.check_content(
        head=head, size=upload.size, allowed=allowed, file_name=name, error=ContractsError
    )
    return uploads.storage_name(name, mime, default=default), mime
