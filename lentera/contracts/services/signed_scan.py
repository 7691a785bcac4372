"""The scan of the signed contract: the package's PPK uploads it once the contract is signed (Perpres 16/2018
Pasal 52). A PDF judged by its bytes (lentera.core.uploads), at most 20 MB, stored through Django's storage
(``STORAGES["default"]``: local files in development, S3 in a cluster) with its size and SHA-256, which the
audit event also carries so a paper copy can be matched to it. Each upload is kept; the newest is shown first."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, uploads
from lentera.core.clock import db_now
from lentera.tendering.services._base import sha256_of

from ..models import Contract, ContractDocument
from ..states import CONTRACT, Action
from ._base import checked_file, lock_contract, role_for, step


@transaction.atomic
def signed_scan_upload(*, actor: Any, contract: Contract, scan: Any) -> ContractDocument:
    """The PPK uploads the scan of the signed contract (signed or running contract; Perpres 16/2018 Pasal 52):
    a PDF by its content, at most 20 MB; kept with its SHA-256, recorded in the audit event."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.ATTACH_SIGNED, role=role)
    stored, _mime = checked_file(
        scan, allowed=uploads.PDF_ONLY, default="kontrak", missing=_("Pindaian kontrak wajib diunggah.")
    )
    doc = ContractDocument(
        contract=contract,
        kind=ContractDocument.Kind.SIGNED_SCAN,
        title=str(_("Pindaian kontrak %(n)s yang ditandatangani") % {"n": contract.number})[:200],
        original_name=(scan.name or stored)[:255],
        size=scan.size or 0,
        sha256=sha256_of(scan),
        uploaded_by=actor,
        uploaded_at=db_now(),
    )
    doc.file.save(stored, scan, save=False)
    doc.save()
    audit.record(
        actor=actor,
        action="contracts.signed_scan.upload",
        obj=contract,
        after={"document": doc.pk, "sha256": doc.sha256, "size": doc.size, "name": doc.original_name},
    )
    return doc
