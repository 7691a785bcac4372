"""The data-aggregation (ADP) and archive rules called directly: one profile per NPWP, one account per e-mail,
only the provider edits its own data, and who sees a user's archived documents (Permendagri 53/2021 Lampiran 2.3 c
4-5). The registration, profile and verification tests cover the same through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from lentera.core.roles import Role
from lentera.providers.errors import ProvidersError
from lentera.providers.selectors import can_see_archive_of
from lentera.providers.services.identity import ensure_owner
from lentera.providers.services.registration import _ensure_email_free, ensure_npwp_free
from lentera.providers.tests.factories import make_npwp, make_verified_provider

pytestmark = pytest.mark.django_db


def test_ensure_npwp_free_one_provider_profile_per_npwp():
    provider = make_verified_provider()
    ensure_npwp_free(make_npwp())
    with pytest.raises(ProvidersError) as exc:
        ensure_npwp_free(provider.npwp)
    assert exc.value.code == "NPWP_TAKEN"


def test_ensure_email_free_one_account_per_address_whatever_its_case():
    provider = make_verified_provider()
    _ensure_email_free("belum.terdaftar@example.id")
    for email in (provider.account.email, provider.account.email.upper()):
        with pytest.raises(ProvidersError) as exc:
            _ensure_email_free(email)
        assert exc.value.code == "EMAIL_TAKEN"


def test_ensure_owner_only_the_providers_own_account_edits_its_data(make_user):
    provider, other = make_verified_provider(), make_verified_provider()
    ensure_owner(provider.account, provider)
    for actor in (other.account, make_user(Role.VERIFIKATOR), None):
        with pytest.raises(ProvidersError) as exc:
            ensure_owner(actor, provider)
        assert exc.value.code == "PROVIDER_NOT_OWNER"


def test_can_see_archive_of_the_user_and_verifiers_or_admins_acting_as_such(make_user):
    owner = make_verified_provider().account
    verifier = make_user(Role.VERIFIKATOR)
    assert can_see_archive_of(viewer=owner, acting_role=None, owner=owner)
    assert can_see_archive_of(viewer=verifier, acting_role=Role.VERIFIKATOR, owner=owner)
    assert can_see_archive_of(viewer=make_user(Role.ADMIN_UKPBJ), acting_role=Role.ADMIN_UKPBJ, owner=owner)
    assert not can_see_archive_of(viewer=verifier, acting_role=Role.AUDITOR, owner=owner)  # a role not held
    assert not can_see_archive_of(viewer=make_user(Role.PPK), acting_role=Role.PPK, owner=owner)
    assert not can_see_archive_of(viewer=make_verified_provider().account, acting_role=None, owner=owner)
    assert not can_see_archive_of(viewer=AnonymousUser(), acting_role=None, owner=owner)
    assert not can_see_archive_of(viewer=None, acting_role=None, owner=owner)
