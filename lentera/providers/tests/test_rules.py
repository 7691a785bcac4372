"""The provider rules read directly: the documents asked of each business form (Permendagri 53/2021 Lampiran
2.5.1 b 2) and the limits that are the LPSE's settings (Kebijakan Lentera)."""

from __future__ import annotations

import pytest

from lentera.providers import rules
from lentera.providers.models import Document, Provider

KTP, DEED, AMENDMENT, NPWP = (
    Document.Kind.KTP,
    Document.Kind.DEED_ESTABLISHMENT,
    Document.Kind.DEED_AMENDMENT,
    Document.Kind.NPWP,
)
ENTITY_FORMS = [form for form in Provider.BusinessForm if form != Provider.BusinessForm.INDIVIDUAL]


@pytest.mark.parametrize("form", ENTITY_FORMS)
def test_provider_required_documents_of_a_business_entity_are_ktp_deed_and_npwp(form):
    assert set(rules.provider_required_documents(Provider(business_form=form))) == {KTP, DEED, NPWP}


def test_provider_required_documents_of_an_individual_ask_no_deed():
    required = rules.provider_required_documents(Provider(business_form=Provider.BusinessForm.INDIVIDUAL))
    assert set(required) == {KTP, NPWP}


@pytest.mark.parametrize("form", ENTITY_FORMS)
def test_provider_allowed_documents_add_the_optional_latest_amendment_for_an_entity(form):
    provider = Provider(business_form=form)
    allowed = rules.provider_allowed_documents(provider)
    assert set(allowed) == {KTP, DEED, NPWP, AMENDMENT}
    assert AMENDMENT not in rules.provider_required_documents(provider)


def test_provider_allowed_documents_of_an_individual_are_only_the_required_ones():
    provider = Provider(business_form=Provider.BusinessForm.INDIVIDUAL)
    assert set(rules.provider_allowed_documents(provider)) == {KTP, NPWP}


def test_upload_max_bytes_defaults_to_5_mb_and_follows_the_setting(settings):
    del settings.PROVIDERS_UPLOAD_MAX_BYTES
    assert rules.upload_max_bytes() == 5 * 1024 * 1024
    settings.PROVIDERS_UPLOAD_MAX_BYTES = "1048576"
    assert rules.upload_max_bytes() == 1024 * 1024


def test_email_link_max_age_defaults_to_2_days_and_follows_the_setting(settings):
    del settings.PROVIDERS_EMAIL_LINK_MAX_AGE
    assert rules.email_link_max_age() == 2 * 24 * 3600
    settings.PROVIDERS_EMAIL_LINK_MAX_AGE = 600
    assert rules.email_link_max_age() == 600


def test_applicant_link_max_age_defaults_to_30_days_and_follows_the_setting(settings):
    del settings.PROVIDERS_APPLICANT_LINK_MAX_AGE
    assert rules.applicant_link_max_age() == 30 * 24 * 3600
    settings.PROVIDERS_APPLICANT_LINK_MAX_AGE = 3600
    assert rules.applicant_link_max_age() == 3600
