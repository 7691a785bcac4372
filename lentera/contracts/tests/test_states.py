"""The contract and SPPBJ tables: every allowed transition moves where the table says, every other
(state, action, role) is refused."""

from __future__ import annotations

import itertools

import pytest

from lentera.contracts.states import (
    AWARD_LETTER,
    CONTRACT,
    ENDED_STATES,
    PAYMENT,
    REFUSAL_SANCTION,
    Action,
    AwardLetterState,
    ContractState,
    TransitionRefused,
)
from lentera.core.roles import Role

ROLES = (Role.PPK, Role.PENYEDIA, Role.POKJA, Role.AUDITOR, Role.KPA)
MACHINES = (AWARD_LETTER, CONTRACT, PAYMENT, REFUSAL_SANCTION)


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_allowed_transition_moves_where_the_table_says(machine):
    for t in machine.transitions:
        for role in t.roles:
            assert machine.step(t.state, t.action, role) == t.target


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_other_state_action_role_is_refused(machine):
    refused = 0
    for state, action, role in itertools.product(machine.states, Action.values, ROLES):
        t = machine.find(state, action)
        if t is not None and role in t.roles:
            continue
        with pytest.raises(TransitionRefused):
            machine.step(state, action, role)
        assert not machine.allows(state, action, role)
        refused += 1
    assert refused > len(machine.transitions)


def test_the_provider_accepts_or_refuses_the_award_letter_and_only_the_ppk_appoints_the_reserve():
    assert (
        AWARD_LETTER.step(AwardLetterState.ISSUED, Action.ACCEPT, Role.PENYEDIA) == AwardLetterState.ACCEPTED
    )
    assert (
        AWARD_LETTER.step(AwardLetterState.ISSUED, Action.REFUSE, Role.PENYEDIA) == AwardLetterState.REFUSED
    )
    assert (
        AWARD_LETTER.step(AwardLetterState.REFUSED, Action.APPOINT_RESERVE, Role.PPK)
        == AwardLetterState.ISSUED
    )
    with pytest.raises(TransitionRefused):
        AWARD_LETTER.step(AwardLetterState.ISSUED, Action.ACCEPT, Role.PPK)
    with pytest.raises(TransitionRefused):
        AWARD_LETTER.step(AwardLetterState.ACCEPTED, Action.REFUSE, Role.PENYEDIA)


def test_no_payment_before_the_start_and_none_after_the_end():
    for state in (ContractState.DRAFT, ContractState.SIGNED, *ENDED_STATES):
        assert not CONTRACT.allows(state, Action.PAY, Role.PPK), state
    assert CONTRACT.allows(ContractState.IN_PROGRESS, Action.PAY, Role.PPK)
    assert CONTRACT.allows(ContractState.HANDED_OVER, Action.PAY, Role.PPK)  # retention released at FHO


def test_ended_contracts_take_only_the_rating_and_its_response():
    for state in ENDED_STATES:
        assert set(CONTRACT.actions_in(state, Role.PPK)) <= {Action.RATE}
        assert set(CONTRACT.actions_in(state, Role.PENYEDIA)) <= {Action.RESPOND_RATING}


def test_every_state_is_reachable_from_draft():
    seen, frontier = {ContractState.DRAFT}, [ContractState.DRAFT]
    while frontier:
        state = frontier.pop()
        for t in CONTRACT.transitions:
            if t.state == state and t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    assert seen == set(ContractState.values)


def test_every_transition_cites_its_article():
    for machine in MACHINES:
        for t in machine.transitions:
            assert t.citation.startswith(("Perpres", "Peraturan LKPP")), t


def test_the_mermaid_picture_has_one_arrow_per_transition():
    picture = CONTRACT.mermaid()
    assert picture.startswith("stateDiagram-v2")
    assert picture.count("-->") == len(CONTRACT.transitions)


def test_docs_draw_every_table_as_it_is():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "contracts.md").read_text()
    for machine in MACHINES:
        assert machine.mermaid() in text, f"docs/contracts.md does not draw the {machine.name} table as it is"


