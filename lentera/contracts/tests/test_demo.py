"""The contracts demo: the completed tender's SPPBJ accepted, its contract started by surat pesanan and running
with its first termin paid; one contract of each main type and one over two fiscal years; loading twice adds
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lentera.contracts import selectors
from lentera.contracts.models import Contract, StartOrder
from lentera.contracts.states import AwardLetterState, ContractState, PaymentState
from lentera.core import audit
from lentera.core.demo import load_all


@pytest.mark.django_db
def test_demo_contract_runs_with_a_paid_termin(settings):
    ctx = load_all(settings.LENTERA_DEMO_PASSWORD)
    tender = ctx.objects["tender_completed"]
    letter, contract = selectors.award_letter_of(tender), selectors.contract_of(tender)
    assert letter is not None and letter.state == AwardLetterState.ACCEPTED
    assert contract is not None and contract.state == ContractState.IN_PROGRESS
    assert contract.start_order.kind == StartOrder.Kind.ORDER  # goods
    page = selectors.contract_page(contract, None)
    assert [p.state for p in page["payments"]] == [PaymentState.PAID]
    assert page["totals"]["billed"] == (contract.value * 4 / 10).quantize(1)
    darurat = Contract.objects.filter(tender__method="DARURAT")
    ended = {
        c.state: c for c in darurat.exclude(state__in=[ContractState.IN_PROGRESS, ContractState.TERMINATED])
    }
    assert set(ended) == {ContractState.HANDED_OVER, ContractState.COMPLETED}
    late = darurat.get(state=ContractState.IN_PROGRESS, multi_year=False)
    multi = darurat.get(multi_year=True)  # kontrak tahun jamak: two fiscal years adding up to its value
    years = list(multi.years.values_list("year", "amount"))
    assert [y for y, _a in years] == [multi.start_on.year, multi.start_on.year + 1]
    assert sum(a for _y, a in years) == multi.value
    main_types = {"LUMP_SUM", "UNIT_PRICE", "COMBINED", "TURNKEY", "FRAMEWORK"}
    assert main_types <= set(Contract.objects.values_list("contract_type", flat=True))
    lateness = selectors.lateness(late, selectors.clock_day())
    assert lateness["days_late"] == 30 and lateness["penalty"] > 0 and late.warnings.count() == 2
    terminated = darurat.get(state=ContractState.TERMINATED).termination
    assert terminated.sanction_proposal.status == "OPEN" and terminated.penalty_total > 0
    assert terminated.advance_outstanding > 0
    assert terminated.advance_guarantee_claimed == terminated.advance_outstanding
    pho = ended[ContractState.HANDED_OVER].handovers.get()
    assert pho.stage == "PHO" and pho.defects and pho.maintenance_ends_on > contract.signed_on
    done = ended[ContractState.COMPLETED]
    assert done.handovers.get().stage == "BAST" and done.delivered_items.count() == 3
    assert done.rating.responded_at is not None and done.rating.average == Decimal("2.75")
    head = audit.head()
    load_all(settings.LENTERA_DEMO_PASSWORD)
    assert audit.head() == head and audit.verify_chain().ok
