"""OCDS contracting: a contract driven through the contracts services (signed, amended twice, started by SPMK,
advance and termin payments, paid late), each step publishing a release with its tag; the compiled record
package validates with 0 errors offline (jsonschema and libcoveocds); only public facts are published."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import override_settings

from lentera.contracts import services as contracts
from lentera.contracts.models import Contract
from lentera.contracts.tests.builders import signed_contract, signing_time, world_with_letter
from lentera.core.calendar import local_date
from lentera.opendata import services
from lentera.opendata.models import Release
from lentera.opendata.ocds import validate
from lentera.opendata.selectors import record_package
from lentera.tendering.tests.factories import SETUP_AT, clock

pytestmark = pytest.mark.django_db
M = Decimal("1000000")


@pytest.fixture(autouse=True)
def _no_watermark():
    with override_settings(LENTERA_FEED_WATERMARK_SECONDS=0):
        yield


def _latest(ocid: str) -> Release:
    return Release.objects.filter(ocid=ocid).order_by("-seq").first()


def _publish(tender) -> list[str]:
    release = services.release_publish(kind="contract", obj=tender)
    return release.tags if release is not None else []


class Story:
    """A Rp2 billion works contract of 120 days and everything that happens to it, with each step's tags."""

    def __init__(self) -> None:
        with clock(SETUP_AT):
            self.tw, self.letter = world_with_letter()
            self.contract = signed_contract(self.tw, self.letter, days=120)
        self.tender = self.tw.tender
        self.ocid = services.ocid_for(self.tender.code)
        self.provider = self.letter.provider.account
        self.at = signing_time(self.tw) + dt.timedelta(days=1)
        self.day = local_date(self.at)
        self.end = self.contract.end_on
        self.tags: dict[str, list[str]] = {}
        with clock(self.at):
            services.opendata_sync()
            self.tags["signed"] = _latest(self.ocid).tags

    def amend(self, name: str, **kw) -> None:
        with clock(self.at):
            contracts.amendment_approve(actor=self.tw.ppk, contract=self.contract, signed_on=self.day, **kw)
            self.tags[name] = _publish(self.tender)

    def start(self) -> None:
        with clock(self.at):
            contracts.contract_start(
                actor=self.tw.ppk,
                contract=self.contract,
                number="SPMK/1",
                issued_on=self.day,
                start_on=self.day,
            )
            self.tags["start"] = _publish(self.tender)

    def advance(self, amount: Decimal) -> None:
        with clock(self.at):
            contracts.advance_payment_record(
                actor=self.tw.ppk,
                contract=self.contract,
                amount=amount,
                guarantee_issuer="Bank Pembangunan Daerah",
                guarantee_number="JUM-RAHASIA-77",
                guarantee_amount=amount,
                guarantee_valid_until=self.day + dt.timedelta(days=120),
                paid_on=self.day,
            )
            self.tags["advance"] = _publish(self.tender)

    def termin(self, name: str, *, progress: int, amount: Decimal, at: dt.datetime) -> None:
        with clock(at):
            self.tags[f"{name}:before"] = _publish(self.tender)  # what the clock alone changed (overdue)
            invoice = contracts.invoice_submit(
                actor=self.provider, contract=self.contract, progress_percent=progress, amount=amount
            )
            contracts.invoice_approve(actor=self.tw.ppk, payment=invoice)
            assert _publish(self.tender) == []  # submitted and approved invoices are not published
            contracts.invoice_pay(actor=self.tw.ppk, payment=invoice, paid_on=local_date(at))
            self.tags[name] = _publish(self.tender)


def amended_twice(s: Story) -> Story:
    """Amended in value (ADD/1), started by SPMK, paid a Rp300 million advance, amended in time (ADD/2)."""
    s.amend("amend1", number="ADD/1", kind="VALUE", justification="Tambahan volume drainase", value=2150 * M)
    s.start()
    s.advance(300 * M)
    s.amend(
        "amend2",
        number="ADD/2",
        kind="TIME",
        justification="Curah hujan tinggi menghambat pengecoran",
        value=2200 * M,
        end_on=s.end + dt.timedelta(days=20),
    )
    return s


