"""The contract's terms (jenis kontrak, Perpres 16/2018 Pasal 27; the split of a multi-year contract per fiscal
year) and the scan of the signed contract: the rules on hand-made cases, the services with their refusals
(changing nothing), the contract page and the API, and the role x action matrix of the new operations."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lentera.contracts import services, terms_rules
from lentera.contracts.errors import ContractsError
from lentera.contracts.models import Contract, ContractDocument, ContractYear
from lentera.contracts.tests.builders import (
    record_guarantee,
    running_contract,
    signed_contract,
    signing_time,
    world_with_letter,
)
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.selectors import READ_ALL_ROLES
from lentera.tendering.tests.factories import clock
from lentera.testing import Action, api_headers, db_fingerprint, login_client, pdf, run_matrix
from lentera.testing_routes import denied

pytestmark = pytest.mark.django_db
PPK, PROVIDER = frozenset({Role.PPK}), frozenset({Role.PENYEDIA})
READERS = PPK | PROVIDER | READ_ALL_ROLES
MISSING = 990888
SIGNED = dt.date(2026, 8, 27)


def _scan(content: bytes = b"scan", name: str = "kontrak.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(content), content_type="application/pdf")


# ------------------------------------------------------------------ the rules


def test_contract_type_allowed_by_procurement_type():
    for ptype in ("GOODS", "WORKS", "OTHER_SERVICES"):
        for kind in ("LUMP_SUM", "UNIT_PRICE", "COMBINED", "TURNKEY", "FRAMEWORK"):
            assert terms_rules.contract_type_allowed(contract_type=kind, procurement_type=ptype, on=SIGNED)
        assert not terms_rules.contract_type_allowed(
            contract_type="TIME_BASED", procurement_type=ptype, on=SIGNED
        )
    for kind in ("OUTPUT", "TIME_BASED", "FRAMEWORK"):
        assert terms_rules.contract_type_allowed(
            contract_type=kind, procurement_type="CONSULTANCY", on=SIGNED
        )
    assert not terms_rules.contract_type_allowed(
        contract_type="TURNKEY", procurement_type="CONSULTANCY", on=SIGNED
    )
    assert not terms_rules.contract_type_allowed(contract_type="", procurement_type="WORKS", on=SIGNED)


def test_contract_year_split_valid_consecutive_positive_and_summing_to_the_value():
    def check(years, value=D(1000), start=dt.date(2026, 9, 1), end=dt.date(2027, 6, 30)):
        return terms_rules.contract_year_split_valid(
            years=years, contract_value=value, start_on=start, end_on=end, on=SIGNED
        )

    assert check([(2026, D(400)), (2027, D(600))]) == ""
    assert check([(2027, D(600)), (2026, D(400))]) == ""  # any order
    assert check([(2026, D(1000))]) == "YEARS_TOO_FEW"
    assert check([(2026, D(400)), (2028, D(600))]) == "YEARS_NOT_CONSECUTIVE"
    assert check([(2026, D(400)), (2026, D(600))]) == "YEARS_NOT_CONSECUTIVE"
    assert check([(2026, D(1000)), (2027, D(0))]) == "YEAR_AMOUNT_INVALID"
    assert check([(2026, D(400)), (2027, D(599))]) == "YEARS_SUM_MISMATCH"
    assert check([(2027, D(400)), (2028, D(600))]) == "YEARS_OUTSIDE_PERIOD"
    assert check([(2026, D(300)), (2027, D(300)), (2028, D(400))]) == "YEARS_OUTSIDE_PERIOD"


# ------------------------------------------------------------------ the services


def _multi_year_args(tw, letter) -> dict:
    """The letter accepted and guaranteed into next year; the arguments that sign it as a multi-year contract
    ending next June (call inside ``clock(signing_time(tw))``)."""
    day = local_date(signing_time(tw))
    end = dt.date(day.year + 1, 6, 30)
    first = (letter.value * D("0.4")).quantize(D("1"))
    services.award_letter_accept(actor=letter.provider.account, letter=letter)
    record_guarantee(tw, letter, until=end + dt.timedelta(days=30))
    return {
        "actor": tw.ppk,
        "tender": tw.tender,
        "number": "KONTRAK/MY",
        "contract_type": "UNIT_PRICE",
        "multi_year": True,
        "years": [(day.year, first), (day.year + 1, letter.value - first)],
        "signed_on": day,
        "start_on": day + dt.timedelta(days=1),
        "end_on": end,
    }


def _sign_multi_year(tw, letter) -> Contract:
    with clock(signing_time(tw)):
        return services.contract_record(**_multi_year_args(tw, letter))


def test_a_multi_year_contract_is_signed_with_its_split_per_fiscal_year(at_setup):
    tw, letter = world_with_letter()
    contract = _sign_multi_year(tw, letter)
    years = list(ContractYear.objects.filter(contract=contract).values_list("year", "amount"))
    assert contract.multi_year and contract.contract_type == "UNIT_PRICE"
    assert [y for y, _a in years] == [contract.signed_on.year, contract.signed_on.year + 1]
    assert sum(a for _y, a in years) == contract.value
    event = AuditEvent.objects.get(action="contracts.contract.record")
    assert event.after["contract_type"] == "UNIT_PRICE" and len(event.after["years"]) == 2


def test_signing_refuses_a_wrong_type_or_split_and_changes_nothing(at_setup):
    tw, letter = world_with_letter()
    with clock(signing_time(tw)):
        args = _multi_year_args(tw, letter)
        for kw, code in (
            ({"contract_type": "TIME_BASED"}, "CONTRACT_TYPE_INVALID"),  # consultancy's type on works
            ({"years": [(2026, D(1)), (2027, D(1))]}, "YEARS_SUM_MISMATCH"),
            ({"years": args["years"][:1]}, "YEARS_TOO_FEW"),
            ({"multi_year": False}, "YEARS_SINGLE_YEAR"),  # years sent for a single-year contract
        ):
            before = db_fingerprint()
            with pytest.raises(ContractsError) as exc:
                services.contract_record(**(args | kw))
            assert exc.value.code == code and db_fingerprint() == before
    assert not Contract.objects.exists()


def test_contract_terms_record_by_the_ppk_type_fixed_once_started(at_setup):
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=60)
    at = signing_time(tw)
    with clock(at):
        services.contract_terms_record(actor=tw.ppk, contract=contract, contract_type="COMBINED")
        contract.refresh_from_db()
        assert contract.contract_type == "COMBINED" and not contract.multi_year
        before = db_fingerprint()
        with pytest.raises(ContractsError) as exc:
            services.contract_terms_record(
                actor=letter.provider.account, contract=contract, contract_type="LUMP_SUM"
            )
        assert exc.value.status == 403 and db_fingerprint() == before
    event = AuditEvent.objects.get(action="contracts.terms.set")
    assert event.before["contract_type"] == "LUMP_SUM" and event.after["contract_type"] == "COMBINED"


def test_contract_terms_record_in_progress_keeps_the_type(at_setup):
    tw, letter = world_with_letter()
    contract, at = running_contract(tw, letter, days=60)
    with clock(at):
        before = db_fingerprint()
        with pytest.raises(ContractsError) as exc:
            services.contract_terms_record(actor=tw.ppk, contract=contract, contract_type="TURNKEY")
        assert (exc.value.code, exc.value.status) == (
            "CONTRACT_TYPE_FIXED",
            409,
        ) and db_fingerprint() == before
        services.contract_terms_record(actor=tw.ppk, contract=contract, contract_type="LUMP_SUM")


def test_signed_scan_upload_pdf_only_with_its_sha256_in_the_audit_event(at_setup):
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=60)
    with clock(signing_time(tw)):
        doc = services.signed_scan_upload(actor=tw.ppk, contract=contract, scan=_scan())
        png = SimpleUploadedFile(
            "kontrak.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="application/pdf"
        )
        big = _scan()
        big.size = 20 * 1024 * 1024 + 1
        for actor, scan, code in (
            (tw.ppk, png, "FILE_TYPE"),
            (tw.ppk, big, "FILE_TOO_LARGE"),
            (tw.ppk, None, "FILE_REQUIRED"),
            (letter.provider.account, _scan(), "ACTION_NOT_FOR_ROLE"),
        ):
            before = db_fingerprint()
            with pytest.raises(ContractsError) as exc:
                services.signed_scan_upload(actor=actor, contract=contract, scan=scan)
            assert exc.value.code.startswith(code) and db_fingerprint() == before, exc.value.code
    content = doc.file.open("rb").read()
    assert doc.kind == ContractDocument.Kind.SIGNED_SCAN and doc.sha256 == hashlib.sha256(content).hexdigest()
    event = AuditEvent.objects.get(action="contracts.signed_scan.upload")
    assert event.after["sha256"] == doc.sha256


# ------------------------------------------------------------------ the page and the API


@pytest.mark.route("PUT", "/api/v1/contracts/{contract_id}/terms", allowed=True)
@pytest.mark.route("POST", "/api/v1/contracts/{contract_id}/signed-scan", allowed=True)
@pytest.mark.route("GET", "/api/v1/contracts/{contract_id}/documents", allowed=True)
@pytest.mark.route("GET", "/api/v1/contracts/documents/{document_id}/file", allowed=True)
def test_terms_and_signed_scan_through_the_page_and_the_api(at_setup, users_by_role):
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=60)
    page_url = reverse("contracts:detail", args=[contract.pk])
    with clock(signing_time(tw)):
        ppk = login_client(tw.ppk, Role.PPK)
        page = ppk.get(page_url).content.decode()
        assert 'id="terms-submit"' in page and 'id="scan-submit"' in page
        r = ppk.post(reverse("contracts:terms", args=[contract.pk]), {"contract_type": "TURNKEY"})
        assert r.status_code == 302
        contract.refresh_from_db()
        assert contract.contract_type == "TURNKEY"
        r = ppk.post(reverse("contracts:signed_scan", args=[contract.pk]), {"scan": _scan(b"web")})
        assert r.status_code == 302
        doc = ContractDocument.objects.get(kind="SIGNED_SCAN")
        page = ppk.get(page_url).content.decode()
        assert doc.sha256 in page and "Terima jadi (turnkey)" in page
        auditor = login_client(users_by_role[Role.AUDITOR], Role.AUDITOR)
        download = auditor.get(reverse("contracts:document_download", args=[doc.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
        assert 'id="terms-submit"' not in auditor.get(page_url).content.decode()

        headers = api_headers(tw.ppk, Role.PPK)
        body = {"contract_type": "LUMP_SUM"}
        got = ppk.put(
            f"/api/v1/contracts/{contract.pk}/terms",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
        )
        assert got.status_code == 200, got.content
        assert got.json() == {
            "contract_id": contract.pk,
            "contract_type": "LUMP_SUM",
            "multi_year": False,
            "years": [],
        }
        made = ppk.post(f"/api/v1/contracts/{contract.pk}/signed-scan", {"scan": _scan(b"api")}, **headers)
        assert made.status_code == 201, made.content
        listed = ppk.get(f"/api/v1/contracts/{contract.pk}/documents", **headers).json()
        assert [d["kind"] for d in listed] == ["SIGNED_SCAN", "SIGNED_SCAN"]
        file = ppk.get(listed[0]["url"], **api_headers(letter.provider.account, Role.PENYEDIA))
        assert hashlib.sha256(b"".join(file.streaming_content)).hexdigest() == listed[0]["sha256"]
        detail = ppk.get(f"/api/v1/contracts/{contract.pk}", **headers).json()
        assert (detail["contract_type"], detail["multi_year"], detail["years"]) == ("LUMP_SUM", False, [])


def test_multi_year_split_on_the_page_and_in_the_public_facts(at_setup):
    from lentera.contracts.published import contract_public_facts

    tw, letter = world_with_letter()
    contract = _sign_multi_year(tw, letter)
    with clock(signing_time(tw)):
        page = (
            login_client(tw.ppk, Role.PPK)
            .get(reverse("contracts:detail", args=[contract.pk]))
            .content.decode()
        )
    assert 'id="contract-years"' in page and "contract-years-mismatch" not in page
    facts = contract_public_facts(tw.tender)
    assert facts is not None
    assert (facts["contract_type"], facts["contract_type_label"], facts["multi_year"]) == (
        "UNIT_PRICE",
        "Harga satuan",
        True,
    )
    assert [y for y, _a in facts["years"]] == [contract.signed_on.year, contract.signed_on.year + 1]


def terms_api_actions() -> list[Action]:
    """The new operations with missing ids: allowed roles get 404, the others are refused (the web pages are in
    test_access's matrix)."""
    base = "/api/v1/contracts"

    def api(method, path, body=None):
        return lambda c, h: getattr(c, method)(
            base + path, data=body or {}, content_type="application/json", **h
        )

    def upload(path):
        return lambda c, h: c.post(base + path, {"scan": _scan()}, **h)

    return [
        Action("api.terms", PPK, api("put", f"/{MISSING}/terms", {"contract_type": "LUMP_SUM"}), api=True),
        Action("api.signed_scan", PPK, upload(f"/{MISSING}/signed-scan"), api=True),
        Action("api.documents", READERS, api("get", f"/{MISSING}/documents"), api=True),
        Action("api.document_file", READERS, api("get", f"/documents/{MISSING}/file"), api=True),
    ]


@denied(
    "PUT /api/v1/contracts/{contract_id}/terms",
    "POST /api/v1/contracts/{contract_id}/signed-scan",
    "GET /api/v1/contracts/{contract_id}/documents",
    "GET /api/v1/contracts/documents/{document_id}/file",
)
def test_terms_role_action_matrix(at_setup, users_by_role):
    failures = run_matrix(terms_api_actions(), users_by_role)
    assert failures == [], "\n".join(failures)
