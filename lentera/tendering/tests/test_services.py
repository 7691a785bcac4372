"""Services: who may take part, schedule changes and their notices, majority decisions, price rules, objections,
appeals, re-evaluation and re-tender, failure and cancellation, and what the public may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from lentera.accounts.models import User
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.planning.models import Method, Package, ProcurementType, SelectionReport
from lentera.providers.models import BlacklistEntry, Provider
from lentera.tendering import selectors, services, states
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.errors import TenderingError
from lentera.tendering.models import Appeal, FollowUp, OfficialRecord, ScheduleChange, Tender

from .factories import build, clock, create_tender, evaluate_all, inside, opened, pdf_upload, window

pytestmark = pytest.mark.django_db


def travel(at):
    return clock(at)


# ----------------------------------------------------------------------------------------------- registration


def test_registration_refused_for_blacklisted_unverified_and_deactivated(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    p_black, p_unverified, p_off = tw.providers
    BlacklistEntry.objects.create(
        npwp=p_black.npwp,
        provider_name=p_black.name,
        decree_number="SK/DH/1",
        decree_date=dt.date(2026, 6, 1),
        violation="Dokumen palsu",
        category="FALSE_DOCUMENTS",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2027, 6, 1),
        requested_by=tw.pa,
        entered_by=tw.pa,
    )
    Provider.objects.filter(pk=p_unverified.pk).update(status=Provider.Status.SUBMITTED)
    User.objects.filter(pk=p_off.account_id).update(status=User.Status.DEACTIVATED)
    codes = []
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        for p in tw.providers:
            with pytest.raises(LenteraError) as exc:
                services.registration_create(actor=User.objects.get(pk=p.account_id), tender=t)
            codes.append(exc.value.code)
    assert codes == ["PROVIDER_BLACKLISTED", "PROVIDER_NOT_VERIFIED", "ACCOUNT_DEACTIVATED"]
    assert t.registrations.count() == 0


def test_fast_tender_only_for_already_qualified_providers(at_setup):
    tw = build(method=Method.TENDER_CEPAT, ptype=ProcurementType.GOODS, pagu="900000000", providers=2)
    t = create_tender(tw)
    tw.providers[1].licences.all().delete()
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        services.registration_create(actor=tw.provider_user(0), tender=t)
        with pytest.raises(TenderingError) as exc:
            services.registration_create(actor=tw.provider_user(1), tender=t)
    assert exc.value.code == "PROVIDER_NOT_QUALIFIED"


def test_registration_closes_with_bid_upload(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    with travel(window(t, Stage.BID_UPLOAD)[1]), pytest.raises(TenderingError):
        services.registration_create(actor=tw.provider_user(0), tender=t)


# ----------------------------------------------------------------------------------------------- schedule


def test_schedule_change_after_bid_upload_opened_tells_every_registered_provider(
    at_setup, django_capture_on_commit_callbacks
):
    tw = build(providers=2)
    t = create_tender(tw)
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        for i in range(2):
            services.registration_create(actor=tw.provider_user(i), tender=t)
    start, end = window(t, Stage.BID_UPLOAD)
    later = {
        s: window(t, s)
        for s in states.machine_of(t).stages[states.machine_of(t).stages.index(Stage.BID_UPLOAD) :]
    }
    delta = dt.timedelta(days=7)
    changes = {s: ((a if s == Stage.BID_UPLOAD else a + delta), b + delta) for s, (a, b) in later.items()}
    with travel(inside(t, Stage.EXPLANATION)):
        with pytest.raises(TenderingError) as exc:
            services.schedule_change(actor=tw.chair, tender=t, changes=changes, reason="  ")
        assert exc.value.code == "REASON_REQUIRED"
    mail.outbox.clear()
    with travel(start + dt.timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        change = services.schedule_change(
            actor=tw.chair, tender=t, changes=changes, reason="Perubahan volume pekerjaan"
        )
    assert change.after_bid_upload_opened and change.notified_count >= 2
    recipients = {m.to[0] for m in mail.outbox}
    assert {tw.provider_user(0).email, tw.provider_user(1).email} <= recipients
    assert window(t, Stage.BID_UPLOAD)[1] == end + delta
    assert any(c["kind"] == "CHANGE" for c in selectors.public_tender_facts(t)["schedule_changes"])


def test_schedule_change_cannot_rewrite_the_past(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    a, b = window(t, Stage.ANNOUNCEMENT)
    with travel(inside(t, Stage.EXPLANATION)), pytest.raises(TenderingError) as exc:
        services.schedule_change(
            actor=tw.chair, tender=t, changes={Stage.ANNOUNCEMENT: (a, b + dt.timedelta(hours=1))}, reason="x"
        )
    assert exc.value.code == "SCHEDULE_PAST_STAGE"


def test_outage_extension_moves_later_stages_and_is_recorded(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    stages = states.machine_of(t).stages
    before = {s: window(t, s) for s in stages}
    start, end = before[Stage.BID_UPLOAD]
    # extend by exactly one week: every deadline keeps its weekday and time (no holiday in July 2026)
    with travel(end - dt.timedelta(minutes=30)):
        services.stage_extend(
            actor=tw.chair,
            tender=t,
            stage=Stage.BID_UPLOAD,
            new_ends_at=end + dt.timedelta(days=7),
            reason="Server LPSE tidak dapat diakses 2 jam",
            outage_reference="HD-2026-0042",
        )
    after = {s: window(t, s) for s in stages}
    assert after[Stage.BID_UPLOAD] == (start, end + dt.timedelta(days=7))
    assert after[Stage.OPENING][0] == before[Stage.OPENING][0] + dt.timedelta(days=7)
    change = ScheduleChange.objects.get(tender=t)
    assert change.kind == ScheduleChange.Kind.OUTAGE_EXTENSION and change.outage_reference == "HD-2026-0042"


def test_extension_refused_once_offers_are_opened(at_setup):
    tw = build(providers=2)
    t = create_tender(tw)
    opened(tw, ["2000000000", "2100000000"])
    with travel(inside(t, Stage.OPENING)), pytest.raises(TenderingError) as exc:
        services.stage_extend(
            actor=tw.chair,
            tender=t,
            stage=Stage.BID_UPLOAD,
            new_ends_at=window(t, Stage.OPENING)[1] + dt.timedelta(days=7),
            reason="gangguan",
        )
    assert exc.value.code == "OFFERS_OPENED"


def test_addendum_tells_registered_providers(at_setup, django_capture_on_commit_callbacks):
    tw = build(providers=1)
    t = create_tender(tw)
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        services.registration_create(actor=tw.provider_user(0), tender=t)
    mail.outbox.clear()
    with travel(inside(t, Stage.EXPLANATION)), django_capture_on_commit_callbacks(execute=True):
        doc = services.addendum_issue(
            actor=tw.chair,
            tender=t,
            file=pdf_upload("adendum.pdf"),
            title="Adendum 1",
            reason="Perubahan spesifikasi",
        )
    assert doc.number == 1 and [m.to[0] for m in mail.outbox] == [tw.provider_user(0).email]


# ----------------------------------------------------------------------------------------------- evaluation


def test_decision_needs_a_majority_and_aspects_go_by_majority(at_setup):
    tw = build(providers=2)
    t = create_tender(tw)
    offers = opened(tw, ["2000000000", "2100000000"])
    with travel(inside(t, Stage.EVALUATION)):
        evaluate_all(tw, offers, members=tw.members[:1])
        with pytest.raises(TenderingError) as exc:
            services.evaluation_decide(actor=tw.chair, tender=t)
        assert exc.value.code == "MAJORITY_REQUIRED"
        # member 2 fails offer 0 administratively; member 3 agrees; member 1 had passed it
        fail = {"administrative_pass": False, "notes": {"administrative": "Jaminan penawaran tidak ada"}}
        with pytest.raises(TenderingError) as exc:
            services.member_evaluation_submit(actor=tw.members[1], offer=offers[0], administrative_pass=False)
        assert exc.value.code == "REASON_REQUIRED_FOR_FAIL"
        evaluate_all(
            tw,
            offers,
            members=tw.members[1:],
            votes={
                (0, 0): fail,
                (1, 0): fail,
                (1, 1): {"technical_pass": False, "notes": {"technical": "Metode kerja kurang"}},
            },
        )
        decision = services.evaluation_decide(actor=tw.chair, tender=t)
    r0, r1 = (decision.results.get(offer=o) for o in offers)
    assert not r0.passed and "Jaminan penawaran tidak ada" in r0.failure_reasons[0]
    assert r1.passed and r1.rank == 1  # only one member failed it technically: the majority passed it
    assert sorted(decision.agreeing_member_ids) == sorted(m.pk for m in tw.members)
    assert OfficialRecord.objects.filter(tender=t, kind="EVALUATION").exists()


def test_winner_needs_a_passed_qualification_proof(at_setup):
    tw = build(providers=2)
    t = create_tender(tw)
    offers = opened(tw, ["2000000000", "2100000000"])
    with travel(inside(t, Stage.EVALUATION)):
        evaluate_all(tw, offers)
        services.evaluation_decide(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=tw.chair,
            tender=t,
            provider=tw.providers[0],
            held_at=inside(t, Stage.QUALIFICATION_PROOF),
            attendees="Direktur",
            passed=False,
            notes="Ijazah tenaga ahli palsu",
        )
    with travel(inside(t, Stage.WINNER_DECISION)), pytest.raises(TenderingError) as exc:
        services.winner_decide(actor=tw.chair, tender=t)
    assert exc.value.code == "PROOF_REQUIRED"
    with travel(inside(t, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=tw.chair,
            tender=t,
            provider=tw.providers[1],
            held_at=inside(t, Stage.QUALIFICATION_PROOF),
            attendees="Direktur",
            passed=True,
            notes="Sesuai",
        )
    with travel(inside(t, Stage.WINNER_DECISION)):
        wd = services.winner_decide(actor=tw.chair, tender=t)
    assert wd.winner.provider == tw.providers[1] and wd.reserve1 is None


# ----------------------------------------------------------------------------------------------- objections


def _to_announced_winner(tw, prices=("2000000000", "2100000000", "2200000000")):
    t = tw.tender
    offers = opened(tw, list(prices))
    with travel(inside(t, Stage.EVALUATION)):
        evaluate_all(tw, offers)
        services.evaluation_decide(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=tw.chair,
            tender=t,
            provider=tw.providers[0],
            held_at=inside(t, Stage.QUALIFICATION_PROOF),
            attendees="Direktur",
            passed=True,
            notes="Sesuai",
        )
    with travel(inside(t, Stage.WINNER_DECISION)):
        services.winner_decide(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.WINNER_ANNOUNCEMENT)):
        services.winner_announce(actor=tw.chair, tender=t)
    return offers


def test_objection_only_by_bidders_within_the_period(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    _to_announced_winner(tw, prices=("2000000000", "2100000000"))
    start, end = window(t, Stage.OBJECTION)
    with travel(start - dt.timedelta(seconds=1)), pytest.raises(TenderingError):
        services.objection_file(actor=tw.provider_user(1), tender=t, text="Terlalu awal")
    with travel(inside(t, Stage.OBJECTION)), pytest.raises(LenteraError) as exc:
        services.objection_file(actor=tw.provider_user(2), tender=t, text="Bukan peserta")
    assert exc.value.code == "NOT_A_BIDDER"
    with travel(end - dt.timedelta(seconds=1)):
        o = services.objection_file(
            actor=tw.provider_user(1), tender=t, text="Keberatan", attachments=[pdf_upload("bukti.pdf")]
        )
    assert o.attachments.count() == 1 and len(o.attachments.first().sha256) == 64
    with travel(end), pytest.raises(TenderingError):
        services.objection_file(actor=tw.provider_user(1), tender=t, text="Terlambat")


def test_justified_objection_sends_back_to_reevaluation(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    offers = _to_announced_winner(tw)
    with travel(inside(t, Stage.OBJECTION)):
        o = services.objection_file(actor=tw.provider_user(1), tender=t, text="Harga pemenang tidak wajar")
    with travel(inside(t, Stage.OBJECTION_ANSWER)):
        with pytest.raises(TenderingError) as exc:
            services.objection_answer(actor=tw.chair, objection=o, answer="Benar", justified=True)
        assert exc.value.code == "FOLLOW_UP_REQUIRED"
        services.objection_answer(
            actor=tw.chair,
            objection=o,
            answer="Sanggahan benar",
            justified=True,
            follow_up=FollowUp.REEVALUATION,
        )
        now = inside(t, Stage.OBJECTION_ANSWER)
        stages = states.machine_of(t).stages
        from lentera.tendering import rules

        later = stages[stages.index(Stage.EVALUATION) :]
        new = rules.suggest_schedule(t, later, now + dt.timedelta(hours=1), tw.w.agency.pk)
        services.tender_reevaluate(
            actor=tw.chair, tender=t, changes=new, reason="Sanggahan benar: evaluasi ulang"
        )
    t.refresh_from_db()
    assert t.evaluation_round == 2
    assert selectors.winner_decision(t) is None
    with travel(inside(t, Stage.EVALUATION)):
        assert selectors.current_stage(t) == Stage.EVALUATION
        evaluate_all(
            tw,
            offers,
            votes={
                (m, 0): {"technical_pass": False, "notes": {"technical": "Harga satuan timpang"}}
                for m in range(3)
            },
        )
        d2 = services.evaluation_decide(actor=tw.chair, tender=t)
    assert d2.round == 2 and d2.results.get(offer=offers[1]).rank == 1


def test_justified_objection_with_retender_fails_and_retender_reuses_package(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    _to_announced_winner(tw)
    with travel(inside(t, Stage.OBJECTION)):
        o = services.objection_file(actor=tw.provider_user(1), tender=t, text="Persekongkolan")
    with travel(inside(t, Stage.OBJECTION_ANSWER)):
        services.objection_answer(
            actor=tw.chair, objection=o, answer="Benar", justified=True, follow_up=FollowUp.RETENDER
        )
        t.refresh_from_db()
        assert t.status == TenderStatus.FAILED and selectors.current_stage(t) == Stage.FAILED
        new = services.tender_retender(actor=tw.chair, tender=t)
        with pytest.raises(TenderingError):
            services.tender_retender(actor=tw.chair, tender=t)
    assert (
        new.package_id == t.package_id
        and new.attempt == 2
        and new.previous_id == t.pk
        and new.status == TenderStatus.DRAFT
    )
    assert new.documents.count() == 1
    assert SelectionReport.objects.filter(package=tw.package, outcome="FAILED").exists()


def test_appeal_for_works_with_1_percent_guarantee_answered_by_pa(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    _to_announced_winner(tw)
    with travel(inside(t, Stage.OBJECTION)):
        o = services.objection_file(actor=tw.provider_user(1), tender=t, text="Keberatan")
    with travel(inside(t, Stage.OBJECTION_ANSWER)):
        services.objection_answer(actor=tw.chair, objection=o, answer="Tidak benar", justified=False)
    minimum = (t.hps_total * Decimal("0.01")).quantize(Decimal("1"))
    args = {
        "text": "Banding",
        "guarantee_number": "JB-1",
        "guarantee_issuer": "Bank Daerah",
        "guarantee_valid_until": dt.date(2026, 12, 31),
    }
    with travel(inside(t, Stage.APPEAL)):
        with pytest.raises(TenderingError) as exc:
            services.appeal_file(actor=tw.provider_user(1), tender=t, guarantee_amount=minimum - 1, **args)
        assert exc.value.code == "APPEAL_GUARANTEE_TOO_LOW"
        with pytest.raises(TenderingError) as exc:
            services.appeal_file(actor=tw.provider_user(2), tender=t, guarantee_amount=minimum, **args)
        assert exc.value.code == "NO_OBJECTION"
        appeal = services.appeal_file(actor=tw.provider_user(1), tender=t, guarantee_amount=minimum, **args)
    with travel(inside(t, Stage.APPEAL_ANSWER)):
        with pytest.raises(LenteraError):
            services.appeal_answer(actor=tw.chair, appeal=appeal, answer="x", justified=False)
        services.appeal_answer(
            actor=tw.pa, appeal=appeal, answer="Sanggah banding tidak benar", justified=False
        )
    assert Appeal.objects.get(pk=appeal.pk).guarantee_outcome == Appeal.GuaranteeOutcome.FORFEITED


def test_no_appeal_for_goods(at_setup):
    tw = build(ptype=ProcurementType.GOODS, pagu="1500000000", providers=2)
    t = create_tender(tw)
    assert Stage.APPEAL not in states.machine_of(t).stages


# ----------------------------------------------------------------------------------------------- failure, cancel


def test_cancel_by_pa_of_the_unit_only_with_reason(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    with travel(inside(t, Stage.EXPLANATION)):
        with pytest.raises(LenteraError):
            services.tender_cancel(actor=tw.chair, tender=t, reason="x")
        with pytest.raises(TenderingError):
            services.tender_cancel(actor=tw.pa, tender=t, reason="")
        services.tender_cancel(actor=tw.pa, tender=t, reason="Anggaran direalokasi")
    t.refresh_from_db()
    assert (
        t.status == TenderStatus.CANCELLED
        and OfficialRecord.objects.filter(tender=t, kind="CANCELLATION", is_public=True).exists()
    )
    with travel(inside(t, Stage.EXPLANATION)), pytest.raises(TenderingError):
        services.tender_fail(actor=tw.chair, tender=t, reason="x")


def test_only_members_of_the_tenders_pokja_act(at_setup):
    tw = build(providers=1, members=3)
    t = create_tender(tw)
    outsider = tw.w["pokja5"]
    from lentera.core.roles import Role
    from lentera.planning.tests.factories import add_role

    add_role(outsider, Role.POKJA, tw.w.ukpbj)
    with travel(inside(t, Stage.EXPLANATION)), pytest.raises(LenteraError) as exc:
        services.tender_fail(actor=outsider, tender=t, reason="x")
    assert exc.value.code == "NOT_POKJA_MEMBER"


# ----------------------------------------------------------------------------------------------- public facts


def test_public_facts_never_leak_offers_before_announcement_hps_items_or_askers(at_setup):
    tw = build(providers=2)
    t = create_tender(tw)
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        services.registration_create(actor=tw.provider_user(0), tender=t)
    with travel(inside(t, Stage.EXPLANATION)):
        services.question_ask(actor=tw.provider_user(0), tender=t, text="Berapa volume?")
    facts = selectors.public_tender_facts(t)
    text = repr(facts)
    assert tw.providers[0].name not in text and tw.providers[0].npwp not in text
    assert "Pekerjaan utama" not in text  # the HPS line
    offers = opened(tw, ["2000000000", "2100000000"])
    with travel(inside(t, Stage.EVALUATION)):
        assert selectors.public_tender_facts(t)["evaluation"] == []
        assert "2000000000" not in repr(selectors.public_tender_facts(t))
        evaluate_all(tw, offers)
        services.evaluation_decide(actor=tw.chair, tender=t)
        assert selectors.public_tender_facts(t)["winner"] is None


# ----------------------------------------------------------------------------------------------- table <-> services


PROBES = {
    "REGISTER": lambda tw, t, i: services.registration_create(actor=tw.provider_user(i), tender=t),
    "ASK": lambda tw, t, i: services.question_ask(actor=tw.provider_user(0), tender=t, text="Tanya"),
}


def test_services_follow_the_table_stage_by_stage(at_setup):
    """For each stage of the tender, a provider's registration and question succeed exactly where the table
    allows them (and the windows are open)."""
    tw = build(providers=len(states.machine_for(Method.TENDER, procurement_type="WORKS").stages) + 1)
    t = create_tender(tw)
    machine = states.machine_of(t)
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        services.registration_create(actor=tw.provider_user(0), tender=t)
    for i, stage in enumerate(machine.stages, start=1):
        with travel(inside(t, stage)):
            for trigger, probe in PROBES.items():
                allowed = machine.allows(stage, trigger, "PENYEDIA")
                try:
                    probe(tw, t, i)
                except TenderingError as exc:
                    assert not allowed, (stage, trigger, exc.code)
                else:
                    assert allowed, (stage, trigger)


def test_every_write_is_audited(at_setup):
    tw = build(providers=1)
    before = AuditEvent.objects.count()
    t = create_tender(tw)
    actions = set(AuditEvent.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert {
        "tendering.tender.create",
        "tendering.schedule.set",
        "tendering.document.upload",
        "tendering.tender.announce",
    } <= actions
    assert Package.objects.get(pk=t.package_id).status == Package.Status.IN_SELECTION
    assert Tender.objects.get(pk=t.pk).announced_at is not None


def test_public_events_publish_ocds_releases_after_commit(at_setup, django_capture_on_commit_callbacks):
    """Each public event is recorded as a domain event; its subscribers (opendata's releases) run after commit."""
    from lentera.core import events

    calls = []
    events.subscribe(
        "tendering.tender.public_change",
        lambda event: calls.append((event.payload["kind"], int(event.object_id))),
        key="test.calls",
    )
    try:
        tw = build(providers=1)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            t = create_tender(tw)
        assert calls == []  # nothing before the commit
        for cb in callbacks:
            cb()
        assert ("tender", t.pk) in calls
        calls.clear()
        with travel(inside(t, Stage.EXPLANATION)), django_capture_on_commit_callbacks(execute=True):
            services.tender_cancel(actor=tw.pa, tender=t, reason="Anggaran direalokasi")
        assert calls == [("tender", t.pk)]
    finally:
        events.unsubscribe("tendering.tender.public_change", key="test.calls")
