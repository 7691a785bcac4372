"""Keadaan kahar, lateness (days late, the penalty as of the database clock, teguran 1-3, the grace decision) and
termination with the guarantee claimed, the penalty and the blacklist sanction proposed to the providers app.
Each refusal changes nothing (``refused``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.contracts import selectors, services
from lentera.contracts.models import ForceMajeure, Termination
from lentera.contracts.states import ContractState
from lentera.contracts.tests.builders import signed_contract, signing_time, world_with_letter
from lentera.contracts.tests.test_acceptance import refused
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.providers import services as provider_services
from lentera.providers.models import BlacklistEntry, BlacklistProposal
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db
M = Decimal("1000000")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(content: bytes = PDF, name: str = "bukti-banjir.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def running(days: int = 120):
    """A started Rp2 billion works contract (start the day after signing, ``days`` long) and its world; the
    guarantee is valid until signing + days + 30."""
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=days)
    at = signing_time(tw) + dt.timedelta(days=1)
    day = local_date(at)
    with clock(at):
        services.contract_start(actor=tw.ppk, contract=contract, number="SPMK/1", issued_on=day, start_on=day)
    contract.refresh_from_db()
    return tw, letter, contract, at


def at_day(contract, days_after_end: int) -> dt.datetime:
    """A moment ``days_after_end`` days after the contract's planned end (noon, Asia/Jakarta)."""
    from lentera.core.calendar import JAKARTA

    day = contract.end_on + dt.timedelta(days=days_after_end)
    return dt.datetime.combine(day, dt.time(12), tzinfo=JAKARTA).astimezone(dt.UTC)


def test_force_majeure_extends_the_period_by_its_days_without_penalty(at_setup):
    tw, letter, contract, at = running()
    end = contract.end_on
    day = local_date(at) + dt.timedelta(days=10)

    def record(who=None, effect="EXTEND", file=None, until=None, **kw):
        return services.force_majeure_record(
            actor=who or tw.ppk,
            contract=contract,
            event=kw.get("event", "Banjir bandang menutup akses lokasi"),
            event_from=day - dt.timedelta(days=4),
            event_until=until or day,
            effect=effect,
            evidence=file or evidence(),
        )

    with clock(at + dt.timedelta(days=10)):
        refused(lambda: record(who=letter.provider.account), "ACTION_NOT_FOR_ROLE", 403)
        refused(lambda: record(file=evidence(b"MZ\x90\x00 not a pdf", "bukti.pdf")), "FILE_TYPE_NOT_ALLOWED")
        refused(lambda: record(file=evidence(b"")), "EMPTY_FILE")
        refused(lambda: record(event=" "), "EVENT_REQUIRED")
        refused(lambda: record(until=day - dt.timedelta(days=5)), "EVENT_DATES")
        # the guarantee runs to signing + 150 days: a 40-day event would outlast it
        refused(lambda: record(until=day + dt.timedelta(days=40)), "GUARANTEE_PERIOD")
        fm = record()
    contract.refresh_from_db()
    assert fm.days == 5 and (fm.end_before, fm.end_after) == (end, end + dt.timedelta(days=5))
    assert contract.end_on == end + dt.timedelta(days=5) and contract.state == ContractState.IN_PROGRESS
    assert fm.evidence_type == "application/pdf" and len(fm.evidence_sha256) == 64
    # on the old end + 5 the contract is not late: the event's days carry no penalty
    facts = selectors.lateness(contract, end + dt.timedelta(days=5))
    assert facts["days_late"] == 0 and facts["penalty"] == 0
    assert AuditEvent.objects.filter(action="contracts.force_majeure").count() == 1


def test_force_majeure_may_stop_the_contract(at_setup):
    tw, letter, contract, at = running()
    day = local_date(at) + dt.timedelta(days=3)
    with clock(at + dt.timedelta(days=3)):
        fm = services.force_majeure_record(
            actor=tw.ppk,
            contract=contract,
            event="Gempa bumi merobohkan gedung",
            event_from=day,
            event_until=day,
            effect=ForceMajeure.Effect.STOP,
            evidence=evidence(),
        )
        contract.refresh_from_db()
        assert contract.state == ContractState.STOPPED and fm.end_after == fm.end_before
        refused(
            lambda: services.warning_issue(
                actor=tw.ppk, contract=contract, number="T/1", issued_on=day, text="x"
            ),
            "STATE_NOT_ALLOWED",
            409,
        )


def test_lateness_warnings_and_the_grace_decision(at_setup):
    tw, letter, contract, at = running()
    end = contract.end_on
    with clock(at):
        refused(
            lambda: services.grace_decide(actor=tw.ppk, contract=contract, granted=False, reason="x"),
            "NOT_LATE",
            409,
        )
    with clock(at_day(contract, 10)):
        facts = selectors.lateness(contract, selectors.clock_day())
        assert facts["days_late"] == 10 and facts["penalty"] == 2000 * M * Decimal("0.001") * 10
        assert facts["limit"] == end + dt.timedelta(days=50) and not facts["can_terminate"]
        day = end + dt.timedelta(days=10)
        for n in (1, 2, 3):
            w = services.warning_issue(
                actor=tw.ppk, contract=contract, number=f"T/{n}", issued_on=day, text="Segera selesaikan"
            )
            assert (w.sequence, w.days_late) == (n, 10)
        refused(
            lambda: services.warning_issue(
                actor=tw.ppk, contract=contract, number="T/4", issued_on=day, text="x"
            ),
            "WARNING_LIMIT",
            409,
        )

        def grant(last_day, who=None):
            return services.grace_decide(
                actor=who or tw.ppk, contract=contract, granted=True, reason="Mampu", last_day=last_day
            )

        refused(lambda: grant(end + dt.timedelta(days=51)), "GRACE_TOO_LONG")
        refused(lambda: grant(end + dt.timedelta(days=40)), "GUARANTEE_PERIOD")  # guarantee to end + 31
        refused(
            lambda: grant(end + dt.timedelta(days=40), who=letter.provider.account), "ACTION_NOT_FOR_ROLE"
        )
        refused(
            lambda: services.guarantee_extend(
                actor=tw.ppk, contract=contract, valid_until=end, number="JP-001/A1"
            ),
            "GUARANTEE_NOT_LATER",
        )
        services.guarantee_extend(
            actor=letter.provider.account,
            contract=contract,
            valid_until=end + dt.timedelta(days=60),
            number="JP-001/A1",
        )
        decision = grant(end + dt.timedelta(days=40))
        assert decision.granted and decision.days_late == 10
        refused(lambda: grant(end + dt.timedelta(days=30)), "GRACE_DECIDED", 409)
    assert selectors.lateness(contract, end + dt.timedelta(days=20))["grace"] == decision


