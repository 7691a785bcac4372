"""After the work: the PPK rates the provider once per contract (SiKaP style, Peraturan LKPP 4/2021: every
criterion of the scale in force, rules.rating_average; an average under the flag line is flagged,
rules.rating_is_flagged) and the provider answers the rating once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now

from .. import rules
from ..errors import ContractsError
from ..models import Contract, PerformanceRating
from ..states import CONTRACT, Action
from ._base import lock_contract, role_for, step, text_required, today

_RATING_FIELDS = ("scores", "average", "flagged", "comments", "response")


@transaction.atomic
def rating_record(
    *, actor: Any, contract: Contract, scores: dict[str, int], comments: str
) -> PerformanceRating:
    """The PPK rates the provider of a handed-over, completed or terminated contract, once (Peraturan LKPP
    4/2021): one score on the scale in force today (database clock) for each criterion, with comments."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.RATE, role=role)
    if contract.provider is None:
        raise ContractsError(
            "NO_PROVIDER", _("Kontrak ini tidak mempunyai penyedia untuk dinilai."), status=409
        )
    if PerformanceRating.objects.filter(contract=contract).exists():
        raise ContractsError(
            "RATING_EXISTS", _("Kinerja penyedia untuk kontrak ini sudah dinilai."), status=409
        )
    comments = text_required(comments, "COMMENTS_REQUIRED")
    now = db_now()
    on = today(now)
    try:
        clean = {str(k): int(v) for k, v in (scores or {}).items()}
        average = rules.rating_average(clean, on)
    except (TypeError, ValueError) as exc:
        scale = rules.rating_scale(on)
        raise ContractsError(
            "SCORES_INVALID",
            _("Beri nilai %(lo)s sampai %(hi)s untuk setiap aspek: %(c)s."),
            lo=scale.lowest,
            hi=scale.highest,
            c=", ".join(scale.criteria),
        ) from exc
    rating = PerformanceRating.objects.create(
        contract=contract,
        provider=contract.provider,
        scores=clean,
        average=average,
        flagged=rules.rating_is_flagged(average, on),
        comments=comments,
        rated_on=on,
        rated_by=actor,
        rated_at=now,
    )
    audit.record(
        actor=actor,
        action="contracts.rating.record",
        obj=rating,
        after=audit.snapshot(rating, _RATING_FIELDS) | {"contract": contract.pk},
    )
    return rating


@transaction.atomic
def rating_respond(*, actor: Any, contract: Contract, response: str) -> PerformanceRating:
    """The rated provider answers the rating once (Peraturan LKPP 4/2021: the provider may respond)."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.RESPOND_RATING, role=role)
    rating = PerformanceRating.objects.select_for_update().filter(contract=contract).first()
    if rating is None:
        raise ContractsError("NO_RATING", _("Kontrak ini belum dinilai."), status=409)
    if rating.responded_at is not None:
        raise ContractsError(
            "RESPONSE_EXISTS", _("Tanggapan atas penilaian ini sudah diberikan."), status=409
        )
    before = audit.snapshot(rating, _RATING_FIELDS)
    rating.response = text_required(response, "RESPONSE_REQUIRED")
    rating.responded_by, rating.responded_at = actor, db_now()
    rating.save(update_fields=["response", "responded_by", "responded_at"])
    audit.record(
        actor=actor,
        action="contracts.rating.respond",
        obj=rating,
        before=before,
        after=audit.snapshot(rating, _RATING_FIELDS),
    )
    return rating