def test_handover_rows_pho_to_handed_over_bast_and_fho_to_completed_only_by_the_ppk():
    C = ContractState
    assert CONTRACT.step(C.IN_PROGRESS, Action.HANDOVER, Role.PPK) == C.HANDED_OVER  # PHO
    assert CONTRACT.step(C.IN_PROGRESS, Action.FINAL_HANDOVER, Role.PPK) == C.COMPLETED  # BAST
    assert CONTRACT.step(C.HANDED_OVER, Action.FINAL_HANDOVER, Role.PPK) == C.COMPLETED  # FHO
    for state, action in (
        (C.IN_PROGRESS, Action.HANDOVER),
        (C.IN_PROGRESS, Action.FINAL_HANDOVER),
        (C.HANDED_OVER, Action.FINAL_HANDOVER),
    ):
        with pytest.raises(TransitionRefused):
            CONTRACT.step(state, action, Role.PENYEDIA)
    for state in (C.DRAFT, C.SIGNED, C.COMPLETED, C.TERMINATED, C.STOPPED, C.CANCELLED):
        assert not CONTRACT.allows(state, Action.FINAL_HANDOVER, Role.PPK), state
        assert not CONTRACT.allows(state, Action.HANDOVER, Role.PPK), state
    assert not CONTRACT.allows(C.HANDED_OVER, Action.HANDOVER, Role.PPK)  # one PHO


def test_rating_after_the_handover_by_the_ppk_and_the_answer_by_the_provider():
    C = ContractState
    for state in (C.HANDED_OVER, C.COMPLETED, C.TERMINATED):
        assert CONTRACT.allows(state, Action.RATE, Role.PPK)
        assert not CONTRACT.allows(state, Action.RATE, Role.PENYEDIA)
        assert CONTRACT.allows(state, Action.RESPOND_RATING, Role.PENYEDIA)
        assert not CONTRACT.allows(state, Action.RESPOND_RATING, Role.PPK)
    for state in (C.DRAFT, C.SIGNED, C.IN_PROGRESS, C.STOPPED, C.CANCELLED):
        assert not CONTRACT.allows(state, Action.RATE, Role.PPK), state
    assert CONTRACT.allows(C.IN_PROGRESS, Action.RECORD_DELIVERY, Role.PENYEDIA)
    assert CONTRACT.allows(C.IN_PROGRESS, Action.RECORD_DELIVERY, Role.PPK)
    assert not CONTRACT.allows(C.COMPLETED, Action.RECORD_DELIVERY, Role.PENYEDIA)


def test_lateness_force_majeure_and_termination_rows_pasal_55_56_93():
    """Keadaan kahar, teguran and the grace decision keep a running contract running; keadaan kahar's stoppage
    stops it; termination ends a signed or running one; only the PPK takes them (the guarantee's extension
    also the provider)."""
    run = ContractState.IN_PROGRESS
    for action in (Action.FORCE_MAJEURE, Action.WARN, Action.GRANT_GRACE):
        assert CONTRACT.step(run, action, Role.PPK) == run
        with pytest.raises(TransitionRefused):
            CONTRACT.step(run, action, Role.PENYEDIA)
    assert CONTRACT.step(run, Action.STOP, Role.PPK) == ContractState.STOPPED
    assert CONTRACT.step(run, Action.TERMINATE, Role.PPK) == ContractState.TERMINATED
    assert CONTRACT.step(ContractState.SIGNED, Action.TERMINATE, Role.PPK) == ContractState.TERMINATED
    for role in (Role.PPK, Role.PENYEDIA):
        assert CONTRACT.step(run, Action.RECORD_GUARANTEE, role) == run
    for state in (ContractState.SIGNED, ContractState.HANDED_OVER, *ENDED_STATES):
        for action in (Action.FORCE_MAJEURE, Action.WARN, Action.GRANT_GRACE, Action.STOP):
            assert not CONTRACT.allows(state, action, Role.PPK), (state, action)
    for state in (ContractState.HANDED_OVER, *ENDED_STATES):
        assert not CONTRACT.allows(state, Action.TERMINATE, Role.PPK), state
