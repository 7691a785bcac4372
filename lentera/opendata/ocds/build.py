"""Build OCDS 1.1.5 releases from *public facts*: plain dicts made by `lentera.opendata.sources`.

Nothing here touches the database, so every rule about what is public lives in one place (the adapter) and the
shape of the output is easy to test. Sealed data never reaches these functions before the opening: the adapter
leaves ``bids`` empty until then.

Facts of a tender process (keys used here; missing keys are simply not published)::

    code, title, description, fiscal_year, method, procurement_type, funding_source, location, pagu, hps,
    stage, announced_at, updated_at, tender_period=(start, end), enquiry_period=(start, end),
    award_period=(start, end), award_criteria, rup_codes=[...], documents=[{id, title, url, type, date}],
    buyer={id, name, agency_name}, procuring_entity={id, name},
    opened (bool), bids=[{id, provider={id, name}, value, status, date}],
    award={id, provider={id, name}, value, date, status, bid_id} | None,
    contract=lentera.contracts.published.contract_public_facts(...) + provider | None
             (shaped by ocds/contracting.py)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from . import codes, contracting

BIDS_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
)
LANGUAGE = "id"
CURRENCY = "IDR"


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """An RFC 3339 date-time (dates become midnight in Asia/Jakarta, +07:00)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00+07:00"


def amount(value: Any) -> int | float | None:
    if value is None or value == "":
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def money(value: Any) -> dict[str, Any] | None:
    number = amount(value)
    return None if number is None else {"amount": number, "currency": CURRENCY}


def period(pair: tuple | list | None) -> dict[str, Any] | None:
    if not pair:
        return None
    out = {k: iso(v) for k, v in zip(("startDate", "endDate"), pair, strict=False) if v is not None}
    return out or None


