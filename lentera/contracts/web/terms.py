"""Contract page: the PPK records the contract's type and its split per fiscal year, uploads the scan of the
signed contract; the parties and the readers download the contract's documents. Thin: one service call per POST
(closing._contract_action), reads through terms_selectors."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role

from .. import services, terms_selectors
from ..models import Contract
from . import forms
from .closing import PARTIES_AND_READERS, _contract_action


def page_context(contract: Contract) -> dict[str, Any]:
    """The terms part of the contract page: the facts, and the forms prefilled with what is recorded."""
    page = terms_selectors.terms_page(contract)
    initial: dict[str, Any] = {"contract_type": contract.contract_type, "multi_year": contract.multi_year}
    for i, y in enumerate(page["years"][: forms.YEAR_ROWS], start=1):
        initial |= {f"year_{i}": y.year, f"amount_{i}": y.amount}
    return page | {
        "terms_form": forms.TermsForm(auto_id="terms-%s", initial=initial),
        "scan_form": forms.SignedScanForm(auto_id="scan-%s"),
    }


terms = require_POST(
    access(Role.PPK, scope="the package's PPK, signed or running contract")(
        _contract_action(
            forms.TermsForm,
            services.contract_terms_record,
            gettext_lazy("Jenis kontrak dan pembagian tahun anggaran dicatat."),
        )
    )
)
signed_scan = require_POST(
    access(Role.PPK, scope="the package's PPK, signed or running contract")(
        _contract_action(
            forms.SignedScanForm,
            services.signed_scan_upload,
            gettext_lazy("Pindaian kontrak diunggah; sidik SHA-256 tercatat."),
            files=True,
        )
    )
)


@access(*PARTIES_AND_READERS, scope="the package's PPK, the contract's provider; auditors read")
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    doc = terms_selectors.document_or_404(user=request.user, role=request.acting_role, pk=pk)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)
