"""Deactivation (Lampiran 2.3 c), the blacklist (Perpres 12/2021 Pasal 78) and the eligibility check."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lentera.accounts.models import User
from lentera.accounts.tests.factories import PASSWORD
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.providers import rules, selectors, services
from lentera.providers.models import BlacklistEntry, Provider
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import (
    bad_check_digit,
    canonical,
    make_applicant,
    make_npwp,
    make_verified_provider,
)
from lentera.testing import api_headers, login_client

pytestmark = pytest.mark.django_db

JAKARTA_NOON = dt.datetime(2026, 6, 1, 5, 0, tzinfo=dt.UTC)  # 12:00 WIB


@pytest.fixture
def verifier(make_user):
    return make_user(Role.VERIFIKATOR)


@pytest.fixture
def pa(make_user):
    return make_user(Role.PA)


def _blacklist(
    actor, npwp, *, category=BlacklistEntry.Category.WITHDRAWAL, starts_on=dt.date(2026, 3, 1), **kw
):
    data = {
        "npwp": npwp,
        "provider_name": kw.pop("provider_name", "PT Nakal"),
        "decree_number": kw.pop("decree_number", "027/15/SK-DH/2026"),
        "decree_date": kw.pop("decree_date", dt.date(2026, 2, 27)),
        "violation": "Mengundurkan diri setelah ditetapkan sebagai pemenang",
        "category": category,
        "starts_on": starts_on,
    }
    data.update(kw)
    return services.blacklist_create(actor=actor, **data)


# --- Deactivation ------------------------------------------------------------------------------------------


def test_account_deactivate_lampiran_2_3_c_verifier_deactivates_a_user_id_with_reason_and_it_cannot_log_in(
    verifier,
):
    provider = make_verified_provider()
    user = provider.account
    session = login_client(user, Role.PENYEDIA)
    services.account_deactivate(actor=verifier, user=user, reason="Meminjamkan User ID kepada pihak lain")
    user.refresh_from_db()
    assert user.status == User.Status.DEACTIVATED and "Meminjamkan" in user.status_reason
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.user_id, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert session.get(reverse("providers:profile")).status_code == 302  # the open session ends too
    services.account_reactivate(actor=verifier, user=user, reason="Pelanggaran telah diklarifikasi")
    response = Client().post(reverse("accounts:login"), {"username": user.user_id, "password": PASSWORD})
    assert response.status_code == 302


def test_deactivation_needs_a_reason_an_allowed_role_and_an_active_account(verifier, make_user):
    provider = make_verified_provider()
    refused(
        lambda: services.account_deactivate(actor=verifier, user=provider.account, reason="  "),
        "REASON_REQUIRED",
        "Alasan penonaktifan wajib diisi",
    )
    ppk = make_user(Role.PPK)
    refused(
        lambda: services.account_deactivate(actor=ppk, user=provider.account, reason="x"),
        "ROLE_NOT_ALLOWED",
        "tidak diizinkan",
        error=LenteraError,
    )
    refused(
        lambda: services.account_deactivate(actor=verifier, user=verifier, reason="x"),
        "SELF_DEACTIVATION",
        "sendiri",
    )
    pending = make_applicant().account
    refused(
        lambda: services.account_deactivate(actor=verifier, user=pending, reason="x"),
        "ACCOUNT_NOT_ACTIVE",
        "aktif",
    )
    refused(
        lambda: services.account_reactivate(actor=verifier, user=provider.account, reason="x"),
        "ACCOUNT_NOT_DEACTIVATED",
        "dinonaktifkan",
    )


def test_sysadmin_and_ukpbj_admin_may_deactivate_too(make_user):
    from lentera.accounts.tests.factories import WorkUnitFactory

    provider_account = make_verified_provider().account
    services.account_deactivate(
        actor=make_user(Role.SYSADMIN), user=provider_account, reason="Pelanggaran ketentuan"
    )
    unit = WorkUnitFactory()
    staff = make_user(Role.PPK, work_unit=unit)
    admin = make_user(Role.ADMIN_UKPBJ, work_unit=WorkUnitFactory(agency=unit.agency))
    services.account_deactivate(actor=admin, user=staff, reason="Meminjamkan akun")
    for user in (provider_account, staff):
        user.refresh_from_db()
        assert user.status == User.Status.DEACTIVATED


# --- Blacklist ---------------------------------------------------------------------------------------------


def test_pasal_78_blacklist_lasts_two_years_for_false_documents_and_collusion(verifier, pa):
    for category in (BlacklistEntry.Category.FALSE_DOCUMENTS, BlacklistEntry.Category.COLLUSION):
        entry = _blacklist(verifier, make_npwp(), category=category, requested_by=pa)
        assert entry.ends_on == dt.date(2028, 2, 29)


def test_pasal_78_blacklist_lasts_one_year_for_withdrawal_and_non_performance(verifier, pa):
    for category in (BlacklistEntry.Category.WITHDRAWAL, BlacklistEntry.Category.NON_PERFORMANCE):
        entry = _blacklist(verifier, make_npwp(), category=category, requested_by=pa)
        assert (entry.starts_on, entry.ends_on) == (dt.date(2026, 3, 1), dt.date(2027, 2, 28))


def test_blacklist_end_is_computed_and_a_different_end_is_refused(verifier, pa):
    assert rules.blacklist_end(BlacklistEntry.Category.WITHDRAWAL, dt.date(2028, 2, 29)) == dt.date(
        2029, 2, 28
    )
    refused(
        lambda: _blacklist(verifier, make_npwp(), requested_by=pa, ends_on=dt.date(2026, 12, 31)),
        "BLACKLIST_END_INVALID",
        "Tanggal berakhir harus 28 Februari 2027",
    )
    entry = _blacklist(verifier, make_npwp(), requested_by=pa, ends_on=dt.date(2027, 2, 28))
    assert entry.ends_on == dt.date(2027, 2, 28)
    refused(
        lambda: _blacklist(verifier, make_npwp(), requested_by=pa, starts_on=dt.date(2026, 2, 1)),
        "BLACKLIST_START_BEFORE_DECREE",
        "sebelum tanggal SK",
    )


def test_blacklist_create_pasal_78_on_the_request_of_a_pa_or_kpa(verifier, pa, make_user):
    refused(lambda: _blacklist(verifier, make_npwp()), "REQUESTER_REQUIRED", "PA/KPA")
    ppk = make_user(Role.PPK)
    refused(
        lambda: _blacklist(verifier, make_npwp(), requested_by=ppk), "REQUESTER_NOT_PA_KPA", "bukan PA/KPA"
    )
    own = _blacklist(pa, make_npwp())
    assert own.requested_by == pa and own.entered_by == pa
    kpa = make_user(Role.KPA)
    assert _blacklist(kpa, make_npwp()).requested_by == kpa
    refused(
        lambda: _blacklist(ppk, make_npwp(), requested_by=pa),
        "ROLE_NOT_ALLOWED",
        "tidak diizinkan",
        error=LenteraError,
    )


def test_blacklist_entry_for_an_unregistered_npwp_and_bad_inputs(verifier, pa):
    npwp = make_npwp()
    entry = _blacklist(verifier, npwp, requested_by=pa, provider_name="CV Belum Daftar")
    assert entry.npwp == canonical(npwp) and not Provider.objects.filter(npwp=entry.npwp).exists()
    refused(
        lambda: _blacklist(verifier, bad_check_digit(make_npwp()), requested_by=pa),
        "NPWP_CHECK_DIGIT",
        "digit pemeriksa",
    )
    refused(lambda: _blacklist(verifier, npwp, requested_by=pa), "BLACKLIST_DUPLICATE", "sudah dicatat")
    refused(
        lambda: _blacklist(verifier, make_npwp(), requested_by=pa, category="OTHER"),
        "BLACKLIST_CATEGORY_INVALID",
        "tidak dikenal",
    )


def test_pasal_78_blacklist_expires_by_itself_at_its_end_date(verifier, pa, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the public page is cached; this test moves the clock under it
    entry = _blacklist(verifier, make_npwp(), requested_by=pa)
    assert list(selectors.active_blacklist(dt.date(2026, 2, 28))) == []
    assert list(selectors.active_blacklist(dt.date(2026, 3, 1))) == [entry]
    assert list(selectors.active_blacklist(dt.date(2027, 2, 28))) == [entry]
    assert list(selectors.active_blacklist(dt.date(2027, 3, 1))) == []
    with time_machine.travel(dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)):
        body = Client().get(reverse("public:blacklist")).content.decode()
        assert "PT Nakal" not in body
        assert Client().get("/api/v1/providers/blacklist").json() == []
    with time_machine.travel(dt.datetime(2026, 8, 1, 1, 0, tzinfo=dt.UTC)):
        assert "PT Nakal" in Client().get(reverse("public:blacklist")).content.decode()
        [row] = Client().get("/api/v1/providers/blacklist").json()
        assert row["npwp"] == entry.npwp and row["ends_on"] == "2027-02-28"


# --- ensure_can_bid ----------------------------------------------------------------------------------------


def test_ensure_can_bid_pasal_78_blacklisted_provider_cannot_bid_while_the_entry_is_active(verifier, pa):
    provider = make_verified_provider()
    services.ensure_can_bid(provider=provider, at=JAKARTA_NOON)
    _blacklist(verifier, provider.npwp, requested_by=pa)
    refused(
        lambda: services.ensure_can_bid(provider=provider, at=JAKARTA_NOON),
        "PROVIDER_BLACKLISTED",
        "daftar hitam sampai 28 Februari 2027",
    )
    # The entry ends on 28 Feb 2027 (WIB): still in force at 23:30 WIB, gone at 00:30 WIB on 1 March.
    refused(
        lambda: services.ensure_can_bid(
            provider=provider, at=dt.datetime(2027, 2, 28, 16, 30, tzinfo=dt.UTC)
        ),
        "PROVIDER_BLACKLISTED",
        "SK 027/15/SK-DH/2026",
    )
    services.ensure_can_bid(provider=provider, at=dt.datetime(2027, 2, 28, 17, 30, tzinfo=dt.UTC))


def test_lampiran_2_3_c_blacklisted_provider_can_still_log_in(verifier, pa):
    provider = make_verified_provider()
    _blacklist(
        verifier, provider.npwp, requested_by=pa, starts_on=dt.date.today(), decree_date=dt.date.today()
    )
    response = Client().post(
        reverse("accounts:login"), {"username": provider.account.user_id, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_lampiran_2_5_1_unverified_provider_cannot_bid():
    provider = make_applicant()
    refused(
        lambda: services.ensure_can_bid(provider=provider, at=JAKARTA_NOON),
        "PROVIDER_NOT_VERIFIED",
        "belum diverifikasi",
    )


def test_lampiran_2_3_c_deactivated_provider_cannot_bid(verifier):
    provider = make_verified_provider()
    services.account_deactivate(actor=verifier, user=provider.account, reason="Pelanggaran")
    refused(
        lambda: services.ensure_can_bid(provider=provider, at=JAKARTA_NOON),
        "ACCOUNT_DEACTIVATED",
        "dinonaktifkan",
    )


def test_eligibility_endpoint_calls_ensure_can_bid(verifier, pa):
    provider = make_verified_provider()
    headers = api_headers(provider.account, Role.PENYEDIA)
    response = Client().get("/api/v1/providers/me/eligibility", **headers)
    assert response.status_code == 200 and response.json()["eligible"] is True
    _blacklist(
        verifier, provider.npwp, requested_by=pa, starts_on=dt.date.today(), decree_date=dt.date.today()
    )
    response = Client().get("/api/v1/providers/me/eligibility", **headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PROVIDER_BLACKLISTED"
    response = Client().get("/api/v1/providers/me/eligibility", HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert response.json()["error"]["code"] == "PROVIDER_BLACKLISTED"
