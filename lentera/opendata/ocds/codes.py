"""Mappings from Lentera's codes to the OCDS 1.1.5 codelists (closed codelists: values must be exact)."""

from __future__ import annotations

#: Method -> tender.procurementMethod (method.csv: open, selective, limited, direct).
#: Tender and Tender Cepat are open to every registered provider; Seleksi (consultants) shortlists qualified
#: providers; Penunjukan Langsung and Pengadaan Darurat invite chosen providers; Pengadaan Langsung and
#: e-Purchasing buy directly from one provider; Swakelola has no competition.
PROCUREMENT_METHOD = {
    "TENDER": "open",
    "TENDER_CEPAT": "open",
    "SELEKSI": "selective",
    "PENUNJUKAN_LANGSUNG": "limited",
    "DARURAT": "limited",
    "PENGADAAN_LANGSUNG": "direct",
    "E_PURCHASING": "direct",
    "SWAKELOLA": "direct",
}

#: ProcurementType -> tender.mainProcurementCategory (procurementCategory.csv: goods, works, services).
MAIN_CATEGORY = {
    "GOODS": "goods",
    "WORKS": "works",
    "CONSULTANCY": "services",
    "OTHER_SERVICES": "services",
}

#: ProcurementType -> tender.additionalProcurementCategories (extendedProcurementCategory.csv, open).
ADDITIONAL_CATEGORY = {"CONSULTANCY": ["consultingServices"]}

#: Lentera's public stage -> tender.status (tenderStatus.csv).
TENDER_STATUS = {
    "planned": "planned",
    "announced": "active",
    "in_progress": "active",
    "evaluation": "active",
    "awarded": "complete",
    "contracted": "complete",
    "cancelled": "cancelled",
    "failed": "unsuccessful",
}

AWARD_STATUS = {
    "pending": "pending",
    "active": "active",
    "cancelled": "cancelled",
    "unsuccessful": "unsuccessful",
}
CONTRACT_STATUS = {
    "pending": "pending",
    "active": "active",
    "cancelled": "cancelled",
    "terminated": "terminated",
}

#: Bid evaluation outcome -> bids.details.status (bidStatus.csv of the bids extension).
#: Contract state (lentera.contracts.states.ContractState) -> contracts.status (contractStatus.csv). A draft is
#: not published; a contract handed over is still in force (maintenance period); completed, terminated and
#: stopped contracts have come to a close ("terminated"); cancelled before signing: "cancelled".
CONTRACT_STATE_STATUS = {
    "DRAFT": "pending",
    "SIGNED": "active",
    "IN_PROGRESS": "active",
    "HANDED_OVER": "active",
    "COMPLETED": "terminated",
    "TERMINATED": "terminated",
    "STOPPED": "terminated",
    "CANCELLED": "cancelled",
}

BID_STATUS = {
    "pending": "pending",
    "valid": "valid",
    "disqualified": "disqualified",
    "withdrawn": "withdrawn",
}

#: Evaluation method -> tender.awardCriteria (awardCriteria.csv, open codelist).
AWARD_CRITERIA = {
    "HARGA_TERENDAH": "priceOnly",
    "SISTEM_NILAI": "ratedCriteria",
    "UMUR_EKONOMIS": "costOnly",
    "KUALITAS": "qualityOnly",
    "KUALITAS_BIAYA": "ratedCriteria",
}

OPEN_METHODS = frozenset(code for code, ocds in PROCUREMENT_METHOD.items() if ocds == "open")
