"""The one adapter from other apps' models to *public facts* (plain dicts).

Everything the public may know about a RUP item or a tender process is decided here, and only here: the OCDS
builder, the public search table and the red flags all start from these dicts. Sealed or private data (HPS items,
bid files, prices before the opening, provider contact details, NPWP/NIK) is never read into them.

Which tenders are public and their current stage come from tendering's selectors (`public_tenders`,
`current_stage`). The rest is read from tendering's models directly (read-only): its `public_tender_facts`
selector appeared after this adapter and differs on purpose in two points: OCDS publishes the opened bids (name
and read price) from the opening on, as the bids extension allows, while tendering's summary shows offers only
with the winner; and no NPWP is published here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from lentera.tendering.models import Tender


def _model(app_label: str, name: str) -> type[models.Model] | None:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def tender_model() -> type[Tender] | None:
    return cast("type[Tender] | None", _model("tendering", "Tender"))


def _label(choices_model: Any, value: str) -> str:
    try:
        return str(choices_model(value).label)
    except (ValueError, TypeError):
        return value or ""


def org_buyer(work_unit) -> dict[str, Any]:
    agency = work_unit.agency
    return {
        "id": f"ID-SATKER-{agency.code}-{work_unit.code}",
        "name": work_unit.name,
        "agency_code": agency.code,
        "agency_name": agency.name,
        "unit_id": work_unit.pk,
        "unit_code": work_unit.code,
    }


def org_procuring(pokja=None, official=None, ukpbj=None) -> dict[str, Any] | None:
    if pokja is not None:
        unit = pokja.ukpbj
        return {"id": f"ID-UKPBJ-{unit.agency.code}-{unit.code}", "name": f"{unit.name} — {pokja.name}"}
    if ukpbj is not None:
        return {"id": f"ID-UKPBJ-{ukpbj.agency.code}-{ukpbj.code}", "name": ukpbj.name}
    if official is not None:
        return {"id": f"ID-PP-{official.pk}", "name": "Pejabat Pengadaan"}
    return None


def org_provider(provider) -> dict[str, Any]:
    """Public facts of a provider: name and city only (no NPWP, no contacts)."""
    return {
        "id": f"LENTERA-PENYEDIA-{provider.pk}",
        "name": provider.name,
        "pk": provider.pk,
        "address": {"locality": provider.city, "region": provider.province, "countryName": "Indonesia"}
        if getattr(provider, "city", "")
        else None,
    }


# --- RUP --------------------------------------------------------------------------------------------------


def rup_facts(item) -> dict[str, Any] | None:
    """A RUP item once announced (Perbup PPU 2/2021 Pasal 2 j); None while it is not public."""
    from lentera.planning.models import FundingSource, Method

    if item.announced_at is None:
        return None
    return {
        "code": item.code,
        "title": item.name,
        "fiscal_year": item.fiscal_year,
        "buyer": org_buyer(item.work_unit),
        "pagu": item.pagu,
        "funding_source": item.funding_source,
        "funding_source_label": _label(FundingSource, item.funding_source),
        "method": item.planned_method,
        "method_label": _label(Method, item.planned_method),
        "procurement_type": item.procurement_type,
        "planned_start": item.planned_start,
        "planned_end": item.planned_end,
        "location": item.location,
        "revision": item.revision,
        "announced_at": item.announced_at,
    }


def announced_rup_items():
    RupItem = _model("planning", "RupItem")
    return RupItem.objects.filter(announced_at__isnull=False).select_related("work_unit__agency")


# --- tender processes --------------------------------------------------------------------------------------


def tenders_naming_provider(provider_id: int):
    """Public tenders whose OCDS release names this provider (an opened bid, the award or the contract)."""
    tenders = announced_tenders()
    if isinstance(tenders, list):  # pragma: no cover - no tendering app
        return []
    return tenders.filter(
        models.Q(offers__provider_id=provider_id) | models.Q(contract__provider_id=provider_id)
    ).distinct()


def announced_tenders():
    """Tenders the public may see (tendering.selectors.public_tenders), announced, oldest first."""
    Tender = tender_model()
    if Tender is None:
        return []
    try:
        from lentera.tendering.selectors import public_tenders

        base = public_tenders()
    except ImportError:  # pragma: no cover - tendering without selectors
        base = Tender.objects.exclude(status="DRAFT")
    return (
        base.filter(announced_at__isnull=False)
        .select_related("package__work_unit__agency", "pokja__ukpbj__agency", "procurement_official")
        .order_by("announced_at", "pk")
    )


def _stage_now(tender, schedule: list, now: dt.datetime) -> str:
    """The current stage as tendering computes it (tendering.timeline.current_stage), else from the schedule."""
    try:
        from lentera.tendering.timeline import current_stage

        return str(current_stage(tender, now))
    except ImportError:  # pragma: no cover
        pass
    status = tender.status
    if status in ("FAILED", "CANCELLED", "COMPLETED"):
        return status
    current = ""
    for entry in schedule:
        if entry.starts_at <= now:
            current = entry.stage
        if entry.starts_at <= now < entry.ends_at:
            return entry.stage
    return current or "ANNOUNCEMENT"


def _ukpbj_of(work_unit):
    from lentera.accounts.models import WorkUnit

    return (
        WorkUnit.objects.filter(agency_id=work_unit.agency_id, kind=WorkUnit.Kind.UKPBJ)
        .select_related("agency")
        .first()
    )


def _window(schedule: list, *stages: str) -> tuple[dt.datetime, dt.datetime] | None:
    for entry in schedule:
        if entry.stage in stages:
            return (entry.starts_at, entry.ends_at)
    return None


def _price(offer) -> Decimal | None:
    return offer.negotiated_price or offer.corrected_price or offer.read_price


def tender_facts(tender, *, now: dt.datetime | None = None) -> dict[str, Any] | None:
    """Public facts of an announced tender; None before the announcement."""
    from lentera.planning.models import FundingSource, Method, ProcurementType

    if tender.announced_at is None or tender.status == "DRAFT":
        return None
    now = now or timezone.now()
    package = tender.package
    schedule = list(tender.schedule.all().order_by("position", "starts_at"))
    stage = _stage_now(tender, schedule, now)
    buyer = org_buyer(package.work_unit)
    facts: dict[str, Any] = {
        "code": tender.code,
        "pk": tender.pk,
        "title": tender.title,
        "description": None,
        "fiscal_year": package.fiscal_year,
        "method": tender.method,
        "method_label": _label(Method, tender.method),
        "procurement_type": tender.procurement_type,
        "procurement_type_label": _label(ProcurementType, tender.procurement_type),
        "funding_source": package.funding_source,
        "funding_source_label": _label(FundingSource, package.funding_source),
        "location": package.location,
        "pagu": tender.pagu if tender.pagu is not None else package.pagu,
        "hps": tender.hps_total if tender.hps_total is not None else package.hps_total,
        "status": tender.status,
        "stage": stage,
        "announced_at": tender.announced_at,
        "award_criteria": {
            "LOWEST_PRICE": "HARGA_TERENDAH",
            "MERIT_POINT": "SISTEM_NILAI",
            "LIFE_CYCLE": "UMUR_EKONOMIS",
        }.get(tender.evaluation_method, ""),
        "evaluation_method": tender.evaluation_method,
        "buyer": buyer,
        "procuring_entity": org_procuring(tender.pokja, tender.procurement_official)
        or org_procuring(ukpbj=_ukpbj_of(package.work_unit)),
        "rup_codes": sorted(package.rup_items.values_list("code", flat=True)),
        "schedule": [
            {"stage": e.stage, "starts_at": e.starts_at, "ends_at": e.ends_at, "current": e.stage == stage}
            for e in schedule
        ],
        "tender_period": _window(schedule, "BID_UPLOAD", "OFFER"),
        "enquiry_period": _window(schedule, "EXPLANATION"),
        "award_period": _window(schedule, "EVALUATION", "CLARIFICATION_NEGOTIATION"),
        "status_reason": tender.status_reason if tender.status in ("FAILED", "CANCELLED") else "",
        "documents": [],
        "questions": [],
        "schedule_changes": [],
        "opened": False,
        "bids": [],
        "evaluation": [],
        "award": None,
        "contract": None,
        "objections": [],
    }
    for doc in tender.documents.all().order_by("uploaded_at", "pk"):
        facts["documents"].append(
            {
                "id": f"doc-{doc.pk}",
                "title": doc.title,
                "kind": doc.kind,
                "number": doc.number,
                "type": "tenderNotice" if doc.kind == "SELECTION" else "clarifications",
                "date": doc.uploaded_at,
                "note": doc.note if doc.kind == "ADDENDUM" else "",
            }
        )
    facts["has_enquiries"] = tender.questions.exists()
    for q in tender.questions.filter(answered_at__isnull=False).order_by("number"):
        facts["questions"].append(
            {
                "number": q.number,
                "section": q.section,
                "text": q.text,
                "answer": q.answer,
                "answered_at": q.answered_at,
            }
        )
    for change in tender.schedule_changes.all().order_by("changed_at"):
        facts["schedule_changes"].append({"reason": change.reason, "changed_at": change.changed_at})
    _add_offers(tender, facts)
    _add_award_and_contract(tender, facts)
    for obj in tender.objections.filter(answered_at__isnull=False).order_by("filed_at"):
        facts["objections"].append(
            {
                "text": obj.text,
                "answer": obj.answer,
                "filed_at": obj.filed_at,
                "answered_at": obj.answered_at,
                "justified": obj.justified,
            }
        )
    facts["cancelled"] = tender.status == "CANCELLED"
    return facts


def _add_offers(tender, facts: dict[str, Any]) -> None:
    """Bids appear only once opened (an Offer row is written at the opening). Prices of a two-file tender
    appear only once the price envelope is opened."""
    offers = list(tender.offers.select_related("provider").order_by("pk"))
    if not offers:
        return
    facts["opened"] = True
    facts["opened_at"] = min(o.opened_at for o in offers)
    results: dict[int, Any] = {}
    winner_announced = tender.winner_decisions.filter(
        announced_at__isnull=False, superseded_at__isnull=True
    ).exists()
    if winner_announced:
        decision = tender.evaluation_decisions.order_by("-round", "-decided_at").first()
        if decision is not None:
            results = {r.offer_id: r for r in decision.results.all()}
    one_file = getattr(tender, "envelope", "ONE_FILE") == "ONE_FILE"
    for offer in offers:
        price_public = one_file or offer.price_opened_at is not None
        result = results.get(offer.pk)
        status = "pending"
        if result is not None:
            status = "valid" if result.passed else "disqualified"
        facts["bids"].append(
            {
                "id": f"bid-{offer.pk}",
                "provider": org_provider(offer.provider),
                "value": offer.read_price if price_public else None,
                "corrected_value": offer.corrected_price if (price_public and winner_announced) else None,
                "status": status,
                "date": offer.opened_at,
                "rank": result.rank if result is not None else None,
                "failure_reasons": list(result.failure_reasons or []) if result is not None else [],
                "technical_score": result.technical_score if result is not None else None,
            }
        )


def _add_award_and_contract(tender, facts: dict[str, Any]) -> None:
    decision = (
        tender.winner_decisions.filter(announced_at__isnull=False, superseded_at__isnull=True)
        .select_related("winner__provider")
        .order_by("-round")
        .first()
    )
    if decision is None:
        _add_award_from_contract(tender, facts)
        return
    offer = decision.winner
    letter = getattr(tender, "award_letter", None) if _has_related(tender, "award_letter") else None
    facts["award"] = {
        "id": f"award-{decision.pk}",
        "provider": org_provider(offer.provider),
        "value": letter.value if letter is not None else _price(offer),
        "date": decision.announced_at,
        "decided_at": decision.decided_at,
        "status": "active",
        "bid_id": f"bid-{offer.pk}",
        "letter_number": letter.number if letter is not None else "",
    }
    facts["contract"] = _contract(tender, facts["award"]["provider"])


def _add_award_from_contract(tender, facts: dict[str, Any]) -> None:
    """A process without a selection (an e-purchasing Surat Pesanan, an emergency procurement recorded with its
    provider) is awarded by its contract itself: the award is the contract's provider and signed value on the
    day it was recorded. Swakelola (no provider) has no award."""
    contract = _contract(tender, {})
    if contract is None or not contract.get("provider"):
        return
    facts["award"] = {
        "id": f"award-{contract['id']}",
        "provider": contract["provider"],
        "value": contract["original_value"],
        "date": tender.announced_at,
        "decided_at": tender.announced_at,
        "status": "active",
        "bid_id": None,
        "letter_number": "",
    }
    facts["contract"] = contract
    facts["catalog_category"] = _catalog_category(contract["pk"])


def _catalog_category(contract_pk: int) -> str:
    """The catalogue category (etalase) code of the order a Surat Pesanan was issued for, or ""."""
    try:
        from lentera.catalog.purchases import category_of_contract
    except ImportError:  # pragma: no cover - no catalog app
        return ""
    return category_of_contract(contract_pk)


def _contract(tender, award_provider: dict[str, Any]) -> dict[str, Any] | None:
    """The contract's public facts (lentera.contracts.published decides what they are), with the supplier as
    a public party (name and city)."""
    try:
        from lentera.contracts.published import contract_public_facts
    except ImportError:  # pragma: no cover - no contracts app
        return None
    contract = contract_public_facts(tender)
    if contract is None:
        return None
    from lentera.providers.models import Provider

    provider = (
        Provider.objects.filter(pk=contract["provider_id"]).first() if contract["provider_id"] else None
    )
    contract["provider"] = org_provider(provider) if provider is not None else award_provider
    return contract


def _has_related(obj, name: str) -> bool:
    try:
        return getattr(obj, name) is not None
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist and friends
        return False