@pytest.fixture
def story(db):
    s = amended_twice(Story())
    s.termin("termin1", progress=50, amount=1100 * M, at=s.at)
    late = dt.datetime.combine(s.end + dt.timedelta(days=25), dt.time(10), tzinfo=dt.UTC)
    s.termin("termin2", progress=100, amount=1100 * M, at=late)
    s.late = late
    return s


def test_each_contracting_event_is_tagged(story):
    assert "contract" in story.tags["signed"]
    assert story.tags["amend1"] == ["contractAmendment"]
    assert story.tags["start"] == ["implementation"]  # the SPMK milestone: the first implementation data
    assert story.tags["advance"] == ["implementationUpdate"]
    # a longer period moves the handover milestone's due date too
    assert story.tags["amend2"] == ["contractAmendment", "implementationUpdate"]
    assert story.tags["termin1"] == ["implementationUpdate"]
    assert story.tags["termin1:before"] == []
    # past the end, not handed over: the handover milestone becomes "notMet"
    assert story.tags["termin2:before"] == ["implementationUpdate"]
    assert story.tags["termin2"] == ["implementationUpdate"]
    with clock(story.late):
        assert services.opendata_sync()["process"] == 0  # nothing new: idempotent


def test_contract_termination_is_tagged_from_the_state(story):
    Contract.objects.filter(pk=story.contract.pk).update(state="TERMINATED")
    with clock(story.late):
        assert _publish(story.tender) == ["implementationUpdate", "contractTermination"]
        contract = _latest(story.ocid).data["contracts"][0]
    assert contract["status"] == "terminated"
    handover = next(m for m in contract["implementation"]["milestones"] if m["code"] == "HANDOVER")
    assert handover["status"] == "notMet"


def test_completion_after_final_handover_is_a_termination_and_the_handover_milestones_are_met(db):
    s = Story()
    s.start()
    Contract.objects.filter(pk=s.contract.pk).update(state="HANDED_OVER")
    with clock(s.at):
        assert _publish(s.tender) == ["implementationUpdate"]
    Contract.objects.filter(pk=s.contract.pk).update(state="COMPLETED")
    with clock(s.at):
        assert _publish(s.tender) == ["implementationUpdate", "contractTermination"]
        milestones = _latest(s.ocid).data["contracts"][0]["implementation"]["milestones"]
    assert {m["code"]: m["status"] for m in milestones} == {
        "SPMK": "met",
        "HANDOVER": "met",
        "FINAL_HANDOVER": "met",
    }


def test_contract_release_carries_amendments_transactions_milestones_and_only_public_facts(story):
    release = _latest(story.ocid).data
    (contract,) = release["contracts"]
    assert contract["status"] == "active"
    assert contract["description"] == "Jenis kontrak: Lumsum."  # the type (no OCDS field: the description)
    assert contract["value"] == {"amount": 2200000000, "currency": "IDR"}
    assert contract["period"]["endDate"].startswith((story.end + dt.timedelta(days=20)).isoformat())
    first, second = contract["amendments"]
    assert first["rationale"] == "Tambahan volume drainase"
    assert "Rp2.000.000.000" in first["description"] and "Rp2.150.000.000" in first["description"]
    assert "Curah hujan" in second["rationale"] and "Rp2.200.000.000" in second["description"]
    releases = list(Release.objects.filter(ocid=story.ocid).order_by("seq"))
    by_id = {r.release_id: r for r in releases}
    # each amendment links the release it amends (the one before it) and the release that published it
    for amendment in (first, second):
        published = by_id[amendment["releaseID"]]
        assert "contractAmendment" in published.tags
        assert by_id[amendment["amendsReleaseID"]].seq < published.seq
    transactions = contract["implementation"]["transactions"]
    assert [t["value"]["amount"] for t in transactions][0] == 300000000  # the advance
    assert len(transactions) == 3
    parties = {p["id"]: p for p in release["parties"]}
    assert all(parties[t["payer"]["id"]]["roles"].count("payer") == 1 for t in transactions)
    assert all("payee" in parties[t["payee"]["id"]]["roles"] for t in transactions)
    assert all("buyer" in parties[t["payer"]["id"]]["roles"] for t in transactions)
    assert all("supplier" in parties[t["payee"]["id"]]["roles"] for t in transactions)
    milestones = {m["code"]: m for m in contract["implementation"]["milestones"]}
    assert milestones["SPMK"]["type"] == "approval" and milestones["SPMK"]["status"] == "met"
    assert milestones["HANDOVER"]["type"] == "delivery" and milestones["HANDOVER"]["status"] == "notMet"
    text = json.dumps([r.data for r in releases])
    for private in ("JUM-RAHASIA-77", "Bank Pembangunan Daerah", "JP-001", story.letter.provider.npwp):
        assert private not in text


