"""The ADP profile (Lampiran 2.3 c 5): sections kept by the provider, audited, read by tendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.providers import selectors, services
from lentera.providers.errors import ProvidersError
from lentera.providers.models import BusinessLicence, Owner, Provider
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import VALID_NIK, make_verified_provider

pytestmark = pytest.mark.django_db

NIB = {
    "kind": "NIB",
    "number": "9120001234567",
    "issuer": "Lembaga OSS",
    "issued_on": dt.date(2021, 5, 3),
    "expires_on": None,
    "kbli": "41011, 42101",
}


@pytest.fixture
def provider():
    return make_verified_provider()


def save(provider, section, data, pk=None):
    return services.section_save(actor=provider.account, provider=provider, section=section, data=data, pk=pk)


def test_lampiran_2_3_c_5_provider_keeps_its_sections_current_and_changes_are_audited(provider):
    licence = save(provider, "izin-usaha", NIB)
    assert licence.kbli_codes == ("41011", "42101")
    save(provider, "izin-usaha", {**NIB, "kbli": "41011"}, pk=licence.pk)
    event = AuditEvent.objects.filter(action="providers.profile.izin-usaha.update").get()
    assert event.before["kbli"] == "41011, 42101" and event.after["kbli"] == "41011"
    services.section_delete(actor=provider.account, provider=provider, section="izin-usaha", pk=licence.pk)
    assert not BusinessLicence.objects.exists()
    assert (
        AuditEvent.objects.filter(action="providers.profile.izin-usaha.delete").get().before["number"]
        == NIB["number"]
    )


def test_lampiran_2_3_c_5_only_the_provider_edits_its_profile(provider, make_user):
    other = make_verified_provider()
    refused(
        lambda: services.section_save(actor=other.account, provider=provider, section="izin-usaha", data=NIB),
        "PROVIDER_NOT_OWNER",
        "Hanya penyedia yang bersangkutan",
    )
    verifier = make_user(Role.VERIFIKATOR)
    refused(
        lambda: services.provider_update_identity(actor=verifier, provider=provider, data={"name": "X"}),
        "PROVIDER_NOT_OWNER",
        "mengubah datanya",
    )


def test_section_rules_refuse_bad_data_and_store_nothing(provider):
    refused(lambda: save(provider, "izin-usaha", {**NIB, "number": "123"}), "NIB_FORMAT", "13 digit")
    refused(lambda: save(provider, "izin-usaha", {**NIB, "kbli": "4101"}), "PROFILE_INVALID", "KBLI")
    refused(
        lambda: save(
            provider,
            "izin-usaha",
            {**NIB, "kind": "SBU", "number": "SBU-1", "expires_on": dt.date(2020, 1, 1)},
        ),
        "PROFILE_INVALID",
        "sebelum tanggal terbit",
    )
    refused(
        lambda: save(provider, "pengurus", {"name": "A", "position": "Direktur", "nik": "12345"}),
        "NIK_LENGTH",
        "16 digit",
    )
    save(provider, "pemilik", {"name": "A", "id_number": VALID_NIK, "share_percent": Decimal("60")})
    refused(
        lambda: save(
            provider,
            "pemilik",
            {"name": "B", "id_number": "3273012505900003", "share_percent": Decimal("41")},
        ),
        "SHARES_OVER_100",
        "melebihi 100%",
    )
    refused(
        lambda: save(provider, "pemilik", {"name": "C", "id_number": "123", "share_percent": Decimal("10")}),
        "OWNER_ID_INVALID",
        "NIK (16 digit) atau NPWP",
    )
    refused(
        lambda: save(
            provider,
            "pengalaman",
            {
                "contract_name": "Jalan desa",
                "client": "Dinas PUPR",
                "contract_number": "1/2024",
                "contract_date": dt.date(2024, 5, 1),
                "value": Decimal("-1"),
            },
        ),
        "PROFILE_INVALID",
        "nilai kontrak",
    )
    refused(lambda: save(provider, "tidak-ada", {}), "SECTION_UNKNOWN", "tidak dikenal", error=LenteraError)


def test_identity_edit_keeps_the_npwp_and_is_audited(provider):
    npwp = provider.npwp
    with pytest.raises(ProvidersError) as refused:
        services.provider_update_identity(
            actor=provider.account, provider=provider, data={"name": "PT Baru Jaya", "npwp": "000"}
        )
    assert refused.value.code == "UNKNOWN_FIELD" and "npwp" in str(refused.value)
    provider.status = Provider.Status.SUBMITTED  # not yet verified: edits directly
    provider.save(update_fields=["status"])
    edit = services.provider_update_identity(
        actor=provider.account, provider=provider, data={"name": "PT Baru Jaya", "phone": "0812"}
    )
    assert edit.change is None
    provider.refresh_from_db()
    assert (provider.name, provider.npwp, provider.phone) == ("PT Baru Jaya", npwp, "0812")
    event = AuditEvent.objects.get(action="providers.profile.identity")
    assert event.before["name"] != event.after["name"] == "PT Baru Jaya"


def test_qualification_data_is_a_frozen_snapshot_for_tendering(provider):
    save(provider, "izin-usaha", {**NIB, "kbli": "41011"})
    save(
        provider,
        "izin-usaha",
        {**NIB, "kind": "SBU", "number": "SBU-77", "expires_on": dt.date(2026, 12, 31), "kbli": "42101"},
    )
    save(provider, "pajak", {"year": 2025, "receipt_number": "BPE-1", "submitted_on": dt.date(2026, 3, 20)})
    save(provider, "pajak", {"year": 2024, "receipt_number": "BPE-0", "submitted_on": dt.date(2025, 3, 20)})
    save(
        provider,
        "tenaga-ahli",
        {
            "name": "Ir. Joko",
            "education": "S1 Teknik Sipil",
            "expertise": "Ahli jalan",
            "years_experience": 12,
            "certificate_name": "SKK Ahli Madya Jalan",
            "certificate_number": "SKK-123",
            "certificate_expires_on": dt.date(2027, 1, 1),
        },
    )
    save(
        provider,
        "pengalaman",
        {
            "contract_name": "Peningkatan jalan desa",
            "client": "Dinas PUPR Kabupaten Contoh",
            "contract_number": "600/12/PUPR/2024",
            "contract_date": dt.date(2024, 4, 1),
            "value": Decimal("1250000000"),
            "completed_on": dt.date(2024, 10, 1),
        },
    )
    assert selectors.provider_for_user(provider.account) == provider
    data = selectors.qualification_data(provider)
    assert data.identity.npwp == provider.npwp and data.tax.latest_spt_year == 2025
    assert data.experience[0].value == Decimal("1250000000.00")
    assert data.experts[0].certificate_number == "SKK-123"
    assert data.kbli_codes_valid_on(dt.date(2026, 6, 1)) == {"41011", "42101"}
    assert data.kbli_codes_valid_on(dt.date(2027, 6, 1)) == {"41011"}
    assert {lic.number for lic in data.licences_valid_on(dt.date(2027, 6, 1))} == {NIB["number"]}
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.identity.name = "x"  # type: ignore[misc]


def test_provider_for_user_is_none_for_staff(make_user):
    assert selectors.provider_for_user(make_user(Role.PPK)) is None
    assert selectors.provider_for_user(None) is None


def test_profile_completeness_counts_sections(provider):
    before = selectors.profile_completeness(provider)
    assert before.percent < 100
    save(provider, "izin-usaha", {**NIB, "kind": "SBU", "number": "SBU-9"})
    assert selectors.profile_completeness(provider).percent == before.percent  # an NIB is what counts
    save(provider, "izin-usaha", NIB)
    assert selectors.profile_completeness(provider).percent > before.percent
    individual = make_verified_provider(business_form=Provider.BusinessForm.INDIVIDUAL)
    missing = selectors.profile_completeness(individual).missing
    assert not any("Akta" in m or "Pemilik" in m for m in missing)


def test_owner_id_may_be_an_npwp(provider):
    owner = save(
        provider,
        "pemilik",
        {"name": "PT Induk", "id_number": "01.312.166.0-091.000", "share_percent": Decimal("100")},
    )
    assert Owner.objects.get(pk=owner.pk).id_number == "0013121660091000"
