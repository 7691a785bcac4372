"""The contract red flags (docs/red-flags.md, "Contracts") on hand-made cases, on a contract driven through the
contracts services, and the auditors' list of suppliers with terminated contracts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.test import Client

from lentera.contracts.models import Contract
from lentera.core.roles import Role
from lentera.opendata import redflags as rf
from lentera.opendata import sources
from lentera.opendata.redflags import AmendmentInput as A
from lentera.opendata.redflags import PaymentInput as P
from lentera.opendata.redflags import TenderInput as T
from lentera.testing import api_headers, login_client

DAY = dt.date(2026, 12, 7)
END = dt.date(2026, 11, 30)


def contract(**kw) -> T:
    base = {"contract_state": "IN_PROGRESS", "contract_end_on": END, "as_of": DAY, "contract_value": D(1000)}
    return T("c", **(base | kw))


def test_threshold_is_dated_rule_data():
    assert rf.threshold("amended_value_increase", DAY) == D("0.05")
    assert rf.threshold("repeated_time_extensions", DAY) == 2
    assert rf.threshold("late_completion", DAY) == 0
    assert rf.threshold("terminated_contracts_per_provider", DAY) == 2
    with pytest.raises(LookupError):  # before the rows apply
        rf.threshold("amended_value_increase", dt.date(2024, 12, 31))


def test_amended_value_increase():
    raised = rf.amended_value_increase(contract(contract_original_value=D(1000), contract_value=D(1060)))
    assert raised.flagged and raised.value == 0.06
    assert not rf.amended_value_increase(
        contract(contract_original_value=D(1000), contract_value=D(1050))
    ).flagged
    assert not rf.amended_value_increase(
        contract(contract_original_value=D(1000), contract_value=D(900))
    ).flagged
    assert rf.amended_value_increase(T("no contract")) is None


def test_contract_value_increase_compares_the_signed_value_not_the_amended_one():
    amended = T("a", winner_value=D(1000), contract_value=D(1100), contract_original_value=D(1000))
    assert not rf.contract_value_increase(amended).flagged  # the increase came from amendments
    signed_higher = T("a", winner_value=D(1000), contract_value=D(1100), contract_original_value=D(1050))
    assert rf.contract_value_increase(signed_higher).flagged


def test_repeated_time_extensions():
    two = [A("TIME"), A("SCOPE", END, END + dt.timedelta(days=10))]
    assert rf.repeated_time_extensions(contract(amendments=two)).flagged
    one = [A("TIME"), A("VALUE", END, END)]
    flag = rf.repeated_time_extensions(contract(amendments=one))
    assert not flag.flagged and flag.value == 1
    assert rf.repeated_time_extensions(T("no contract")) is None


def test_late_completion():
    overdue = rf.late_completion(contract())  # 7 days past the end, not handed over, as of DAY
    assert overdue.flagged and overdue.value == 7
    assert not rf.late_completion(contract(as_of=END)).flagged
    # a paid termin that was late, even once the contract is handed over
    late_invoice = contract(contract_state="HANDED_OVER", termin_payments=[P(D(100), END, days_late=3)])
    assert rf.late_completion(late_invoice).flagged and rf.late_completion(late_invoice).value == 3
    assert not rf.late_completion(contract(contract_state="COMPLETED")).flagged  # delivered, no late invoice
    assert rf.late_completion(
        contract(contract_state="COMPLETED", handover_on=END + dt.timedelta(days=2))
    ).flagged
    assert not rf.late_completion(contract(contract_state="TERMINATED")).flagged  # ended: not a completion
    assert rf.late_completion(T("no contract")) is None


def test_payment_before_handover():
    final = [P(D(50), END - dt.timedelta(days=30)), P(D(100), END)]
    assert rf.payment_before_handover(contract(termin_payments=final)).flagged  # no handover state yet
    assert not rf.payment_before_handover(
        contract(contract_state="HANDED_OVER", termin_payments=final)
    ).flagged
    # with a handover date (handover records): paid before it
    early = contract(
        contract_state="HANDED_OVER", termin_payments=final, handover_on=END + dt.timedelta(days=1)
    )
    assert rf.payment_before_handover(early).flagged
    assert rf.payment_before_handover(contract(termin_payments=final[:1])) is None  # no final termin paid


def test_terminated_contracts_per_provider():
    def c(code, supplier, state):
        return T(code, supplier_id=supplier, contract_state=state)

    tenders = [
        c("a", 7, "TERMINATED"),
        c("b", 7, "TERMINATED"),
        c("c", 7, "COMPLETED"),
        c("d", 8, "TERMINATED"),
    ]
    assert rf.terminated_contracts_per_provider(tenders) == [
        {"provider_id": 7, "contracts": 3, "terminated": 2}
    ]
    # stopped (force majeure) is not a termination; one termination is below the threshold
    assert rf.terminated_contracts_per_provider([c("a", 7, "TERMINATED"), c("b", 7, "STOPPED")]) == []


def test_minimum_population_terminated_contracts_per_provider_needs_two_contracts():
    assert rf.minimum_population("terminated_contracts_per_provider", DAY) == 2
    assert rf.minimum_population("terminated_contracts_per_provider", dt.date(2024, 12, 31)) == 0


@pytest.mark.django_db
def test_contract_flags_from_the_published_facts_of_a_real_contract():
    from .test_contracting import M, Story

    s = Story()
    s.amend("a1", number="ADD/1", kind="VALUE", justification="Tambahan volume", value=2150 * M)
    s.start()
    s.amend("a2", number="ADD/2", kind="TIME", justification="Hujan", value=2200 * M, end_on=s.end)
    late = dt.datetime.combine(s.end + dt.timedelta(days=5), dt.time(10), tzinfo=dt.UTC)
    s.termin("t1", progress=100, amount=2200 * M, at=late)
    facts = sources.tender_facts(s.tender)
    flags = {
        f.code: f for f in rf.tender_flags([rf.input_from_facts(facts, as_of=late.date())])[s.tender.code]
    }
    assert flags["amended_value_increase"].flagged and flags["amended_value_increase"].value == 0.1
    assert not flags["repeated_time_extensions"].flagged and flags["repeated_time_extensions"].value == 1
    assert flags["late_completion"].flagged and flags["late_completion"].value == 5
    assert flags["payment_before_handover"].flagged  # 100% paid, the contract still in progress
    assert not flags["contract_value_increase"].flagged  # signed at the SPPBJ value


@pytest.mark.django_db
@pytest.mark.route("GET", "/api/v1/opendata/redflags/providers/terminated", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/providers/terminated", denied=True)
def test_terminated_contracts_per_provider_is_for_auditors(make_user):
    from lentera.opendata import services

    from . import scenario

    cache.clear()
    supplier = scenario.provider("PT Sering Diputus")
    for _ in range(2):
        t = scenario.tender()
        offers = scenario.open_bids(t, [D("900000000")], providers=[supplier])
        scenario.decide(t, offers, passed=[True], winner_index=0)
        scenario.contract(t, offers[0], D("900000000"))
    Contract.objects.filter(provider=supplier).update(state="TERMINATED")
    services.opendata_sync()
    auditor = make_user(Role.AUDITOR)
    url = "/api/v1/opendata/redflags/providers/terminated"
    rows = Client().get(url, **api_headers(auditor, Role.AUDITOR))
    assert rows.status_code == 200
    assert rows.json() == [{"provider_id": supplier.pk, "contracts": 2, "terminated": 2}]
    assert Client().get(url).status_code == 401
    page = login_client(auditor, Role.AUDITOR).get("/opendata/indikator-risiko/").content.decode()
    assert "2 dari 2 kontrak diputus" in page
    public = Client().get("/opendata/indikator-risiko/").content.decode()
    assert "terminated-providers" not in public and "Penyedia dengan kontrak yang diputus" not in public
    cache.clear()
