"""Contract pages for keadaan kahar, the warning letters, the grace decision, the guarantee's extension and the
termination (the PPK acts; the provider sees them on its contract page). Thin: one service call per POST through
core.webactions.run_action, then the contract page again with the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action
from lentera.providers.services.sanctions import BLACKLIST_ENTRY_ROLES
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import selectors, services
from . import forms

PARTIES_AND_READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))
BLACKLIST_DECIDERS = frozenset(BLACKLIST_ENTRY_ROLES)


def page_context(contract: Any) -> dict[str, Any]:
    """The closing part of the contract page: the facts and the empty forms."""
    return selectors.closing_page(contract) | {
        "force_majeure_form": forms.ForceMajeureForm(auto_id="kahar-%s"),
        "warning_form": forms.WarningForm(auto_id="warn-%s"),
        "grace_form": forms.GraceForm(auto_id="grace-%s"),
        "guarantee_extend_form": forms.GuaranteeExtendForm(auto_id="extend-%s"),
        "termination_form": forms.TerminationForm(auto_id="terminate-%s"),
        # who decides a termination's blacklist proposal (providers' blacklist page)
        "blacklist_deciders": BLACKLIST_DECIDERS,
    }


def _contract_action(
    form_class: type[django_forms.Form], service: Callable[..., Any], success: Any, *, files: bool = False
) -> Callable[..., HttpResponse]:
    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
        back = reverse("contracts:detail", args=[contract.pk])
        form = form_class(request.POST, request.FILES if files else None)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
            return redirect(back)
        call = lambda: service(actor=request.user, contract=contract, **form.cleaned_data)  # noqa: E731
        return run_action(request, call, success=str(success), back=back)

    return view


force_majeure = require_POST(
    access(Role.PPK, scope="the package's PPK, contract in progress")(
        _contract_action(
            forms.ForceMajeureForm,
            services.force_majeure_record,
            gettext_lazy("Keadaan kahar dicatat."),
            files=True,
        )
    )
)
warn = require_POST(
    access(Role.PPK, scope="the package's PPK, contract in progress")(
        _contract_action(
            forms.WarningForm, services.warning_issue, gettext_lazy("Surat teguran diterbitkan.")
        )
    )
)
grace = require_POST(
    access(Role.PPK, scope="the package's PPK, contract past its end")(
        _contract_action(
            forms.GraceForm, services.grace_decide, gettext_lazy("Keputusan pemberian kesempatan dicatat.")
        )
    )
)
guarantee_extend = require_POST(
    access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the contract's provider")(
        _contract_action(
            forms.GuaranteeExtendForm,
            services.guarantee_extend,
            gettext_lazy("Perpanjangan jaminan dicatat."),
        )
    )
)
terminate = require_POST(
    access(Role.PPK, scope="the package's PPK, signed or running contract")(
        _contract_action(forms.TerminationForm, services.contract_terminate, gettext_lazy("Kontrak diputus."))
    )
)


@access(*PARTIES_AND_READERS, scope="the package's PPK, the contract's provider; auditors read")
def force_majeure_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    record = selectors.force_majeure_or_404(user=request.user, role=request.acting_role, pk=pk)
    return FileResponse(
        record.evidence.open("rb"),
        content_type=record.evidence_type,
        as_attachment=True,
        filename=record.evidence_name,
    )
