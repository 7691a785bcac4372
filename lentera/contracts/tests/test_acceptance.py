"""The winner's answer to the SPPBJ: acceptance, refusal with its reason (and the sanction flag), the reserve
winners appointed in rank order by the PPK; every refused call changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import services
from lentera.contracts.models import AwardLetterRefusal, Contract
from lentera.contracts.states import AwardLetterState
from lentera.contracts.tests.builders import signing_time, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.tendering.services._base import current_winner_decision
from lentera.tendering.tests.factories import clock
from lentera.testing import db_fingerprint

pytestmark = pytest.mark.django_db


def refused(call, code: str, status: int | None = None):
    before = db_fingerprint()
    with pytest.raises(LenteraError) as exc:
        call()
    assert exc.value.code == code, exc.value.code
    if status is not None:
        assert exc.value.status == status
    assert db_fingerprint() == before, "a refused call changed the database"


def test_the_appointed_provider_accepts_and_only_then_the_contract_can_be_recorded(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    at = signing_time(tw)
    with clock(at):
        refused(
            lambda: services.contract_record(
                actor=tw.ppk,
                tender=tw.tender,
                number="K/1",
                contract_type="LUMP_SUM",
                signed_on=local_date(at),
                start_on=local_date(at),
                end_on=local_date(at) + dt.timedelta(days=90),
            ),
            "LETTER_NOT_ACCEPTED",
            409,
        )
        refused(lambda: services.award_letter_accept(actor=tw.ppk, letter=letter), "ACTION_NOT_FOR_ROLE", 403)
        refused(
            lambda: services.award_letter_accept(actor=tw.provider_user(1), letter=letter), "NOT_A_PARTY", 403
        )
        services.award_letter_accept(actor=winner, letter=letter)
        letter.refresh_from_db()
        assert letter.state == AwardLetterState.ACCEPTED and letter.answered_at == at.astimezone(dt.UTC)
        assert AuditEvent.objects.filter(
            action="contracts.award_letter.accept", object_id=str(letter.pk)
        ).exists()
        refused(lambda: services.award_letter_accept(actor=winner, letter=letter), "STATE_NOT_ALLOWED", 409)
        refused(
            lambda: services.award_letter_refuse(
                actor=winner, letter=letter, reason="OTHER", explanation="x"
            ),
            "STATE_NOT_ALLOWED",
        )


def test_a_refusal_without_an_accepted_reason_is_flagged_for_sanction_and_the_reserves_follow_in_rank_order(
    at_setup,
):
    tw, letter = world_with_letter()
    decision = current_winner_decision(tw.tender)
    winner, reserve1, reserve2 = letter.offer, decision.reserve1, decision.reserve2
    at = signing_time(tw)
    with clock(at):
        refused(
            lambda: services.award_letter_appoint_reserve(
                actor=tw.ppk, letter=letter, number="S/2", issued_on=local_date(at), reason="x"
            ),
            "STATE_NOT_ALLOWED",
            409,
        )
        refused(
            lambda: services.award_letter_refuse(
                actor=winner.provider.account, letter=letter, reason="OTHER", explanation="  "
            ),
            "EXPLANATION_REQUIRED",
        )
        first = services.award_letter_refuse(
            actor=winner.provider.account, letter=letter, reason="OTHER", explanation="Kapasitas tidak cukup"
        )
        assert first.sanction_proposed and not first.reason_accepted and first.number == "SPPBJ/01"
        refused(
            lambda: services.award_letter_appoint_reserve(
                actor=tw.w["ppk2"], letter=letter, number="S/2", issued_on=local_date(at), reason="x"
            ),
            "NOT_A_PARTY",
            403,
        )
        refused(
            lambda: services.award_letter_appoint_reserve(
                actor=tw.ppk, letter=letter, number="S/2", issued_on=local_date(at), reason=""
            ),
            "REASON_REQUIRED",
        )
        services.award_letter_appoint_reserve(
            actor=tw.ppk, letter=letter, number="S/2", issued_on=local_date(at), reason="Pemenang menolak"
        )
        letter.refresh_from_db()
        assert (letter.offer, letter.reserve_rank, letter.state) == (reserve1, 1, AwardLetterState.ISSUED)
        assert letter.value == Decimal("2100000000.00") and letter.number == "S/2"
        second = services.award_letter_refuse(
            actor=reserve1.provider.account,
            letter=letter,
            reason="FORCE_MAJEURE",
            explanation="Banjir gudang",
        )
        assert second.reason_accepted and not second.sanction_proposed
        services.award_letter_appoint_reserve(
            actor=tw.ppk, letter=letter, number="S/3", issued_on=local_date(at), reason="Cadangan 1 menolak"
        )
        letter.refresh_from_db()
        assert (letter.offer, letter.reserve_rank) == (reserve2, 2)
        services.award_letter_refuse(
            actor=reserve2.provider.account, letter=letter, reason="OTHER", explanation="Tidak berminat"
        )
        refused(
            lambda: services.award_letter_appoint_reserve(
                actor=tw.ppk, letter=letter, number="S/4", issued_on=local_date(at), reason="x"
            ),
            "NO_RESERVE",
            409,
        )
    history = list(
        AwardLetterRefusal.objects.filter(letter=letter).values_list("provider", "sanction_proposed")
    )
    assert history == [
        (winner.provider_id, True),
        (reserve1.provider_id, False),
        (reserve2.provider_id, True),
    ]
    assert AwardLetterRefusal.objects.get(pk=first.pk).reserve_reason == "Pemenang menolak"
    assert not Contract.objects.filter(tender=tw.tender).exists()


def test_the_dashboard_asks_the_provider_to_answer_and_the_ppk_to_appoint_the_reserve(at_setup):
    from django.urls import reverse

    from lentera.contracts import dashboards
    from lentera.core.roles import Role

    tw, letter = world_with_letter()
    winner = letter.provider.account
    url = reverse("contracts:letter", args=[letter.pk])
    assert [i.url for i in dashboards.items(winner, Role.PENYEDIA)] == [url]
    assert dashboards.items(tw.ppk, Role.PPK) == []
    assert dashboards.items(tw.provider_user(1), Role.PENYEDIA) == []
    with clock(signing_time(tw)):
        services.award_letter_refuse(actor=winner, letter=letter, reason="OTHER", explanation="Tidak sanggup")
    assert dashboards.items(winner, Role.PENYEDIA) == []
    assert [i.url for i in dashboards.items(tw.ppk, Role.PPK)] == [url]