def test_contract_record_package_validates_with_zero_errors_jsonschema(story):
    records = record_package(story.ocid, uri="http://testserver/x")
    assert validate.errors(records) == []
    compiled = records["records"][0]["compiledRelease"]
    assert len(compiled["contracts"][0]["amendments"]) == 2
    assert len(compiled["contracts"][0]["implementation"]["transactions"]) == 3


def test_contract_record_package_validates_with_zero_errors_libcoveocds(story, tmp_path, monkeypatch):
    from .test_ocds import libcove_errors

    records = record_package(story.ocid, uri="http://testserver/x")
    assert libcove_errors(records, tmp_path, monkeypatch, record=True) == []


def test_other_contract_changes_are_a_contract_update_and_the_language_changes_nothing(story):
    from django.utils import translation

    with (
        clock(story.late),
        translation.override("en"),
    ):  # labels are Indonesian whatever the request's language
        assert services.opendata_sync()["process"] == 0
    Contract.objects.filter(pk=story.contract.pk).update(number="KONTRAK/01-REV")
    with clock(story.late):
        assert _publish(story.tender) == ["contractUpdate"]


def test_signed_documents_are_published_as_metadata_only(story):
    from django.core.files.base import ContentFile

    from lentera.contracts.models import ContractDocument

    ContractDocument.objects.create(
        contract=story.contract,
        title="Surat perjanjian bertanda tangan",
        file=ContentFile(b"%PDF-1.4 RAHASIA-ISI-KONTRAK", name="kontrak.pdf"),
        original_name="kontrak.pdf",
        size=28,
        sha256="2" * 64,
        uploaded_by=story.tw.ppk,
        uploaded_at=story.late,
    )
    with clock(story.late):
        assert _publish(story.tender) == ["contractUpdate"]
    (doc,) = _latest(story.ocid).data["contracts"][0]["documents"]
    assert doc["documentType"] == "contractSigned" and doc["format"] == "application/pdf"
    assert doc["title"] == "Surat perjanjian bertanda tangan" and "url" not in doc
    assert "RAHASIA-ISI-KONTRAK" not in json.dumps(_latest(story.ocid).data)
    assert validate.errors(record_package(story.ocid, uri="http://testserver/x")) == []


