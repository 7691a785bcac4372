"""The providers demo: verified profiles, a pending application, blacklist entries; idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone
from stdnum.id import npwp as stdnum_npwp

from lentera.accounts import demo as accounts_demo
from lentera.accounts.models import User
from lentera.core.demo import DemoContext
from lentera.core.models import AuditEvent
from lentera.providers import demo, selectors, services
from lentera.providers.forms_pdf import render_form_pdf
from lentera.providers.models import BlacklistEntry, Document, Provider, VerificationRound

pytestmark = pytest.mark.django_db


def _load() -> DemoContext:
    ctx = DemoContext(password="Lentera-Demo-2026")
    accounts_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_providers_are_verified_with_valid_npwps_and_adp(mailoutbox):
    ctx = _load()
    providers = [Provider.objects.get(account=ctx.objects[f"penyedia{i}"]) for i in range(1, 6)]
    for provider in providers:
        assert provider.status == Provider.Status.VERIFIED
        assert stdnum_npwp.is_valid(provider.npwp) and len(provider.npwp) == 16
        assert provider.licences.filter(kind="NIB").exists() and provider.experience.exists()
        services.ensure_can_bid(provider=provider, at=timezone.now())
        assert VerificationRound.objects.get(user=provider.account).outcome == "APPROVED"
        assert selectors.profile_completeness(provider).percent >= 80
    assert sum(p.experts.exists() for p in providers) == 4
    assert providers[4].is_individual and not providers[4].deeds.exists()
    assert render_form_pdf("pendaftaran", providers[0]).startswith(b"%PDF")
    assert mailoutbox == []  # past verifications send no e-mail

    applicant = User.objects.get(user_id="calon.penyedia")
    assert applicant.status == User.Status.PENDING and not applicant.can_log_in
    assert selectors.verification_queue().filter(user=applicant).exists()

    today = timezone.localdate()
    assert selectors.active_blacklist(today).count() == 1
    assert BlacklistEntry.objects.filter(ends_on__lt=today).count() == 1
    assert not BlacklistEntry.objects.filter(npwp__in=[p.npwp for p in providers]).exists()
    assert any("calon.penyedia" in note for note in ctx.notes)


def test_demo_is_idempotent():
    _load()
    counts = (
        Provider.objects.count(),
        Document.objects.count(),
        VerificationRound.objects.count(),
        BlacklistEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    _load()
    assert (
        Provider.objects.count(),
        Document.objects.count(),
        VerificationRound.objects.count(),
        BlacklistEntry.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
