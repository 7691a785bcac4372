"""The audit chain's entries page (#12 1.9): one page of entries from lentera.core.audit_public, each public
entry linked to the public page of its object where the portal has one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.urls import reverse

from lentera.core import audit, audit_public

from .models import PublicTender

PAGE_SIZE = 50


def _tender_ids_of(object_type: str, object_ids: set[str]) -> dict[str, int]:
    """object id -> tender pk, for a model with a ``tender`` field (winner decision, award letter, contract,
    objection ...)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    if not any(f.name == "tender" for f in model._meta.get_fields()):
        return {}
    pks = [int(i) for i in object_ids if i.isdigit()]
    return {
        str(pk): tender
        for pk, tender in model._default_manager.filter(pk__in=pks).values_list("pk", "tender")
    }


def object_links(rows: list[dict[str, Any]]) -> dict[int, str]:
    """seq -> the public page of a public entry's object: the RUP item, or the tender (announced ones only)."""
    links: dict[int, str] = {}
    tender_pk: dict[int, int] = {}
    tender_code: dict[int, str] = {}
    by_type: dict[str, dict[int, str]] = {}
    for row in rows:
        body = row["body"]
        if not body:
            continue
        seq, after = row["seq"], body.get("after") if isinstance(body.get("after"), dict) else {}
        object_type, object_id = body.get("object_type", ""), str(body.get("object_id", ""))
        if object_type == "planning.rupitem" and after.get("code"):
            links[seq] = reverse("public:rup_detail", args=[after["code"]])
        elif object_type == "tendering.tender" and object_id.isdigit():
            tender_pk[seq] = int(object_id)
        elif isinstance(after.get("tender"), str):
            tender_code[seq] = after["tender"]
        elif object_type and object_id:
            by_type.setdefault(object_type, {})[seq] = object_id
    for object_type, seqs in by_type.items():
        found = _tender_ids_of(object_type, set(seqs.values()))
        tender_pk.update({seq: found[oid] for seq, oid in seqs.items() if oid in found})
    codes_by_pk = dict(
        PublicTender.objects.filter(tender_pk__in=set(tender_pk.values())).values_list("tender_pk", "code")
    )
    known = set(
        PublicTender.objects.filter(code__in=set(tender_code.values())).values_list("code", flat=True)
    )
    tender_code.update({seq: codes_by_pk[pk] for seq, pk in tender_pk.items() if pk in codes_by_pk})
    for seq, code in tender_code.items():
        if code in known or code in codes_by_pk.values():
            links[seq] = reverse("public:tender_detail", args=[code])
    return links


def page(*, after_seq: int | None) -> dict[str, Any]:
    """What the entries page shows: a keyset page of entries after ``after_seq``, links, and the head."""
    after = max(0, after_seq or 0)
    rows = audit_public.entries(after_seq=after, limit=PAGE_SIZE)
    links = object_links(rows)
    for row in rows:
        row["at"] = dt.datetime.fromisoformat(row["occurred_at"])
        row["link"] = links.get(row["seq"])
        row["action"] = (row["body"] or {}).get("action", "")
    head = audit.head()
    last = rows[-1]["seq"] if rows else after
    return {
        "rows": rows,
        "head": head,
        "after": after,
        "next_after": last if last < head["seq"] else None,
        "newest_after": max(0, head["seq"] - PAGE_SIZE),
    }
