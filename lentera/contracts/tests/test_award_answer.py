"""The winner's answer period for the SPPBJ (award_rules, 14 days, not confirmed in shared/seeds), the withdrawal
after acceptance, "no answer by the deadline" and the PPK's sanction decision that reaches the providers app's
blacklist proposals; the pages and the API; every refused call changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lentera.contracts import award_rules, services
from lentera.contracts.models import AwardLetterRefusal, PerformanceGuarantee
from lentera.contracts.states import AwardLetterState, SanctionState
from lentera.contracts.tests.builders import record_guarantee, signed_contract, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.providers.models import BlacklistProposal
from lentera.tendering.tests.factories import clock
from lentera.testing import Action, api_call, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import denied

pytestmark = pytest.mark.django_db
PPK, PROVIDER = frozenset({Role.PPK}), frozenset({Role.PENYEDIA})
MISSING = 990777
API = "/api/v1/contracts"


def refused(call, code: str, status: int | None = None):
    before = db_fingerprint()
    with pytest.raises(LenteraError) as exc:
        call()
    assert exc.value.code == code, exc.value.code
    if status is not None:
        assert exc.value.status == status
    assert db_fingerprint() == before, "a refused call changed the database"


def test_award_answer_last_day_is_14_calendar_days_after_the_letter():
    d = dt.date(2026, 8, 20)
    assert award_rules.award_answer_last_day(issued_on=d) == dt.date(2026, 9, 3)
    assert award_rules.award_answer_last_day(issued_on=dt.date(2026, 12, 25)) == dt.date(2027, 1, 8)


def test_award_answer_overdue_only_after_the_last_day():
    d = dt.date(2026, 8, 20)
    assert not award_rules.award_answer_overdue(issued_on=d, today=d)
    assert not award_rules.award_answer_overdue(issued_on=d, today=dt.date(2026, 9, 3))
    assert award_rules.award_answer_overdue(issued_on=d, today=dt.date(2026, 9, 4))


def test_award_sanction_category_is_the_withdrawal_category_of_the_blacklist():
    from lentera.providers import rules as provider_rules

    category = award_rules.award_sanction_category(on=dt.date(2026, 8, 20))
    assert category == "WITHDRAWAL" and category in provider_rules.BLACKLIST_YEARS


def _day_after_deadline(letter) -> dt.datetime:
    last = award_rules.award_answer_last_day(issued_on=letter.issued_on)
    return letter.issued_at + dt.timedelta(days=(last - letter.issued_on).days + 1)


def test_after_the_deadline_the_provider_cannot_answer_and_the_ppk_records_no_answer(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    last = award_rules.award_answer_last_day(issued_on=letter.issued_on)
    with clock(letter.issued_at + dt.timedelta(days=1)):
        refused(
            lambda: services.award_letter_record_no_answer(actor=tw.ppk, letter=letter),
            "ANSWER_NOT_OVERDUE",
            409,
        )
        refused(
            lambda: services.award_letter_record_no_answer(actor=winner, letter=letter),
            "ACTION_NOT_FOR_ROLE",
            403,
        )
    late = _day_after_deadline(letter)
    assert local_date(late) == last + dt.timedelta(days=1)
    with clock(late):
        refused(lambda: services.award_letter_accept(actor=winner, letter=letter), "ANSWER_OVERDUE", 409)
        refused(
            lambda: services.award_letter_refuse(
                actor=winner, letter=letter, reason="OTHER", explanation="x"
            ),
            "ANSWER_OVERDUE",
            409,
        )
        refusal = services.award_letter_record_no_answer(actor=tw.ppk, letter=letter)
    letter.refresh_from_db()
    assert letter.state == AwardLetterState.REFUSED
    assert refusal.kind == AwardLetterRefusal.Kind.NO_ANSWER and refusal.sanction_proposed
    assert refusal.sanction_state == SanctionState.PENDING and refusal.refused_by == tw.ppk
    assert AuditEvent.objects.filter(
        action="contracts.award_letter.no_answer", object_id=str(letter.pk)
    ).exists()
    # the reserve follows as after a refusal
    with clock(late):
        services.award_letter_appoint_reserve(
            actor=tw.ppk, letter=letter, number="S/2", issued_on=local_date(late), reason="Tidak menjawab"
        )
    letter.refresh_from_db()
    assert letter.reserve_rank == 1 and letter.state == AwardLetterState.ISSUED


def test_on_the_last_day_the_provider_still_accepts(at_setup):
    tw, letter = world_with_letter()
    last_moment = _day_after_deadline(letter) - dt.timedelta(days=1)
    assert local_date(last_moment) == award_rules.award_answer_last_day(issued_on=letter.issued_on)
    with clock(last_moment):
        services.award_letter_accept(actor=letter.provider.account, letter=letter)
    letter.refresh_from_db()
    assert letter.state == AwardLetterState.ACCEPTED


def test_the_winner_withdraws_after_accepting_and_the_guarantee_leaves_the_letter(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    at = letter.issued_at + dt.timedelta(days=1)
    with clock(at):
        refused(
            lambda: services.award_letter_withdraw(
                actor=winner, letter=letter, reason="OTHER", explanation="x"
            ),
            "STATE_NOT_ALLOWED",
            409,
        )
        services.award_letter_accept(actor=winner, letter=letter)
        record_guarantee(tw, letter, until=local_date(at) + dt.timedelta(days=200))
        refused(
            lambda: services.award_letter_withdraw(
                actor=tw.ppk, letter=letter, reason="OTHER", explanation="x"
            ),
            "ACTION_NOT_FOR_ROLE",
            403,
        )
        refused(
            lambda: services.award_letter_withdraw(
                actor=winner, letter=letter, reason="OTHER", explanation=" "
            ),
            "EXPLANATION_REQUIRED",
        )
        refusal = services.award_letter_withdraw(
            actor=winner, letter=letter, reason="OTHER", explanation="Personel inti mundur"
        )
    letter.refresh_from_db()
    assert letter.state == AwardLetterState.REFUSED
    assert refusal.kind == AwardLetterRefusal.Kind.WITHDRAWN and refusal.sanction_proposed
    assert not PerformanceGuarantee.objects.filter(letter=letter).exists()
    event = AuditEvent.objects.get(action="contracts.award_letter.withdraw", object_id=str(letter.pk))
    assert event.after["guarantee_removed"]["number"] == "JP-001"


def test_no_withdrawal_once_the_contract_is_signed(at_setup):
    tw, letter = world_with_letter()
    signed_contract(tw, letter)
    with clock(letter.issued_at + dt.timedelta(days=3)):
        refused(
            lambda: services.award_letter_withdraw(
                actor=letter.provider.account, letter=letter, reason="OTHER", explanation="x"
            ),
            "CONTRACT_SIGNED",
            409,
        )


def _refused_letter(tw, letter):
    with clock(letter.issued_at + dt.timedelta(days=1)):
        return services.award_letter_refuse(
            actor=letter.provider.account, letter=letter, reason="OTHER", explanation="Tidak sanggup"
        )


def test_the_ppk_proposes_the_blacklist_sanction_once_and_it_reaches_the_providers_app(at_setup):
    tw, letter = world_with_letter()
    refusal = _refused_letter(tw, letter)
    at = letter.issued_at + dt.timedelta(days=2)
    with clock(at):
        refused(
            lambda: services.refusal_sanction_decide(
                actor=letter.provider.account, refusal=refusal, propose=False, reason="x"
            ),
            "NOT_A_PARTY",
            403,
        )
        refused(
            lambda: services.refusal_sanction_decide(actor=tw.ppk, refusal=refusal, propose=True, reason=" "),
            "REASON_REQUIRED",
        )
        decided = services.refusal_sanction_decide(
            actor=tw.ppk, refusal=refusal, propose=True, reason="Alasan tidak dapat diterima"
        )
        refused(
            lambda: services.refusal_sanction_decide(
                actor=tw.ppk, refusal=refusal, propose=False, reason="x"
            ),
            "STATE_NOT_ALLOWED",
            409,
        )
    proposal = BlacklistProposal.objects.get(pk=decided.sanction_proposal_id)
    assert proposal.provider_id == refusal.provider_id and proposal.category == "WITHDRAWAL"
    assert proposal.status == BlacklistProposal.Status.OPEN and "SPPBJ/01" in proposal.source
    assert decided.sanction_state == SanctionState.PROPOSED and decided.sanction_decided_by == tw.ppk
    assert AuditEvent.objects.filter(action="providers.blacklist.propose").count() == 1
    assert AuditEvent.objects.filter(action="contracts.award_letter.sanction_decide").count() == 1


def test_the_ppk_may_waive_the_sanction_with_a_reason(at_setup):
    tw, letter = world_with_letter()
    refusal = _refused_letter(tw, letter)
    with clock(letter.issued_at + dt.timedelta(days=2)):
        decided = services.refusal_sanction_decide(
            actor=tw.ppk, refusal=refusal, propose=False, reason="Bukti keadaan kahar menyusul dan sah"
        )
    assert decided.sanction_state == SanctionState.WAIVED and decided.sanction_proposal is None
    assert not BlacklistProposal.objects.exists()


def test_the_letter_page_shows_the_deadline_and_the_ppk_decides_there(at_setup):
    tw, letter = world_with_letter()
    url = reverse("contracts:letter", args=[letter.pk])
    with clock(letter.issued_at + dt.timedelta(days=1)):
        page = login_client(tw.ppk, Role.PPK).get(url)
        assert page.status_code == 200 and b'id="answer-deadline"' in page.content
        assert b"no-answer-submit" not in page.content
    with clock(_day_after_deadline(letter)):
        ppk = login_client(tw.ppk, Role.PPK)
        assert b"no-answer-submit" in ppk.get(url).content
        ppk.post(reverse("contracts:letter_no_answer", args=[letter.pk]))
        refusal = AwardLetterRefusal.objects.get(letter=letter)
        page = ppk.get(url).content.decode()
        assert f"sanction-{refusal.pk}-submit" in page
        ppk.post(
            reverse("contracts:refusal_sanction", args=[refusal.pk]),
            {"propose": "1", "reason": "Tidak menjawab tanpa kabar"},
        )
    refusal.refresh_from_db()
    assert refusal.sanction_state == SanctionState.PROPOSED and refusal.sanction_proposal_id


def test_the_provider_withdraws_on_the_page(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    url = reverse("contracts:letter", args=[letter.pk])
    with clock(letter.issued_at + dt.timedelta(days=1)):
        services.award_letter_accept(actor=winner, letter=letter)
        web = login_client(winner, Role.PENYEDIA)
        assert b"withdraw-submit" in web.get(url).content
        web.post(
            reverse("contracts:letter_withdraw", args=[letter.pk]),
            {"reason": "OTHER", "explanation": "Kapasitas tidak cukup"},
        )
    letter.refresh_from_db()
    assert letter.state == AwardLetterState.REFUSED


@pytest.mark.route("POST", "/api/v1/contracts/award-letters/{letter_id}/withdraw", allowed=True)
@pytest.mark.route("POST", "/api/v1/contracts/award-letters/{letter_id}/no-answer", allowed=True)
@pytest.mark.route("POST", "/api/v1/contracts/award-letters/refusals/{refusal_id}/sanction", allowed=True)
def test_the_api_withdraws_records_no_answer_and_decides_the_sanction(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    with clock(letter.issued_at + dt.timedelta(days=1)):
        body = api_call(tw.ppk, Role.PPK, "get", f"{API}/award-letters/{letter.pk}").json()
        assert (
            body["answer_last_day"]
            == award_rules.award_answer_last_day(issued_on=letter.issued_on).isoformat()
        )
        assert body["answer_overdue"] is False
        api_call(winner, Role.PENYEDIA, "post", f"{API}/award-letters/{letter.pk}/accept")
        r = api_call(
            winner,
            Role.PENYEDIA,
            "post",
            f"{API}/award-letters/{letter.pk}/withdraw",
            {"reason": "OTHER", "explanation": "Mundur"},
        )
        assert r.status_code == 201, r.content
        assert r.json()["kind"] == "WITHDRAWN" and r.json()["sanction_state"] == "PENDING"
        refusal_id = r.json()["id"]
        r = api_call(
            tw.ppk,
            Role.PPK,
            "post",
            f"{API}/award-letters/refusals/{refusal_id}/sanction",
            {"propose": True, "reason": "Tanpa alasan yang dapat diterima"},
        )
        assert r.status_code == 200, r.content
        assert r.json()["sanction_state"] == "PROPOSED" and r.json()["sanction_proposal_id"]
    # the reserve, then no answer from it
    at = letter.issued_at + dt.timedelta(days=2)
    with clock(at):
        services.award_letter_appoint_reserve(
            actor=tw.ppk, letter=letter, number="S/2", issued_on=local_date(at), reason="Pemenang mundur"
        )
    letter.refresh_from_db()
    with clock(_day_after_deadline(letter)):
        r = api_call(tw.ppk, Role.PPK, "post", f"{API}/award-letters/{letter.pk}/no-answer")
        assert r.status_code == 201, r.content
        assert r.json()["kind"] == "NO_ANSWER"


def answer_web_actions() -> list[Action]:
    def post(name, data=None):
        url = reverse(f"contracts:{name}", args=[MISSING])
        return lambda c, h: c.post(url, data or {})

    return [
        Action("letter_withdraw", PROVIDER, post("letter_withdraw", {"reason": "OTHER"})),
        Action("letter_no_answer", PPK, post("letter_no_answer")),
        Action("refusal_sanction", PPK, post("refusal_sanction", {"propose": "1", "reason": "x"})),
    ]


def answer_api_actions() -> list[Action]:
    def api(path, body=None):
        return lambda c, h: c.post(API + path, data=body or {}, content_type="application/json", **h)

    return [
        Action(
            "api.letter_withdraw",
            PROVIDER,
            api(f"/award-letters/{MISSING}/withdraw", {"reason": "OTHER", "explanation": "x"}),
            api=True,
        ),
        Action("api.letter_no_answer", PPK, api(f"/award-letters/{MISSING}/no-answer"), api=True),
        Action(
            "api.refusal_sanction",
            PPK,
            api(f"/award-letters/refusals/{MISSING}/sanction", {"propose": True, "reason": "x"}),
            api=True,
        ),
    ]


@denied(
    "POST /api/v1/contracts/award-letters/{letter_id}/withdraw",
    "POST /api/v1/contracts/award-letters/{letter_id}/no-answer",
    "POST /api/v1/contracts/award-letters/refusals/{refusal_id}/sanction",
)
def test_answer_role_action_matrix(at_setup, users_by_role):
    failures = run_matrix(answer_web_actions() + answer_api_actions(), users_by_role)
    assert failures == [], "\n".join(failures)
