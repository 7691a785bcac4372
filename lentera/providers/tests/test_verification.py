"""Verification by the Verifikator (Permendagri 53/2021 Lampiran 2.3 c, 2.5.1)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lentera.accounts.models import User
from lentera.accounts.tests.factories import WorkUnitFactory
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.providers import selectors, services
from lentera.providers.dashboard import dashboard_items as items_for
from lentera.providers.models import Document, DocumentCheck, Provider, VerificationRound
from lentera.providers.services import CheckInput
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import (
    STRONG_PASSWORD,
    exe_bytes,
    make_applicant,
    make_verified_provider,
    png_bytes,
    submitted_applicant,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifier(make_user):
    return make_user(Role.VERIFIKATOR)


def all_match(round_, note="sesuai") -> list[CheckInput]:
    return [CheckInput(d.pk, True, note) for d in round_.documents.all()]


def test_lampiran_2_3_c_1_queue_is_oldest_first():
    with time_machine.travel(dt.datetime(2026, 2, 2, 1, 0, tzinfo=dt.UTC)):
        _p1, later = submitted_applicant()
    with time_machine.travel(dt.datetime(2026, 2, 1, 1, 0, tzinfo=dt.UTC)):
        _p2, earlier = submitted_applicant()
    assert list(selectors.verification_queue()) == [earlier, later]


def test_verification_approve_lampiran_2_3_c_2_activates_the_user_id_and_tells_the_provider(
    verifier, mailoutbox, django_capture_on_commit_callbacks
):
    provider, round_ = submitted_applicant(user_id="siap.aktif")
    assert provider.status == Provider.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_approve(actor=verifier, round_id=round_.pk, checks=all_match(round_))
    provider.refresh_from_db()
    provider.account.refresh_from_db()
    assert provider.status == Provider.Status.VERIFIED and provider.verified_at is not None
    assert provider.account.status == User.Status.ACTIVE
    assert DocumentCheck.objects.filter(round=round_, matches_original=True).count() == 3
    assert set(Document.objects.filter(user=provider.account).values_list("review", flat=True)) == {
        "ACCEPTED"
    }
    assert mailoutbox[-1].to == [provider.account.email] and "disetujui" in mailoutbox[-1].body
    client = Client()
    client.post(reverse("accounts:login"), {"username": "siap.aktif", "password": STRONG_PASSWORD})
    assert client.get(reverse("providers:profile")).status_code == 200


def test_lampiran_2_5_1_b_2_every_document_is_compared_with_its_original(verifier):
    _provider, round_ = submitted_applicant()
    partial = all_match(round_)[:-1]
    refused(
        lambda: services.verification_approve(actor=verifier, round_id=round_.pk, checks=partial),
        "CHECKLIST_INCOMPLETE",
        "belum diperiksa",
    )
    mismatch = [
        CheckInput(c.document_id, False, "foto buram") if i == 0 else c
        for i, c in enumerate(all_match(round_))
    ]
    refused(
        lambda: services.verification_approve(actor=verifier, round_id=round_.pk, checks=mismatch),
        "APPROVE_WITH_MISMATCH",
        "Tolak dengan alasan",
    )


def test_lampiran_2_3_c_reject_with_reasons_then_fix_and_resubmit_keeps_every_round(
    verifier, mailoutbox, django_capture_on_commit_callbacks
):
    provider, round1 = submitted_applicant()
    user = provider.account
    ktp = round1.documents.get(kind=Document.Kind.KTP)
    checks = [
        CheckInput(
            c.document_id, c.document_id != ktp.pk, "" if c.document_id != ktp.pk else "NIK tidak terbaca"
        )
        for c in all_match(round1, "")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_reject(actor=verifier, round_id=round1.pk, checks=checks, note="Bawa KTP asli")
    provider.refresh_from_db()
    user.refresh_from_db()
    assert provider.status == Provider.Status.REJECTED and user.status == User.Status.PENDING
    assert (
        "NIK tidak terbaca" in mailoutbox[-1].body and "/penyedia/pendaftaran/masuk/" in mailoutbox[-1].body
    )
    assert [d.kind for d in selectors.rejected_documents_of(user)] == [Document.Kind.KTP]
    refused(lambda: services.application_submit(actor=user, user=user), "REJECTED_NOT_FIXED", "belum diganti")
    new_ktp = services.document_upload(
        actor=user,
        user=user,
        kind=Document.Kind.KTP,
        file=upload("ktp.png", png_bytes(), "image/png"),
        number="3273012505900003",
    )
    round2 = services.application_submit(actor=user, user=user)
    assert round2.number == 2 and new_ktp in round2.documents.all() and ktp not in round2.documents.all()
    services.verification_approve(actor=verifier, round_id=round2.pk, checks=all_match(round2))
    history = list(selectors.rounds_of(user))
    assert [(r.number, r.outcome) for r in history] == [(2, "APPROVED"), (1, "REJECTED")]
    assert history[1].checks.get(document=ktp).note == "NIK tidak terbaca"
    assert Document.objects.filter(user=user, kind=Document.Kind.KTP).count() == 2


def test_verification_reject_names_each_mismatched_document_with_a_reason(verifier):
    _provider, round_ = submitted_applicant()
    refused(
        lambda: services.verification_reject(actor=verifier, round_id=round_.pk, checks=all_match(round_)),
        "REJECT_WITHOUT_REASON",
        "beserta alasannya",
    )
    no_reason = [CheckInput(c.document_id, False, "") for c in all_match(round_)]
    refused(
        lambda: services.verification_reject(actor=verifier, round_id=round_.pk, checks=no_reason),
        "REASON_REQUIRED",
        "Alasan wajib diisi",
    )


def test_lampiran_2_3_c_2_only_the_verifikator_decides(make_user):
    _provider, round_ = submitted_applicant()
    for role in (Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.PENYEDIA):
        actor = make_user(role)
        refused(
            lambda actor=actor: services.verification_approve(
                actor=actor, round_id=round_.pk, checks=all_match(round_)
            ),
            "ROLE_NOT_ALLOWED",
            "tidak diizinkan",
            error=LenteraError,
        )


def test_a_round_is_decided_once(verifier):
    _provider, round_ = submitted_applicant()
    services.verification_approve(actor=verifier, round_id=round_.pk, checks=all_match(round_))
    refused(
        lambda: services.verification_reject(actor=verifier, round_id=round_.pk, checks=all_match(round_)),
        "ROUND_ALREADY_DECIDED",
        "sudah diputuskan",
    )


def test_submission_needs_the_required_documents():
    provider = make_applicant()
    user = provider.account
    refused(lambda: services.application_submit(actor=user, user=user), "DOCUMENTS_MISSING", "KTP")


def test_staff_register_lampiran_2_5_1_a_works_only_after_verification(
    make_user, verifier, mailoutbox, django_capture_on_commit_callbacks
):
    unit = WorkUnitFactory()
    admin = make_user(Role.ADMIN_UKPBJ, work_unit=WorkUnitFactory(agency=unit.agency))
    staff = services.staff_register(
        actor=admin,
        user_id="ppk.baru",
        full_name="Rina Marlina",
        email="rina@kab.example.go.id",
        role=Role.PPK,
        work_unit=unit,
        decree_number="800/12/SK/2026",
        decree_date=dt.date(2026, 1, 10),
        file=upload("sk.pdf"),
    )
    assert staff.status == User.Status.PENDING and not staff.can_log_in
    round_ = selectors.verification_queue().get(user=staff)
    assert round_.subject == VerificationRound.Subject.STAFF
    assert [d.kind for d in round_.documents.all()] == [Document.Kind.ASSIGNMENT_LETTER]
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_approve(actor=verifier, round_id=round_.pk, checks=all_match(round_))
    staff.refresh_from_db()
    assert staff.status == User.Status.ACTIVE
    assert "/akun/sandi/atur/" in mailoutbox[-1].body


def test_staff_registration_refuses_a_bad_file_and_needs_an_admin(make_user):
    admin = make_user(Role.SYSADMIN)
    unit = WorkUnitFactory()

    def register(actor, content):
        return services.staff_register(
            actor=actor,
            user_id="staf.x",
            full_name="Staf X",
            email="x@kab.example.go.id",
            role=Role.PPK,
            work_unit=unit,
            decree_number="1/SK",
            decree_date=dt.date(2026, 1, 1),
            file=upload("sk.pdf", content),
        )

    refused(lambda: register(admin, exe_bytes()), "FILE_TYPE_NOT_ALLOWED", "PDF, JPEG atau PNG")
    not_admin = make_user(Role.VERIFIKATOR)
    refused(lambda: register(not_admin, None), "ROLE_NOT_ALLOWED", "tidak diizinkan", error=LenteraError)


def test_the_verifikator_cannot_verify_their_own_registration(make_user):
    admin = make_user(Role.SYSADMIN)
    new_verifier = services.staff_register(
        actor=admin,
        user_id="verif.baru",
        full_name="Verifikator Baru",
        email="vb@kab.example.go.id",
        role=Role.VERIFIKATOR,
        work_unit=WorkUnitFactory(),
        decree_number="2/SK",
        decree_date=dt.date(2026, 1, 1),
        file=upload("sk.pdf"),
    )
    round_ = VerificationRound.objects.get(user=new_verifier)
    refused(
        lambda: services.verification_approve(
            actor=new_verifier, round_id=round_.pk, checks=all_match(round_)
        ),
        "SELF_VERIFICATION",
        "dokumennya sendiri",
    )


def test_a_verified_provider_resubmits_changed_documents_and_stays_active(verifier):
    provider = make_verified_provider()
    user = provider.account
    services.document_upload(
        actor=user,
        user=user,
        kind=Document.Kind.DEED_AMENDMENT,
        file=upload("perubahan.pdf"),
        number="7",
        issued_on=dt.date(2025, 6, 1),
        issuer="Notaris Budi, S.H.",
    )
    round_ = services.application_submit(actor=user, user=user)
    assert round_.subject == VerificationRound.Subject.PROVIDER_UPDATE
    services.verification_reject(
        actor=verifier,
        round_id=round_.pk,
        checks=[CheckInput(d.pk, False, "bukan akta terakhir") for d in round_.documents.all()],
    )
    provider.refresh_from_db()
    user.refresh_from_db()
    assert provider.status == Provider.Status.VERIFIED and user.status == User.Status.ACTIVE
    titles = [item.title for item in items_for(user, Role.PENYEDIA)]
    assert any("Dokumen ditolak" in t for t in titles)
    assert any("Kelengkapan profil" in t for t in titles)


def test_dashboard_items_are_registered():
    from lentera.core import dashboard

    assert any(p is items_for for _order, p in dashboard._providers)


def test_verifier_dashboard_counts_waiting_applications(verifier):
    submitted_applicant()
    submitted_applicant()
    item, changes = items_for(verifier, Role.VERIFIKATOR)
    assert item.count == 2 and item.url == reverse("providers:queue")
    assert changes.count == 0 and changes.url == reverse("providers:identity_queue")


def test_emails_go_out_in_the_recipients_language_not_the_requests(
    verifier, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import translation

    _provider, round_ = submitted_applicant()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.verification_approve(actor=verifier, round_id=round_.pk, checks=all_match(round_))
    assert "disetujui" in mailoutbox[-1].body


def test_complete_checklist_every_document_of_the_round_is_checked_none_skipped():
    from lentera.providers.services.verification import _complete_checklist

    _provider, round_ = submitted_applicant()
    checks = all_match(round_)
    pairs = _complete_checklist(round_, checks)
    assert sorted(doc.pk for doc, _check in pairs) == sorted(c.document_id for c in checks)
    with pytest.raises(LenteraError) as exc:
        _complete_checklist(round_, checks[:-1])
    assert exc.value.code == "CHECKLIST_INCOMPLETE"
    undecided = [CheckInput(checks[0].document_id, None, ""), *checks[1:]]
    with pytest.raises(LenteraError) as exc:
        _complete_checklist(round_, undecided)
    assert exc.value.code == "CHECKLIST_INCOMPLETE"