def _prune(value: Any) -> Any:
    """Drop None, empty strings, empty lists and empty objects (OCDS: omit rather than publish empties)."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [_prune(v) for v in value]
        return [v for v in items if v not in (None, "", [], {})]
    return value


def ocid_for(prefix: str, code: str) -> str:
    return f"{prefix}-{code}"


class _Parties:
    """Collects parties (one entry per id, roles merged) and returns organization references."""

    def __init__(self) -> None:
        self._by_id: dict[str, dict[str, Any]] = {}

    def add(self, org: dict[str, Any] | None, role: str) -> dict[str, str] | None:
        if not org or not org.get("id"):
            return None
        party = self._by_id.setdefault(
            str(org["id"]), {"id": str(org["id"]), "name": org.get("name", ""), "roles": []}
        )
        if org.get("address"):
            party["address"] = org["address"]
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], "name": party["name"]}

    def as_list(self) -> list[dict[str, Any]]:
        return list(self._by_id.values())


def _base(ocid: str, release_id: str, date: dt.datetime, tags: list[str]) -> dict[str, Any]:
    return {
        "ocid": ocid,
        "id": release_id,
        "date": iso(date),
        "tag": tags,
        "initiationType": "tender",
        "language": LANGUAGE,
    }


def planning_release(
    facts: dict[str, Any], *, ocid: str, release_id: str, date: dt.datetime, tags: list[str]
) -> dict[str, Any]:
    """A RUP item announced (tag planning) or revised (planningUpdate)."""
    parties = _Parties()
    buyer = parties.add(facts.get("buyer"), "buyer")
    release = _base(ocid, release_id, date, tags)
    release["buyer"] = buyer
    release["planning"] = {
        "rationale": facts.get("rationale"),
        "budget": {
            "id": facts["code"],
            "description": facts.get("funding_source_label") or facts.get("funding_source"),
            "amount": money(facts.get("pagu")),
            "project": facts.get("title"),
            "projectID": facts["code"],
        },
    }
    release["tender"] = {
        "id": facts["code"],
        "title": facts.get("title"),
        "status": "planned",
        "procurementMethod": codes.PROCUREMENT_METHOD.get(facts.get("method", "")),
        "procurementMethodDetails": facts.get("method_label"),
        "mainProcurementCategory": codes.MAIN_CATEGORY.get(facts.get("procurement_type", "")),
        "additionalProcurementCategories": codes.ADDITIONAL_CATEGORY.get(facts.get("procurement_type", "")),
        "value": money(facts.get("pagu")),
        "contractPeriod": period((facts.get("planned_start"), facts.get("planned_end"))),
        "items": _location_items(facts),
    }
    release["parties"] = parties.as_list()
    return _prune(release)


def _location_items(facts: dict[str, Any]) -> list[dict[str, Any]]:
    if not facts.get("location"):
        return []
    return [
        {"id": "1", "description": facts.get("title"), "deliveryAddress": {"locality": facts["location"]}}
    ]


def process_release(
    facts: dict[str, Any],
    *,
    ocid: str,
    release_id: str,
    date: dt.datetime,
    tags: list[str],
    rup_ocid_prefix: str,
) -> dict[str, Any]:
    """A snapshot of a tender process as known at `date`: tender, bids (after opening), award, contract.

    Every release repeats the public state (a snapshot, not a diff); the tags say which event caused it.
    """
    parties = _Parties()
    buyer = parties.add(facts.get("buyer"), "buyer")
    procuring = parties.add(facts.get("procuring_entity"), "procuringEntity")
    release = _base(ocid, release_id, date, tags)
    release["buyer"] = buyer
    release["planning"] = {
        "budget": {
            "description": facts.get("funding_source_label") or facts.get("funding_source"),
            "amount": money(facts.get("pagu")),
        }
    }
    stage = facts.get("stage", "")
    tender: dict[str, Any] = {
        "id": facts["code"],
        "title": facts.get("title"),
        "description": facts.get("description"),
        "status": codes.TENDER_STATUS.get(stage, "active"),
        "procuringEntity": procuring,
        "value": money(facts.get("hps")),
        "procurementMethod": codes.PROCUREMENT_METHOD.get(facts.get("method", "")),
        "procurementMethodDetails": facts.get("method_label"),
        "mainProcurementCategory": codes.MAIN_CATEGORY.get(facts.get("procurement_type", "")),
        "additionalProcurementCategories": codes.ADDITIONAL_CATEGORY.get(facts.get("procurement_type", "")),
        "awardCriteria": codes.AWARD_CRITERIA.get(facts.get("award_criteria") or ""),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": period(facts.get("tender_period")),
        "enquiryPeriod": period(facts.get("enquiry_period")),
        "awardPeriod": period(facts.get("award_period")),
        "hasEnquiries": bool(facts.get("has_enquiries")) if "has_enquiries" in facts else None,
        "documents": [_document(d) for d in facts.get("documents", [])],
        "items": _location_items(facts),
    }
    if facts.get("opened"):
        bids = facts.get("bids", [])
        tenderers = []
        for bid in bids:
            ref = parties.add(bid.get("provider"), "tenderer")
            if ref and ref not in tenderers:
                tenderers.append(ref)
        tender["tenderers"] = tenderers
        tender["numberOfTenderers"] = len(tenderers)
        release["bids"] = _bids(facts, parties)
    release["tender"] = tender
    award = facts.get("award")
    if award:
        supplier = parties.add(award.get("provider"), "supplier")
        release["awards"] = [
            {
                "id": str(award["id"]),
                "title": facts.get("title"),
                "status": codes.AWARD_STATUS.get(award.get("status", "active"), "active"),
                "date": iso(award.get("date")),
                "value": money(award.get("value")),
                "suppliers": [supplier] if supplier else [],
                "relatedBid": str(award["bid_id"]) if award.get("bid_id") else None,
            }
        ]
    contract = facts.get("contract")
    if contract and award:
        release["contracts"] = [
            contracting.contract_entry(
                contract,
                award_id=str(award["id"]),
                title=facts.get("title"),
                release_date=date,
                parties=parties,
                buyer=facts.get("buyer"),
                money=money,
                iso=iso,
                period=period,
                language=LANGUAGE,
            )
        ]
    release["relatedProcesses"] = [
        {
            "id": f"rup-{code}",
            "relationship": ["planning"],
            "title": code,
            "scheme": "ocid",
            "identifier": ocid_for(rup_ocid_prefix, code),
        }
        for code in facts.get("rup_codes", [])
    ]
    release["parties"] = parties.as_list()
    return _prune(release)


def _document(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(doc["id"]),
        "documentType": doc.get("type"),
        "title": doc.get("title"),
        "url": doc.get("url"),
        "datePublished": iso(doc.get("date")),
        "format": doc.get("format"),
        "language": LANGUAGE,
    }


def _bids(facts: dict[str, Any], parties: _Parties) -> dict[str, Any]:
    """Bid statistics and details (bids extension); only called once the bids are opened."""
    bids = facts.get("bids", [])
    details = []
    for bid in bids:
        ref = parties.add(bid.get("provider"), "tenderer")
        details.append(
            {
                "id": str(bid["id"]),
                "date": iso(bid.get("date")),
                "status": codes.BID_STATUS.get(bid.get("status", "pending"), "pending"),
                "tenderers": [ref] if ref else [],
                "value": money(bid.get("value")),
            }
        )
    valid = [b for b in bids if b.get("status") == "valid" and b.get("value") is not None]
    stats = [
        {"id": "bids", "measure": "bids", "value": len(bids)},
        {"id": "validBids", "measure": "validBids", "value": len(valid)},
        {
            "id": "disqualifiedBidders",
            "measure": "disqualifiedBidders",
            "value": sum(1 for b in bids if b.get("status") == "disqualified"),
        },
    ]
    if valid:
        values = [v for b in valid if (v := amount(b["value"])) is not None]
        stats.append(
            {"id": "lowest", "measure": "lowestValidBidValue", "value": min(values), "currency": CURRENCY}
        )
        stats.append(
            {"id": "highest", "measure": "highestValidBidValue", "value": max(values), "currency": CURRENCY}
        )
    return {"statistics": stats, "details": details}


def release_package(
    releases: list[dict[str, Any]], *, uri: str, published: dt.datetime, publisher: dict[str, Any]
) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": "1.1",
        "extensions": [BIDS_EXTENSION_URL],
        "publishedDate": iso(published),
        "publisher": publisher,
        "license": "https://opendatacommons.org/licenses/pddl/1.0/",
        "releases": releases,
    }