def test_contracting_events_publish_through_the_domain_event(db, django_capture_on_commit_callbacks):
    """Without calling the publisher: the contracts services' `publish("contract", ...)` event, dispatched after
    the commit, makes the releases (the SPMK, the advance)."""
    s = Story()
    with django_capture_on_commit_callbacks(execute=True), clock(s.at):
        contracts.contract_start(
            actor=s.tw.ppk, contract=s.contract, number="SPMK/9", issued_on=s.day, start_on=s.day
        )
    assert _latest(s.ocid).tags == ["implementation"]
    with django_capture_on_commit_callbacks(execute=True), clock(s.at):
        contracts.advance_payment_record(
            actor=s.tw.ppk,
            contract=s.contract,
            amount=100 * M,
            guarantee_issuer="Bank",
            guarantee_number="JUM-1",
            guarantee_amount=100 * M,
            guarantee_valid_until=s.day + dt.timedelta(days=120),
            paid_on=s.day,
        )
    release = _latest(s.ocid)
    assert release.tags == ["implementationUpdate"]
    (advance,) = release.data["contracts"][0]["implementation"]["transactions"]
    assert advance["value"]["amount"] == 100000000


def test_handover_records_give_the_milestones_their_dates(db):
    """The PHO and FHO berita acara (contracts.services.handover_record) date the OCDS handover milestones."""
    s = Story()
    s.start()
    pho_at = s.at + dt.timedelta(days=60)
    pho_day = local_date(pho_at)
    record = {"inspectors": "PPHP: Ir. Sari", "result": "ACCEPTED"}
    with clock(pho_at):
        contracts.handover_record(
            actor=s.tw.ppk,
            contract=s.contract,
            number="BA-PHO/1",
            handed_on=pho_day,
            inspected_on=pho_day,
            maintenance_days=180,
            **record,
        )
        assert _publish(s.tender) == ["implementationUpdate"]
        milestones = {
            m["code"]: m for m in _latest(s.ocid).data["contracts"][0]["implementation"]["milestones"]
        }
    assert milestones["HANDOVER"]["status"] == "met"
    assert milestones["HANDOVER"]["dateMet"].startswith(pho_day.isoformat())
    assert milestones["FINAL_HANDOVER"]["status"] != "met"
    fho_at = pho_at + dt.timedelta(days=181)
    fho_day = local_date(fho_at)
    with clock(fho_at):
        contracts.handover_record(
            actor=s.tw.ppk,
            contract=s.contract,
            number="BA-FHO/1",
            handed_on=fho_day,
            inspected_on=fho_day,
            **record,
        )
        assert _publish(s.tender) == ["implementationUpdate", "contractTermination"]
        milestones = {
            m["code"]: m for m in _latest(s.ocid).data["contracts"][0]["implementation"]["milestones"]
        }
    assert milestones["FINAL_HANDOVER"]["dateMet"].startswith(fho_day.isoformat())
    assert milestones["HANDOVER"]["dateMet"].startswith(pho_day.isoformat())


def test_a_termination_record_dates_the_contract_ending(db):
    """contracts.services.contract_terminate: the release is tagged contractTermination and the handover
    milestone's modification is dated with the termination (its ground is public, the PPK's explanation not)."""
    from lentera.contracts.published import ending_facts

    s = Story()
    with clock(s.at):
        contracts.contract_terminate(
            actor=s.tw.ppk,
            contract=s.contract,
            ground="FRAUD",
            explanation="Dokumen palsu atas nama Budi Santoso",
            terminated_on=s.day,
        )
        assert "contractTermination" in _publish(s.tender)
        data = _latest(s.ocid).data
    s.contract.refresh_from_db()
    ending = ending_facts(s.contract)
    assert ending is not None and ending["date"] == s.day and ending["reason"]
    assert data["contracts"][0]["status"] == "terminated"
    assert "Budi Santoso" not in json.dumps(data)


def test_terms_description_names_the_type_and_the_split_per_fiscal_year():
    from lentera.opendata.ocds.contracting import terms_description

    multi = {
        "contract_type_label": "Harga satuan",
        "multi_year": True,
        "years": [(2026, Decimal("400000000")), (2027, Decimal("600000000"))],
    }
    assert terms_description(multi) == (
        "Jenis kontrak: Harga satuan. Kontrak tahun jamak: 2026 Rp400.000.000, 2027 Rp600.000.000."
    )
    assert terms_description({"contract_type_label": "", "multi_year": False, "years": []}) is None
