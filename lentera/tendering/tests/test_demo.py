"""The demo: one tender in its explanation stage now, one completed with its contract; loading twice adds nothing."""

from __future__ import annotations

import pytest

from lentera.core import audit
from lentera.core.demo import load_all
from lentera.tendering import selectors
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import Tender


@pytest.mark.django_db
def test_demo_tenders_and_idempotency(settings):
    ctx = load_all(settings.LENTERA_DEMO_PASSWORD)
    running, done = ctx.objects["tender_explanation"], ctx.objects["tender_completed"]
    assert selectors.current_stage(running) == Stage.EXPLANATION
    assert running.registrations.count() == 3
    assert running.questions.filter(answered_at=None).count() == 1
    done.refresh_from_db()
    assert done.status == TenderStatus.COMPLETED
    contract = done.contract  # the contracts demo records it (load_all runs every app)
    facts = selectors.public_tender_facts(done)
    assert facts["winner"]["provider"] == contract.provider.name
    assert len(facts["evaluation"]) == 3 and sum(1 for r in facts["evaluation"] if not r["passed"]) == 1
    assert {r["kind"] for r in facts["official_records"]} >= {"EXPLANATION", "AWARD_LETTER"}
    head, count = audit.head(), Tender.objects.count()
    load_all(settings.LENTERA_DEMO_PASSWORD)
    assert Tender.objects.count() == count and audit.head() == head
    assert audit.verify_chain().ok
