"""A whole tender through the services, stage by stage, with the clock moved by time-machine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import services as contract_services
from lentera.contracts.tests.builders import accept_with_guarantee
from lentera.core.models import AuditEvent
from lentera.planning.models import Method, Package, SelectionReport
from lentera.tendering import selectors, services
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import OfficialRecord
from lentera.tendering.tests.factories import build, clock, create_tender, evaluate_all, inside


@pytest.mark.django_db
def test_whole_tender_from_announcement_to_contract(at_setup):
    tw = build(method=Method.TENDER, providers=3)
    t = create_tender(tw)
    assert t.status == TenderStatus.ANNOUNCED
    assert tw.package.__class__.objects.get(pk=tw.package.pk).status == Package.Status.IN_SELECTION
    # explanation
    offers = None
    with clock(inside(t, Stage.ANNOUNCEMENT)):
        for i in range(3):
            services.registration_create(actor=tw.provider_user(i), tender=t)
    with clock(inside(t, Stage.EXPLANATION)):
        assert selectors.current_stage(t) == Stage.EXPLANATION
        q = services.question_ask(
            actor=tw.provider_user(0), tender=t, text="Apakah boleh memakai aspal produk lokal?"
        )
        services.question_answer(actor=tw.chair, question=q, answer="Boleh, sesuai spesifikasi teknis.")
        services.explanation_record_create(actor=tw.chair, tender=t)
    with clock(inside(t, Stage.OPENING)):
        offers = services.offers_record_opened(
            actor=tw.chair,
            tender=t,
            offers=[
                {"provider": tw.providers[i], "read_price": p, "source_reference": f"bid-{i}"}
                for i, p in enumerate(["2100000000", "2050000000", "2200000000"])
            ],
        )
    with clock(inside(t, Stage.EVALUATION)):
        evaluate_all(tw, offers)
        decision = services.evaluation_decide(actor=tw.chair, tender=t, summary="Evaluasi selesai")
        ranks = {r.offer.provider_id: r.rank for r in decision.results.all()}
        assert ranks[tw.providers[1].pk] == 1
    with clock(inside(t, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=tw.chair,
            tender=t,
            provider=tw.providers[1],
            held_at=inside(t, Stage.QUALIFICATION_PROOF),
            attendees="Direktur",
            passed=True,
            notes="Dokumen asli sesuai",
        )
    with clock(inside(t, Stage.WINNER_DECISION)):
        wd = services.winner_decide(actor=tw.chair, tender=t)
        assert wd.winner.provider == tw.providers[1]
        assert wd.reserve1.provider == tw.providers[0]
    with clock(inside(t, Stage.WINNER_ANNOUNCEMENT)):
        services.winner_announce(actor=tw.chair, tender=t)
    assert SelectionReport.objects.filter(package=tw.package, outcome="AWARDED").exists()
    with clock(inside(t, Stage.OBJECTION)):
        obj = services.objection_file(
            actor=tw.provider_user(2), tender=t, text="Harga kami seharusnya dinilai ulang"
        )
    with clock(inside(t, Stage.OBJECTION_ANSWER)):
        services.objection_answer(
            actor=tw.chair, objection=obj, answer="Evaluasi sudah sesuai.", justified=False
        )
    with clock(inside(t, Stage.AWARD_LETTER)):
        letter = contract_services.award_letter_issue(
            actor=tw.ppk, tender=t, number="027/SPPBJ/01", issued_on=dt.date(2026, 8, 1)
        )
        assert letter.value == Decimal("2050000000.00")
    with clock(inside(t, Stage.CONTRACT_SIGNING)):
        accept_with_guarantee(letter, until=dt.date(2026, 12, 11))
        c = contract_services.contract_record(
            actor=tw.ppk,
            tender=t,
            number="KONTRAK/01",
            contract_type="LUMP_SUM",
            signed_on=dt.date(2026, 8, 10),
            start_on=dt.date(2026, 8, 11),
            end_on=dt.date(2026, 12, 11),
        )
    t.refresh_from_db()
    assert t.status == TenderStatus.COMPLETED and c.value == letter.value
    assert Package.objects.get(pk=tw.package.pk).status == Package.Status.CONTRACTED
    kinds = set(OfficialRecord.objects.filter(tender=t).values_list("kind", flat=True))
    assert {
        "EXPLANATION",
        "EVALUATION",
        "QUALIFICATION_PROOF",
        "WINNER_DECISION",
        "OBJECTION_ANSWER",
        "AWARD_LETTER",
    } <= kinds
    for rec in OfficialRecord.objects.filter(tender=t):
        assert AuditEvent.objects.filter(
            action="tendering.official_record.create", after__sha256=rec.sha256
        ).exists()
