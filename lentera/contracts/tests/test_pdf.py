"""The contract's PDF records (WeasyPrint): the contract summary, the SPMK / Surat Pesanan and the berita acara
of a handover, each kept with its SHA-256 (also in the audit event); the parties render them, readers download.
One goods contract driven to its BAST, rendered three ways; the role x action matrix with missing ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from lentera.contracts import services
from lentera.contracts.errors import ContractsError
from lentera.contracts.models import ContractPdf, Handover
from lentera.contracts.tests.builders import running_contract, signed_contract, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.selectors import READ_ALL_ROLES
from lentera.tendering.tests.factories import clock
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import denied

pytestmark = pytest.mark.django_db
PPK, PROVIDER = frozenset({Role.PPK}), frozenset({Role.PENYEDIA})
READERS = PPK | PROVIDER | READ_ALL_ROLES
MISSING = 990777


def _handed_over(tw, letter):
    contract, at = running_contract(tw, letter, days=60)
    at += dt.timedelta(days=3)
    day = local_date(at)
    with clock(at):
        services.delivery_record(
            actor=contract.provider.account,
            contract=contract,
            name="Meja siswa",
            quantity=Decimal(30),
            unit="unit",
            unit_price=Decimal("1500000"),
            delivered_on=day,
        )
        services.handover_record(
            actor=tw.ppk,
            contract=contract,
            number="BAST/PDF/1",
            handed_on=day,
            inspectors="Tim PPHP Disdik",
            inspected_on=day,
            result="ACCEPTED",
        )
    contract.refresh_from_db()
    return contract, at


def test_summary_start_order_and_bast_rendered_with_their_sha256(at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = _handed_over(tw, letter)
    bast = Handover.objects.get(contract=contract)
    with clock(at):
        made = [
            services.contract_pdf_create(actor=tw.ppk, contract=contract, kind="SUMMARY"),
            services.contract_pdf_create(
                actor=contract.provider.account, contract=contract, kind="START_ORDER"
            ),
            services.contract_pdf_create(actor=tw.ppk, contract=contract, kind="HANDOVER", handover=bast),
        ]
    for record in made:
        content = record.file.open("rb").read()
        assert content.startswith(b"%PDF") and record.size == len(content)
        assert record.sha256 == hashlib.sha256(content).hexdigest()
        event = AuditEvent.objects.filter(action="contracts.pdf.create", object_id=str(record.pk)).get()
        assert event.after["sha256"] == record.sha256
    assert made[0].number == contract.number and made[1].number == "SPMK/1" and made[2].number == "BAST/PDF/1"
    assert made[2].title.startswith("Berita Acara Serah Terima")


def test_refusals_change_nothing(at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract = signed_contract(tw, letter, days=60)
    cases = [
        ({"actor": tw.ppk, "kind": "START_ORDER"}, "NO_START_ORDER"),  # signed, not started
        ({"actor": tw.ppk, "kind": "HANDOVER"}, "HANDOVER_NOT_FOUND"),
        ({"actor": tw.w["ppk2"], "kind": "SUMMARY"}, "NOT_A_PARTY"),
        ({"actor": tw.ppk, "kind": "NOPE"}, "PDF_KIND_INVALID"),
    ]
    for kw, code in cases:
        before = db_fingerprint()
        with pytest.raises(ContractsError) as exc:
            services.contract_pdf_create(contract=contract, **kw)
        assert exc.value.code == code and db_fingerprint() == before
    assert ContractPdf.objects.count() == 0


@pytest.mark.route("POST", "/api/v1/contracts/{contract_id}/pdf", allowed=True)
@pytest.mark.route("GET", "/api/v1/contracts/{contract_id}/pdf", allowed=True)
@pytest.mark.route("GET", "/api/v1/contracts/pdf/{pdf_id}/file", allowed=True)
def test_contract_page_and_api_render_and_download(at_setup, users_by_role):
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = _handed_over(tw, letter)
    page_url = reverse("contracts:detail", args=[contract.pk])
    with clock(at):
        ppk = login_client(tw.ppk, Role.PPK)
        page = ppk.get(page_url).content.decode()
        assert 'id="pdf-summary"' in page and 'id="pdf-start"' in page and 'id="pdf-handover-' in page
        r = ppk.post(reverse("contracts:pdf_create", args=[contract.pk]), {"kind": "SUMMARY"})
        assert r.status_code == 302
        record = ContractPdf.objects.get()
        assert record.sha256 in ppk.get(page_url).content.decode()
        auditor = login_client(users_by_role[Role.AUDITOR], Role.AUDITOR)
        download = auditor.get(reverse("contracts:pdf_download", args=[record.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
        headers = api_headers(contract.provider.account, Role.PENYEDIA)
        made = ppk.post(
            f"/api/v1/contracts/{contract.pk}/pdf",
            data=json.dumps({"kind": "HANDOVER", "handover_id": Handover.objects.get().pk}),
            content_type="application/json",
            **headers,
        )
        assert made.status_code == 201, made.content
        listed = ppk.get(f"/api/v1/contracts/{contract.pk}/pdf", **headers).json()
        assert [p["kind"] for p in listed] == ["HANDOVER", "SUMMARY"]
        file = ppk.get(listed[0]["url"], **headers)
        content = b"".join(file.streaming_content)
        assert hashlib.sha256(content).hexdigest() == listed[0]["sha256"]


def pdf_api_actions() -> list[Action]:
    """The PDF operations with missing ids: allowed roles get 404, the others are refused (the web pages are in
    test_access's matrix)."""
    base = "/api/v1/contracts"

    def api(method, path, body=None):
        return lambda c, h: getattr(c, method)(
            base + path, data=body or {}, content_type="application/json", **h
        )

    return [
        Action(
            "api.pdf_create", PPK | PROVIDER, api("post", f"/{MISSING}/pdf", {"kind": "SUMMARY"}), api=True
        ),
        Action("api.pdf_list", READERS, api("get", f"/{MISSING}/pdf"), api=True),
        Action("api.pdf_file", READERS, api("get", f"/pdf/{MISSING}/file"), api=True),
    ]


@denied(
    "POST /api/v1/contracts/{contract_id}/pdf",
    "GET /api/v1/contracts/{contract_id}/pdf",
    "GET /api/v1/contracts/pdf/{pdf_id}/file",
)
def test_pdf_role_action_matrix(at_setup, users_by_role):
    failures = run_matrix(pdf_api_actions(), users_by_role)
    assert failures == [], "\n".join(failures)
