"""The OCDS 1.1.5 ``contracts[]`` entry of a process, from the contract's public facts
(``lentera.contracts.published.contract_public_facts``, passed through ``lentera.opendata.sources``).

Like the rest of the builder this touches no database. The mapping (docs/opendata.md, "Contracting"):

* ``status`` from the contract's state (codes.CONTRACT_STATE_STATUS), ``value`` the value in force,
  ``period`` the planned start and end in force, ``dateSigned``;
* ``amendments[]``: one per adendum (date, rationale = the justification, description with the value and the
  end date before and after); ``amendsReleaseID`` / ``releaseID`` are added by the publisher, which knows the
  releases (services._link_amendments);
* ``implementation.transactions[]``: the advance (uang muka) and each paid termin (net amount, payment date),
  paid by the buyer to the supplier;
* ``implementation.milestones[]`` (once the work has started): the SPMK / Surat Pesanan (``approval``, met on
  its date), the handover due at the end of the period (``delivery``: met once handed over, not met when the end has passed as of the release
  date or the contract ended early, else scheduled), and the final handover (FHO) once the first one is done;
* ``documents[]``: the signed contract's files as metadata only (no URL: the files are not public);
* ``description``: the contract type (jenis kontrak, Perpres 16/2018 Pasal 27) and, for a multi-year contract,
  its value per fiscal year (OCDS 1.1.5 has no field for either: :func:`terms_description`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lentera.core.calendar import local_date
from lentera.core.money import format_rupiah

from . import codes

HANDED_OVER = frozenset({"HANDED_OVER", "COMPLETED"})
ENDED_EARLY = frozenset({"TERMINATED", "STOPPED"})


def _day(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "–"


def amendment_description(a: dict[str, Any]) -> str:
    """The public description of an adendum: its number and kind, value and end date before and after."""
    return (
        f"Adendum ke-{a['sequence']} ({a['number']}), {a['kind_label']}: nilai kontrak "
        f"{format_rupiah(a['value_before'])} menjadi {format_rupiah(a['value_after'])}; akhir pelaksanaan "
        f"{_day(a['end_before'])} menjadi {_day(a['end_after'])}."
    )


def handover_status(contract: dict[str, Any], on: dt.date) -> str:
    """milestoneStatus of the handover due at the end of the period, as of the day ``on``."""
    state = contract.get("state", "")
    if state in HANDED_OVER:
        return "met"
    if state in ENDED_EARLY:
        return "notMet"
    end = (contract.get("period") or (None, None))[1]
    if end is not None and on > end:
        return "notMet"
    return "scheduled"


def _milestones(contract: dict[str, Any], *, on: dt.date, iso) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    order = contract.get("start_order")
    if order:
        out.append(
            {
                "id": str(order["id"]),
                "title": f"{order['kind_label']} {order['number']}",
                "type": "approval",
                "description": f"Mulai kerja {_day(order['start_on'])}",
                "code": order["kind"],
                "dueDate": iso(order["start_on"]),
                "dateMet": iso(order["issued_on"]),
                "status": "met",
            }
        )
    if contract.get("state") == "SIGNED" and not order:
        return out  # nothing is implemented before the work starts
    handover = contract.get("handover") or {}
    end = (contract.get("period") or (None, None))[1]
    status = handover_status(contract, on)
    not_met_since = None
    if status == "notMet" and contract.get("state") not in ENDED_EARLY and end is not None:
        not_met_since = iso(end + dt.timedelta(days=1))  # fixed: the first day past the end (idempotent)
    ending = contract.get("ending") or {}
    out.append(
        {
            "id": f"{contract['id']}-handover",
            "title": "Serah terima pekerjaan (PHO / BAST)",
            "type": "delivery",
            "code": "HANDOVER",
            "dueDate": iso(end),
            "dateMet": iso(handover.get("handover")) if status == "met" else None,
            "dateModified": not_met_since or (iso(ending.get("date")) if ending else None),
            "status": status,
        }
    )
    if contract.get("state") in HANDED_OVER:
        final = contract.get("state") == "COMPLETED"
        out.append(
            {
                "id": f"{contract['id']}-final-handover",
                "title": "Serah terima akhir (FHO)",
                "type": "delivery",
                "code": "FINAL_HANDOVER",
                "dateMet": iso(handover.get("final_handover")) if final else None,
                "status": "met" if final else "scheduled",
            }
        )
    return out


def _transactions(contract: dict[str, Any], *, money, iso, payer, payee) -> list[dict[str, Any]]:
    out = []
    advance = contract.get("advance")
    if advance:
        out.append(
            {
                "id": str(advance["id"]),
                "date": iso(advance["paid_on"]),
                "value": money(advance["amount"]),
                "payer": payer,
                "payee": payee,
            }
        )
    for p in contract.get("payments", []):
        out.append(
            {
                "id": str(p["id"]),
                "date": iso(p["paid_on"]),
                "value": money(p["net"]),
                "payer": payer,
                "payee": payee,
            }
        )
    return out


def terms_description(contract: dict[str, Any]) -> str | None:
    """'Jenis kontrak: Lumsum. Kontrak tahun jamak: 2026 Rp.., 2027 Rp..' (None when the type is not
    recorded and the contract is single-year)."""
    parts = []
    if contract.get("contract_type_label"):
        parts.append(f"Jenis kontrak: {contract['contract_type_label']}.")
    if contract.get("multi_year"):
        split = ", ".join(f"{year} {format_rupiah(amount)}" for year, amount in contract.get("years", []))
        parts.append(f"Kontrak tahun jamak: {split}." if split else "Kontrak tahun jamak.")
    return " ".join(parts) or None


def contract_entry(
    contract: dict[str, Any],
    *,
    award_id: str,
    title: str | None,
    release_date: dt.datetime,
    parties,
    buyer: dict[str, Any] | None,
    money,
    iso,
    period,
    language: str,
) -> dict[str, Any]:
    """One ``contracts[]`` entry (not pruned: the caller prunes the release)."""
    supplier = contract.get("provider")
    has_transactions = bool(contract.get("advance") or contract.get("payments"))
    payer = parties.add(buyer, "payer") if (buyer and has_transactions) else None
    payee = parties.add(supplier, "payee") if (supplier and has_transactions) else None
    on = local_date(release_date)
    return {
        "id": str(contract["id"]),
        "awardID": award_id,
        "title": contract.get("number") or title,
        "description": terms_description(contract),
        "status": codes.CONTRACT_STATE_STATUS.get(contract.get("state", ""), "active"),
        "value": money(contract.get("value")),
        "dateSigned": iso(contract.get("date_signed")),
        "period": period(contract.get("period")),
        "documents": [
            {
                "id": str(d["id"]),
                "documentType": "contractSigned",
                "title": d.get("title"),
                "datePublished": iso(d.get("date")),
                "format": d.get("format"),
                "language": language,
            }
            for d in contract.get("documents", [])
        ],
        "amendments": [
            {
                "id": str(a["id"]),
                "date": iso(a.get("date")),
                "rationale": a.get("rationale"),
                "description": a.get("description") or amendment_description(a),
            }
            for a in contract.get("amendments", [])
        ],
        "implementation": {
            "transactions": _transactions(contract, money=money, iso=iso, payer=payer, payee=payee),
            "milestones": _milestones(contract, on=on, iso=iso),
        },
    }
