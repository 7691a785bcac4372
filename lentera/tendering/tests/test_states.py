"""The state machine of every method, exhaustively: every stage x every trigger x every role is compared with an
expectation written out here independently of states.py (from Perpres 16/2018 Pasal 50 and the issue), and
hypothesis walks random sequences of triggers checking the invariants."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.core.roles import Role
from lentera.planning.models import Method, ProcurementType
from lentera.tendering import states
from lentera.tendering.enums import Envelope, Qualification, Stage
from lentera.tendering.states import SYSTEM, Trigger

S = Stage
ALL_ROLES = [*Role.values, SYSTEM]
POKJA, PP, PROV, PPK = Role.POKJA, Role.PROCUREMENT_OFFICIAL, Role.PENYEDIA, Role.PPK
PAKPA = {Role.PA, Role.KPA}


def tender_stages(*, pre=False, two=False, works=False):
    out = [S.ANNOUNCEMENT, S.DOCUMENT_DOWNLOAD]
    if pre:
        out += [
            S.QUALIFICATION_UPLOAD,
            S.QUALIFICATION_EVALUATION,
            S.QUALIFICATION_PROOF,
            S.SHORTLIST_ANNOUNCEMENT,
        ]
    out += [S.EXPLANATION, S.BID_UPLOAD, S.OPENING, S.EVALUATION]
    if two:
        out += [S.PRICE_OPENING, S.PRICE_EVALUATION]
    if not pre:
        out += [S.QUALIFICATION_PROOF]
    out += [S.WINNER_DECISION, S.WINNER_ANNOUNCEMENT, S.OBJECTION, S.OBJECTION_ANSWER]
    if works:
        out += [S.APPEAL, S.APPEAL_ANSWER]
    out += [S.AWARD_LETTER, S.CONTRACT_SIGNING]
    return [str(s) for s in out]


def span(stages, a, b):
    return stages[stages.index(a) : stages.index(b) + 1]


def expected_tender(stages, *, fast=False):
    """trigger -> (stages where allowed, roles allowed, target or None)."""
    ev = [s for s in (S.EVALUATION, S.PRICE_EVALUATION) if s in stages]
    last_reg = S.QUALIFICATION_UPLOAD if S.QUALIFICATION_UPLOAD in stages else S.BID_UPLOAD
    e = {
        Trigger.SET_SCHEDULE: ([S.DRAFT], {POKJA}, None),
        Trigger.UPLOAD_DOCUMENT: ([S.DRAFT], {POKJA}, None),
        Trigger.ANNOUNCE: ([S.DRAFT], {POKJA}, stages[0]),
        Trigger.CANCEL: ([S.DRAFT, *stages], PAKPA, S.CANCELLED),
        Trigger.CHANGE_SCHEDULE: (stages, {POKJA}, None),
        Trigger.EXTEND_STAGE: (stages, {POKJA}, None),
        Trigger.FAIL: (stages, {POKJA}, S.FAILED),
        Trigger.RETENDER: ([S.FAILED], {POKJA}, None),
        Trigger.REGISTER: (span(stages, S.ANNOUNCEMENT, last_reg), {PROV}, None),
        Trigger.DOWNLOAD: (span(stages, S.DOCUMENT_DOWNLOAD, S.BID_UPLOAD), {PROV}, None),
        Trigger.ADDENDUM: (span(stages, S.DOCUMENT_DOWNLOAD, S.BID_UPLOAD), {POKJA}, None),
        Trigger.SUBMIT_BID: ([S.BID_UPLOAD], {PROV}, None),
        Trigger.OPEN_BIDS: ([s for s in (S.OPENING, S.PRICE_OPENING) if s in stages], {POKJA, SYSTEM}, None),
        Trigger.RECORD_OFFERS: (
            [s for s in (S.OPENING, S.PRICE_OPENING) if s in stages],
            {POKJA, SYSTEM},
            None,
        ),
        Trigger.EVALUATE: (ev, {POKJA}, None),
        Trigger.DECIDE_EVALUATION: (ev, {POKJA}, None),
        Trigger.START_AUCTION: (ev, {POKJA}, None),
        Trigger.AUCTION_BID: (ev, {PROV}, None),
        Trigger.CLOSE_AUCTION: (ev, {POKJA}, None),
        Trigger.DECIDE_WINNER: ([S.WINNER_DECISION], {POKJA}, None),
        Trigger.ANNOUNCE_WINNER: ([S.WINNER_ANNOUNCEMENT], {POKJA}, None),
        Trigger.ISSUE_AWARD_LETTER: ([S.AWARD_LETTER, S.CONTRACT_SIGNING], {PPK}, None),
        Trigger.SIGN_CONTRACT: ([S.CONTRACT_SIGNING], {PPK}, S.COMPLETED),
    }
    if not fast:
        e[Trigger.ASK] = ([S.EXPLANATION], {PROV}, None)
        e[Trigger.ANSWER] = ([S.EXPLANATION], {POKJA}, None)
        e[Trigger.PROVE_QUALIFICATION] = ([S.QUALIFICATION_PROOF], {POKJA}, None)
        e[Trigger.OBJECT] = ([S.OBJECTION], {PROV}, None)
        e[Trigger.ANSWER_OBJECTION] = ([S.OBJECTION_ANSWER], {POKJA}, None)
        e[Trigger.REEVALUATE] = (
            [s for s in (S.OBJECTION_ANSWER, S.APPEAL, S.APPEAL_ANSWER) if s in stages],
            {POKJA},
            S.EVALUATION,
        )
    if S.APPEAL in stages:
        e[Trigger.APPEAL] = ([S.APPEAL], {PROV}, None)
        e[Trigger.ANSWER_APPEAL] = ([S.APPEAL_ANSWER], PAKPA, None)
    if S.SHORTLIST_ANNOUNCEMENT in stages:
        e[Trigger.SHORTLIST] = (
            span(stages, S.QUALIFICATION_EVALUATION, S.SHORTLIST_ANNOUNCEMENT),
            {POKJA},
            None,
        )
    return e


def expected_direct_procurement():
    st_ = [S.INVITATION, S.OFFER, S.CLARIFICATION_NEGOTIATION, S.ORDER]
    return [str(s) for s in st_], {
        Trigger.SET_SCHEDULE: ([S.DRAFT], {PP}, None),
        Trigger.UPLOAD_DOCUMENT: ([S.DRAFT], {PP}, None),
        Trigger.ANNOUNCE: ([S.DRAFT], {PP}, S.INVITATION),
        Trigger.CANCEL: ([S.DRAFT, *st_], PAKPA, S.CANCELLED),
        Trigger.CHANGE_SCHEDULE: (st_, {PP}, None),
        Trigger.EXTEND_STAGE: (st_, {PP}, None),
        Trigger.FAIL: (st_, {PP}, S.FAILED),
        Trigger.RETENDER: ([S.FAILED], {PP}, None),
        Trigger.INVITE: ([S.DRAFT, S.INVITATION], {PP}, None),
        Trigger.DOWNLOAD: ([S.INVITATION, S.OFFER], {PROV}, None),
        Trigger.ADDENDUM: ([S.INVITATION, S.OFFER], {PP}, None),
        Trigger.SUBMIT_BID: ([S.OFFER], {PROV}, None),
        Trigger.RECORD_OFFERS: ([S.CLARIFICATION_NEGOTIATION], {PP, SYSTEM}, None),
        Trigger.NEGOTIATE: ([S.CLARIFICATION_NEGOTIATION], {PP}, None),
        Trigger.DECIDE_WINNER: ([S.ORDER], {PP}, None),
        Trigger.SIGN_CONTRACT: ([S.ORDER], {PPK}, S.COMPLETED),
    }


def expected_direct_appointment():
    st_ = [
        S.INVITATION,
        S.EXPLANATION,
        S.OFFER,
        S.EVALUATION,
        S.CLARIFICATION_NEGOTIATION,
        S.WINNER_DECISION,
        S.WINNER_ANNOUNCEMENT,
        S.AWARD_LETTER,
        S.CONTRACT_SIGNING,
    ]
    return [str(s) for s in st_], {
        Trigger.SET_SCHEDULE: ([S.DRAFT], {POKJA}, None),
        Trigger.UPLOAD_DOCUMENT: ([S.DRAFT], {POKJA}, None),
        Trigger.ANNOUNCE: ([S.DRAFT], {POKJA}, S.INVITATION),
        Trigger.CANCEL: ([S.DRAFT, *st_], PAKPA, S.CANCELLED),
        Trigger.CHANGE_SCHEDULE: (st_, {POKJA}, None),
        Trigger.EXTEND_STAGE: (st_, {POKJA}, None),
        Trigger.FAIL: (st_, {POKJA}, S.FAILED),
        Trigger.RETENDER: ([S.FAILED], {POKJA}, None),
        Trigger.INVITE: ([S.DRAFT], {POKJA}, None),
        Trigger.DOWNLOAD: ([S.INVITATION, S.EXPLANATION, S.OFFER], {PROV}, None),
        Trigger.ASK: ([S.EXPLANATION], {PROV}, None),
        Trigger.ANSWER: ([S.EXPLANATION], {POKJA}, None),
        Trigger.ADDENDUM: ([S.INVITATION, S.EXPLANATION, S.OFFER], {POKJA}, None),
        Trigger.SUBMIT_BID: ([S.OFFER], {PROV}, None),
        Trigger.RECORD_OFFERS: ([S.EVALUATION], {POKJA, SYSTEM}, None),
        Trigger.EVALUATE: ([S.EVALUATION], {POKJA}, None),
        Trigger.DECIDE_EVALUATION: ([S.EVALUATION], {POKJA}, None),
        Trigger.NEGOTIATE: ([S.CLARIFICATION_NEGOTIATION], {POKJA}, None),
        Trigger.DECIDE_WINNER: ([S.WINNER_DECISION], {POKJA}, None),
        Trigger.ANNOUNCE_WINNER: ([S.WINNER_ANNOUNCEMENT], {POKJA}, None),
        Trigger.ISSUE_AWARD_LETTER: ([S.AWARD_LETTER, S.CONTRACT_SIGNING], {PPK}, None),
        Trigger.SIGN_CONTRACT: ([S.CONTRACT_SIGNING], {PPK}, S.COMPLETED),
    }


CASES = []
for pre, two, works in itertools.product((False, True), repeat=3):
    stages = tender_stages(pre=pre, two=two, works=works)
    for method in (Method.TENDER, Method.SELEKSI):
        CASES.append(
            (
                {
                    "method": method,
                    "qualification": Qualification.PRE if pre else Qualification.POST,
                    "envelope": Envelope.TWO_FILES if two else Envelope.ONE_FILE,
                    "procurement_type": ProcurementType.WORKS if works else ProcurementType.GOODS,
                },
                stages,
                expected_tender(stages),
            )
        )
FAST = [
    str(s)
    for s in (
        S.ANNOUNCEMENT,
        S.DOCUMENT_DOWNLOAD,
        S.BID_UPLOAD,
        S.OPENING,
        S.EVALUATION,
        S.WINNER_DECISION,
        S.WINNER_ANNOUNCEMENT,
        S.AWARD_LETTER,
        S.CONTRACT_SIGNING,
    )
]
for pt in (ProcurementType.WORKS, ProcurementType.GOODS):
    CASES.append(
        ({"method": Method.TENDER_CEPAT, "procurement_type": pt}, FAST, expected_tender(FAST, fast=True))
    )
_pl_stages, _pl = expected_direct_procurement()
CASES.append(({"method": Method.PENGADAAN_LANGSUNG}, _pl_stages, _pl))
_pen_stages, _pen = expected_direct_appointment()
CASES.append(({"method": Method.PENUNJUKAN_LANGSUNG}, _pen_stages, _pen))
for m in (Method.SWAKELOLA, Method.DARURAT):
    CASES.append(({"method": m}, [], {Trigger.RECORD: ([S.DRAFT], {PPK}, S.COMPLETED)}))


def _id(case):
    return "-".join(str(v) for v in case[0].values())


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_every_stage_trigger_role_matches_the_expected_table(case):
    kwargs, stages, expected = case
    machine = states.machine_for(**kwargs)
    assert list(machine.stages) == stages
    all_stages = [S.DRAFT, *stages, S.FAILED, S.CANCELLED, S.COMPLETED]
    checked = 0
    for stage in all_stages:
        for trigger in Trigger.values:
            for role in ALL_ROLES:
                checked += 1
                if trigger == Trigger.CLOCK:
                    want = role == SYSTEM and stage in stages and stages.index(stage) < len(stages) - 1
                    want_to = stages[stages.index(stage) + 1] if want else None
                else:
                    where, roles, target = expected.get(trigger, ([], set(), None))
                    want = stage in [str(s) for s in where] and role in {str(r) for r in roles}
                    want_to = str(target) if target else stage
                assert machine.allows(stage, trigger, role) is want, (stage, trigger, role)
                if want:
                    assert machine.step(stage, trigger, role) == want_to, (stage, trigger, role)
                else:
                    with pytest.raises(ValueError):
                        machine.step(stage, trigger, role)
    assert checked == len(all_stages) * len(Trigger.values) * len(ALL_ROLES)


@pytest.mark.parametrize("machine", states.all_machines(), ids=lambda m: m.key)
def test_table_invariants(machine):
    for (stage, trigger), t in machine.transitions.items():
        # providers never move a stage; deadline actions of providers are strict windows
        if Role.PENYEDIA in t.roles:
            assert t.to is None
            assert t.strict == (
                trigger in {Trigger.REGISTER, Trigger.ASK, Trigger.SUBMIT_BID, Trigger.OBJECT, Trigger.APPEAL}
            )
        # nothing leaves a terminal stage except drafting a re-tender (which creates a new tender)
        if stage in (S.CANCELLED, S.COMPLETED):
            raise AssertionError(f"transition out of {stage}")
        if stage == S.FAILED:
            assert trigger == Trigger.RETENDER and t.to is None
        # LPSE staff, helpdesk, trainers, verifiers and auditors never act in a selection
        assert not t.roles & {
            Role.SYSADMIN,
            Role.HELPDESK,
            Role.TRAINER,
            Role.VERIFIKATOR,
            Role.AUDITOR,
            Role.KASUBAG_LPSE,
        }
    # sanggah banding only for works
    works = "/WORKS" in machine.key
    assert (S.APPEAL in machine.stages) == works


@pytest.mark.parametrize("machine", states.all_machines(), ids=lambda m: m.key)
def test_every_stage_reachable_from_draft(machine):
    seen, frontier = {S.DRAFT}, [str(S.DRAFT)]
    while frontier:
        stage = frontier.pop()
        for (s, _t), tr in machine.transitions.items():
            if s == stage and tr.target() not in seen:
                seen.add(tr.target())
                frontier.append(tr.target())
    expected = {str(S.DRAFT), *machine.stages, str(S.COMPLETED)}
    if machine.stages:
        expected |= {str(S.FAILED), str(S.CANCELLED)}
    assert expected <= {str(x) for x in seen}


def _ordered(machine, stage):
    return machine.stages.index(stage) if stage in machine.stages else None


@settings(max_examples=300, deadline=None)
@given(
    machine_index=st.integers(min_value=0, max_value=len(states.all_machines()) - 1),
    steps=st.lists(st.tuples(st.sampled_from(Trigger.values), st.sampled_from(ALL_ROLES)), max_size=60),
)
def test_random_sequences_keep_the_invariants(machine_index, steps):
    machine = states.all_machines()[machine_index]
    stage = str(S.DRAFT)
    for trigger, role in steps:
        before = stage
        if not machine.allows(stage, trigger, role):
            with pytest.raises(ValueError):
                machine.step(stage, trigger, role)
            continue
        stage = machine.step(stage, trigger, role)
        if before in (S.FAILED, S.CANCELLED, S.COMPLETED):
            assert stage == before  # terminal stays terminal
        if stage == S.COMPLETED:
            assert trigger in (Trigger.SIGN_CONTRACT, Trigger.RECORD) and role == Role.PPK
        if stage == S.CANCELLED:
            assert trigger == Trigger.CANCEL and role in (Role.PA, Role.KPA)
        if stage == S.FAILED and before != S.FAILED:
            assert trigger == Trigger.FAIL
        b, a = _ordered(machine, before), _ordered(machine, stage)
        if b is not None and a is not None and a < b:
            assert trigger == Trigger.REEVALUATE and stage == S.EVALUATION
        if a is not None and b is not None and a > b:
            assert trigger == Trigger.CLOCK and a == b + 1 and role == SYSTEM
        if role == Role.PENYEDIA:
            assert stage == before


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        states.machine_for("NOT_A_METHOD")


def test_e_purchasing_surat_pesanan_is_recorded_by_the_recording_machine():
    machine = states.machine_for(Method.E_PURCHASING)
    assert set(machine.transitions) == {(str(Stage.DRAFT), str(Trigger.RECORD))}
