"""Sign-up of providers (Permendagri 53/2021 Lampiran 2.5.1 b; ADP uniqueness, Lampiran 2.3 c 5)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lentera.accounts.errors import AccountsError
from lentera.accounts.models import User
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.providers import services
from lentera.providers.models import Provider
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import (
    STRONG_PASSWORD,
    bad_check_digit,
    canonical,
    make_applicant,
    make_npwp,
    registration_data,
)
from lentera.providers.tokens import make_email_token

pytestmark = pytest.mark.django_db


def _link_token(message) -> str:
    match = re.search(r"/penyedia/daftar/akun/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def test_lampiran_2_5_1_b_1_signup_email_is_verified_by_a_signed_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_email_request(email="  Direktur@Maju.Example.ID ", base_url="https://lpse.example")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["direktur@maju.example.id"]
    assert "tidak dipungut biaya" in mailoutbox[0].body
    token = _link_token(mailoutbox[0])
    provider = services.registration_create(**registration_data(email_token=token))
    assert provider.account.email == "direktur@maju.example.id"
    assert not User.objects.filter(email="direktur@maju.example.id").exclude(pk=provider.account.pk).exists()


def test_lampiran_2_5_1_b_1_sign_up_creates_pending_account_with_penyedia_role_and_draft_provider(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        provider = make_applicant()
    user = provider.account
    assert user.status == User.Status.PENDING
    assert not user.can_log_in
    assert user.has_role(Role.PENYEDIA)
    assert provider.status == Provider.Status.DRAFT
    assert len(provider.npwp) == 16 and provider.npwp.isdigit()
    assert AuditEvent.objects.filter(
        action="providers.registration.create", object_id=str(provider.pk)
    ).exists()
    assert "/penyedia/pendaftaran/masuk/" in mailoutbox[-1].body


def test_lampiran_2_5_1_b_1_pending_applicant_cannot_log_in_through_the_login_view():
    provider = make_applicant(user_id="belum.aktif")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "belum.aktif", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "belum aktif" in response.content.decode()
    assert provider.account.status == User.Status.PENDING


def test_signup_link_forged_or_expired_is_refused():
    refused(
        lambda: services.registration_create(**registration_data(email_token="bukan-token")),
        "EMAIL_LINK_INVALID",
        "tidak valid",
    )
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), tick=False):
        token = make_email_token("lama@usaha.example.id")
    with time_machine.travel(dt.datetime(2026, 3, 4, tzinfo=dt.UTC), tick=False):
        refused(
            lambda: services.registration_create(**registration_data(email_token=token)),
            "EMAIL_LINK_EXPIRED",
            "kedaluwarsa",
        )


def test_lampiran_2_3_c_5_adp_duplicate_npwp_is_refused_in_either_form():
    npwp = make_npwp()
    make_applicant(npwp=npwp)
    refused(
        lambda: services.registration_create(**registration_data(npwp=npwp)), "NPWP_TAKEN", "sudah terdaftar"
    )
    # The 16-digit form of the same taxpayer is the same NPWP.
    refused(
        lambda: services.registration_create(**registration_data(npwp=canonical(npwp))),
        "NPWP_TAKEN",
        "Satu NPWP hanya boleh memiliki satu profil penyedia",
    )
    formatted = f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}"
    refused(lambda: services.registration_create(**registration_data(npwp=formatted)), "NPWP_TAKEN", "NPWP")


def test_lampiran_2_3_c_5_adp_duplicate_email_is_refused_at_both_steps():
    data = registration_data(email_token=make_email_token("sama@usaha.example.id"))
    services.registration_create(**data)
    refused(
        lambda: services.signup_email_request(email="SAMA@usaha.example.id"), "EMAIL_TAKEN", "sudah terdaftar"
    )
    refused(
        lambda: services.registration_create(
            **registration_data(email_token=make_email_token("sama@usaha.example.id"))
        ),
        "EMAIL_TAKEN",
        "Satu alamat email hanya untuk satu akun",
    )


def test_npwp_with_a_bad_check_digit_is_refused():
    refused(
        lambda: services.registration_create(**registration_data(npwp=bad_check_digit(make_npwp()))),
        "NPWP_CHECK_DIGIT",
        "digit pemeriksa",
    )
    refused(
        lambda: services.registration_create(**registration_data(npwp="12345")),
        "NPWP_LENGTH",
        "15 atau 16 digit",
    )


def test_npwp_new_16_digit_nik_form_is_accepted_for_an_individual():
    provider = make_applicant(business_form=Provider.BusinessForm.INDIVIDUAL, npwp="3201011708800001")
    assert provider.npwp == "3201011708800001"


def test_empty_form_is_refused_with_the_missing_fields_named():
    empty = dict.fromkeys(registration_data(), "")
    empty["email_token"] = make_email_token("kosong@usaha.example.id")
    error = refused(
        lambda: services.registration_create(**empty), "REQUIRED_MISSING", "Data wajib belum diisi"
    )
    assert "NPWP" in str(error) and "User ID" in str(error)


def test_password_is_checked_by_django_validators():
    refused(
        lambda: services.registration_create(**registration_data(password="password")),
        "PASSWORD_WEAK",
        "",
        error=AccountsError,
    )


def test_invalid_email_is_refused_before_sending_anything(mailoutbox):
    refused(lambda: services.signup_email_request(email="bukan-email"), "EMAIL_INVALID", "tidak valid")
    assert mailoutbox == []


def test_applicant_link_request_answers_the_same_and_mails_only_pending_applicants(
    mailoutbox, django_capture_on_commit_callbacks
):
    provider = make_applicant()
    with django_capture_on_commit_callbacks(execute=True):
        services.applicant_link_request(email="tidak.ada@example.id")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.applicant_link_request(email=provider.account.email.upper())
    assert len(mailoutbox) == 1 and "/penyedia/pendaftaran/masuk/" in mailoutbox[0].body


def test_lampiran_2_5_1_no_fee_of_any_kind_is_recorded_anywhere():
    """The LPSE may not levy anything for registration and verification: no model of the app can hold a fee."""
    from django.apps import apps

    words = ("fee", "biaya", "tarif", "pungutan", "payment", "bayar", "price", "harga")
    for model in apps.get_app_config("providers").get_models():
        for field in model._meta.get_fields():
            assert not any(w in field.name.lower() for w in words), f"{model.__name__}.{field.name}"
