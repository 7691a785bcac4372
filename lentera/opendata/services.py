"""Publishing OCDS releases: `release_publish` (called by other apps after commit) and `opendata_sync` (the
reconciliation that finds public events without a release and publishes them; idempotent).

Publication order: `_lock_publication` takes a lock that is held until the transaction commits (a PostgreSQL
transaction-level advisory lock; SQLite's IMMEDIATE transactions already serialise writers), and the next
sequence number is read under it. So a release with sequence N+1 cannot exist before the release with sequence
N has committed, and a feed reader paging by sequence never skips one (docs/opendata.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from lentera.core import events
from lentera.core.clock import db_now

from . import sources
from .models import Release
from .ocds import build

log = logging.getLogger(__name__)

_LOCK_KEY = 0x4F434453  # "OCDS"

#: kinds accepted by `release_publish`
RUP_KINDS = {"rup", "planning"}
PROCESS_KINDS = {"tender", "award", "contract", "objection", "offer", "schedule", "document"}


def ocid_prefix() -> str:
    return settings.LENTERA_OCID_PREFIX


def ocid_for(code: str) -> str:
    return build.ocid_for(ocid_prefix(), code)


def _lock_publication() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _digest(value: Any) -> str:
    raw = json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


_LINKS = ("amendsReleaseID", "releaseID")


def _contract_parts(contract: dict[str, Any]) -> dict[str, Any]:
    """A contract split the way the tags see it: its core terms, its amendments (without the release links the
    publisher adds), its implementation, its status."""
    core = {k: v for k, v in contract.items() if k not in ("amendments", "implementation", "status")}
    amendments = [{k: v for k, v in a.items() if k not in _LINKS} for a in contract.get("amendments", [])]
    return {
        "core": core,
        "amendments": amendments,
        "implementation": contract.get("implementation"),
        "status": contract.get("status"),
    }


def _sections(release: dict[str, Any]) -> dict[str, str]:
    tender = dict(release.get("tender", {}))
    tender.pop("tenderers", None)
    tender.pop("numberOfTenderers", None)
    parts = [_contract_parts(c) for c in release.get("contracts", [])]
    return {
        "tender": _digest([release.get("planning"), release.get("buyer"), tender]),
        "bids": _digest([release.get("bids"), release.get("tender", {}).get("tenderers")]),
        "awards": _digest(release.get("awards")),
        "contracts": _digest([p["core"] for p in parts]),
        "amendments": _digest([p["amendments"] for p in parts]),
        "implementation": _digest([p["implementation"] for p in parts]),
        "status": _digest([p["status"] for p in parts]),
    }


def _terminated(release: dict[str, Any]) -> bool:
    return any(c.get("status") == "terminated" for c in release.get("contracts", []))


def _has_implementation(release: dict[str, Any]) -> bool:
    return any(c.get("implementation") for c in release.get("contracts", []))


def _contract_tags(previous: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """The contracting tags (releaseTag codelist) of a new snapshot compared with the previous one:

    * ``contract``: the contract appears (signed);
    * ``contractAmendment``: an adendum was added or changed (its value and period changes included);
    * ``contractUpdate``: other changes of the contract's terms or status;
    * ``implementation`` the first time there is implementation data (the SPMK, a payment), then
      ``implementationUpdate`` (each payment, the handover);
    * ``contractTermination``: the contract came to a close (status ``terminated``: completed after the final
      handover, terminated or stopped).
    """
    if not new.get("contracts"):
        return []
    if not previous or not previous.get("contracts"):
        tags = ["contract"]
        if _has_implementation(new):
            tags.append("implementation")
        if _terminated(new):
            tags.append("contractTermination")
        return tags
    old_s, new_s = _sections(previous), _sections(new)
    tags = []
    if old_s["amendments"] != new_s["amendments"]:
        tags.append("contractAmendment")
    elif old_s["contracts"] != new_s["contracts"]:
        tags.append("contractUpdate")
    if old_s["implementation"] != new_s["implementation"]:
        tags.append("implementationUpdate" if _has_implementation(previous) else "implementation")
    if old_s["status"] != new_s["status"]:
        if _terminated(new) and not _terminated(previous):
            tags.append("contractTermination")
        elif not tags:
            tags.append("contractUpdate")
    return tags


def _link_amendments(previous: dict[str, Any] | None, data: dict[str, Any]) -> dict[str, Any]:
    """Each amendment's ``amendsReleaseID`` (the release in force before it: the process's previous release) and
    ``releaseID`` (the release that first published it); amendments already published keep their links."""
    known: dict[str, dict[str, Any]] = {}
    for contract in (previous or {}).get("contracts", []):
        for a in contract.get("amendments", []):
            known[str(a.get("id"))] = {k: a[k] for k in _LINKS if k in a}
    for contract in data.get("contracts", []):
        for a in contract.get("amendments", []):
            links = known.get(str(a.get("id")))
            if links is None:
                links = {"releaseID": data["id"]}
                if previous is not None:
                    links["amendsReleaseID"] = previous["id"]
            a.update(links)
    return data


def _tags_for_process(previous: dict[str, Any] | None, new: dict[str, Any]) -> tuple[list[str], str]:
    """Tags (releaseTag codelist) and kind of a new snapshot compared with the previous one."""
    contract_tags = _contract_tags(previous, new)
    if previous is None:
        tags: list[str] = ["tender"]
        if new.get("tender", {}).get("status") == "cancelled":
            tags = ["tender", "tenderCancellation"]
        if new.get("awards"):
            tags.append("award")
        tags += contract_tags
        kind = "contract" if new.get("contracts") else "award" if new.get("awards") else "tender"
        return tags, kind
    old_s, new_s = _sections(previous), _sections(new)
    tags = []
    kind = "tender"
    if old_s["tender"] != new_s["tender"] or old_s["bids"] != new_s["bids"]:
        was_cancelled = previous.get("tender", {}).get("status") == "cancelled"
        if new.get("tender", {}).get("status") == "cancelled" and not was_cancelled:
            tags.append("tenderCancellation")
        else:
            tags.append("tenderUpdate")
    if old_s["awards"] != new_s["awards"]:
        tags.append("awardUpdate" if previous.get("awards") else "award")
        kind = "award"
    if contract_tags:
        tags += contract_tags
        kind = "contract"
    return tags, kind


def _strip(release: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in release.items() if k not in ("id", "date", "tag")}


@transaction.atomic
def _emit(*, ocid: str, fiscal_year: int, source: str, make, tagger, finish=None) -> Release | None:
    """Publish a release for `ocid` if its public content changed since the last one (under the lock).
    ``finish(previous, data)`` completes the release with what only the publisher knows (release links); it
    is not part of the compared content."""
    _lock_publication()
    last = Release.objects.filter(ocid=ocid).order_by("-seq").only("seq", "data", "digest").first()
    now = db_now()
    draft = make(release_id="pending", date=now, tags=["tender"])
    body_digest = _digest(_strip(draft))
    if last is not None and last.digest == body_digest:
        return None
    tags, kind = tagger(last.data if last else None, draft)
    if not tags:
        return None
    count = Release.objects.filter(ocid=ocid).count()
    release_id = f"{ocid}-{count + 1:04d}"
    data = make(release_id=release_id, date=now, tags=tags)
    if finish is not None:
        data = finish(last.data if last else None, data)
    top = Release.objects.aggregate(top=models.Max("seq"))["top"] or 0
    return Release.objects.create(
        seq=top + 1,
        ocid=ocid,
        release_id=release_id,
        kind=kind,
        tags=tags,
        date=now,
        fiscal_year=fiscal_year,
        data=data,
        digest=body_digest,
        source=source,
        published_at=now,
    )


def _publish_rup(item) -> Release | None:
    facts = sources.rup_facts(item)
    if facts is None:
        return None
    ocid = ocid_for(item.code)

    def make(*, release_id, date, tags):
        return build.planning_release(facts, ocid=ocid, release_id=release_id, date=date, tags=tags)

    def tagger(previous, new):
        return (["planningUpdate"] if previous else ["planning"]), "planning"

    return _emit(
        ocid=ocid,
        fiscal_year=item.fiscal_year,
        source=f"planning.rupitem:{item.pk}",
        make=make,
        tagger=tagger,
    )


def _publish_process(tender) -> Release | None:
    facts = sources.tender_facts(tender)
    if facts is None:
        return None
    ocid = ocid_for(tender.code)

    def make(*, release_id, date, tags):
        return build.process_release(
            facts, ocid=ocid, release_id=release_id, date=date, tags=tags, rup_ocid_prefix=ocid_prefix()
        )

    release = _emit(
        ocid=ocid,
        fiscal_year=facts["fiscal_year"],
        source=f"tendering.tender:{tender.pk}",
        make=make,
        tagger=_tags_for_process,
        finish=_link_amendments,
    )
    if release is not None:
        # The public tender table follows each new release, in the same transaction (a projection of this one).
        events.record("opendata.process.published", obj=tender, payload={"ocid": ocid}, immediate=True)
    return release


def _tender_of(obj):
    """The tender a tendering object belongs to (Tender itself, or anything with a `tender` attribute)."""
    Tender = sources.tender_model()
    if Tender is not None and isinstance(obj, Tender):
        return obj
    tender = getattr(obj, "tender", None)
    if tender is None and hasattr(obj, "offer"):
        tender = obj.offer.tender
    return tender


def publish_or_raise(*, kind: str, obj: Any) -> Release | None:
    """Like :func:`release_publish`, but a failure raises (for event subscribers: the event stays pending and is
    retried)."""
    if kind in RUP_KINDS:
        return _publish_rup(obj)
    if kind in PROCESS_KINDS:
        tender = _tender_of(obj)
        return _publish_process(tender) if tender is not None else None
    raise ValueError(f"unknown release kind: {kind}")


def release_publish(*, kind: str, obj: Any) -> Release | None:
    """Publish the OCDS release of a public event, if its public content changed.

    Call it after the event's transaction commits (`transaction.on_commit(lambda: release_publish(...))`):
    ``kind`` is "rup" (obj: RupItem), or "tender", "award", "contract" (obj: the Tender, or any tendering object
    with a ``tender``). Returns the new Release, or None when nothing public changed. Idempotent.
    Never raises into the caller's request: a failure is logged and left to `opendata_sync` to repair.
    """
    try:
        return publish_or_raise(kind=kind, obj=obj)
    except ValueError:
        raise
    except Exception:  # noqa: BLE001 - publication is repaired by opendata_sync
        log.exception("release_publish(kind=%s, obj=%r) failed; opendata_sync will repair it", kind, obj)
        return None


def opendata_sync(*, stdout=None) -> dict[str, int]:
    """Reconcile: publish every public event that has no (or an outdated) release; refresh the public table.

    Idempotent: a second run publishes nothing. Run by `manage.py opendata_sync` and by the demo loader.
    """
    counts = {"rup": 0, "process": 0, "checked": 0}
    for item in sources.announced_rup_items().iterator(chunk_size=500):
        counts["checked"] += 1
        if _publish_rup(item) is not None:
            counts["rup"] += 1
    for tender in sources.announced_tenders():
        counts["checked"] += 1
        if _publish_process(tender) is not None:
            counts["process"] += 1
    return counts