def test_termination_after_the_limit_claims_the_guarantee_and_proposes_the_sanction(at_setup):
    tw, letter, contract, at = running()
    end = contract.end_on

    def terminate(ground="GRACE_EXPIRED", on=None, who=None):
        return services.contract_terminate(
            actor=who or tw.ppk,
            contract=contract,
            ground=ground,
            explanation="Pekerjaan baru 60% setelah kesempatan",
            terminated_on=on or local_date(at_day(contract, 0)) + dt.timedelta(days=51),
        )

    with clock(at_day(contract, 20)):
        refused(lambda: terminate(on=end + dt.timedelta(days=20)), "TERMINATION_TOO_EARLY", 409)
        refused(lambda: terminate(ground="UNKNOWN", on=end + dt.timedelta(days=20)), "GROUND_UNKNOWN")
        refused(lambda: terminate(on=end + dt.timedelta(days=21)), "DATE_IN_FUTURE")
    with clock(at_day(contract, 51)):
        refused(lambda: terminate(who=letter.provider.account), "ACTION_NOT_FOR_ROLE", 403)
        assert selectors.lateness(contract, selectors.clock_day())["can_terminate"]
        done = terminate()
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED
    assert done.days_late == 51 and done.penalty_total == 2000 * M * Decimal("0.05")  # capped
    assert done.guarantee_claimed and done.guarantee_amount == letter.performance_guarantee_amount
    proposal = done.sanction_proposal
    assert proposal is not None and proposal.status == BlacklistProposal.Status.OPEN
    assert (
        proposal.npwp == letter.provider.npwp and proposal.category == BlacklistEntry.Category.NON_PERFORMANCE
    )
    assert not BlacklistEntry.objects.exists()  # only proposed: the PA/KPA decides
    assert AuditEvent.objects.filter(action="contracts.contract.terminate").count() == 1
    assert AuditEvent.objects.filter(action="providers.blacklist.propose").count() == 1


def test_breach_terminates_a_signed_contract_at_any_time(at_setup):
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter)
    at = signing_time(tw) + dt.timedelta(days=1)
    with clock(at):
        done = services.contract_terminate(
            actor=tw.ppk,
            contract=contract,
            ground=Termination.Ground.DEFAULT,
            explanation="Tidak memulai pekerjaan setelah tiga kali rapat",
            terminated_on=local_date(at),
        )
    assert done.days_late == 0 and done.penalty_total == 0 and done.sanction_proposal is not None


def test_a_proposal_is_closed_by_the_blacklist_entry_or_dismissed(at_setup, users_by_role):
    from lentera.core.roles import Role

    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter)
    at = signing_time(tw) + dt.timedelta(days=1)
    with clock(at):
        done = services.contract_terminate(
            actor=tw.ppk,
            contract=contract,
            ground="FRAUD",
            explanation="Dokumen palsu",
            terminated_on=local_date(at),
        )
        proposal = done.sanction_proposal
        assert proposal.category == BlacklistEntry.Category.FALSE_DOCUMENTS
        verifier, kpa = users_by_role[Role.VERIFIKATOR], users_by_role[Role.KPA]
        entry = provider_services.blacklist_create(
            actor=verifier,
            npwp=proposal.npwp,
            decree_number="SK/DH/1",
            decree_date=local_date(at),
            violation=proposal.violation,
            category=proposal.category,
            starts_on=local_date(at),
            requested_by=kpa,
            proposal=proposal,
        )
        proposal.refresh_from_db()
        assert proposal.status == BlacklistProposal.Status.ENTERED and proposal.entry == entry
        refused(
            lambda: provider_services.blacklist_proposal_dismiss(actor=verifier, proposal=proposal, note="x"),
            "PROPOSAL_DECIDED",
            409,
        )


def test_the_dashboard_shows_the_ppk_its_late_contracts(at_setup):
    from lentera.contracts import dashboards
    from lentera.core.roles import Role

    tw, letter, contract, at = running()
    with clock(at_day(contract, 12)):
        items = [i for i in dashboards.items(tw.ppk, Role.PPK) if "terlambat" in i.title]
        assert len(items) == 1 and "12" in items[0].title and items[0].hint
        mine = [i for i in dashboards.items(letter.provider.account, Role.PENYEDIA) if "terlambat" in i.title]
        assert len(mine) == 1 and "teguran diterima: 0" in mine[0].hint
        other = tw.providers[1].account
        assert not [i for i in dashboards.items(other, Role.PENYEDIA) if "terlambat" in i.title]
