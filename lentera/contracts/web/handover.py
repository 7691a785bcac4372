"""The end of the work on the contract page: the PPK's handover (BAST, PHO, then FHO), the rating and the
provider's response, the goods delivered (provider or PPK); and the staff page of a provider's rating history
(linked from the provider's archive page through providers' panel registry). Thin: selectors to read, one service
call per POST through core.webactions.run_action, then the contract page again with the result."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role

from .. import rules, selectors, services
from . import forms
from .lifecycle import _contract_back, _post

RATING_READERS = selectors.RATING_READERS
RATING_READERS = (
    Role.PPK,
    Role.POKJA,
    Role.PROCUREMENT_OFFICIAL,
    Role.KPA,
    Role.KEPALA_UKPBJ,
    Role.ADMIN_UKPBJ,
    Role.VERIFIKATOR,
    Role.AUDITOR,
)


def _contract(request: AuthedRequest, pk: int):
    return selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)


@require_POST
@access(Role.PPK, scope="the package's PPK, contract in progress or handed over")
def handover(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = _contract(request, pk)
    stage = selectors.next_stage(obj)
    form_class = forms.PhoForm if stage == rules.STAGE_PHO else forms.HandoverForm
    call = lambda d: services.handover_record(actor=request.user, contract=obj, **d)  # noqa: E731
    return _post(request, form_class, call, success=_("Serah terima dicatat."), back=_contract_back(pk))


@require_POST
@access(Role.PPK, scope="the package's PPK, after the handover or termination, once")
def rate(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = _contract(request, pk)
    call = lambda d: services.rating_record(  # noqa: E731
        actor=request.user, contract=obj, **forms.RatingForm.service_kwargs(d)
    )
    return _post(
        request, forms.rating_form, call, success=_("Penilaian kinerja dicatat."), back=_contract_back(pk)
    )


@require_POST
@access(Role.PENYEDIA, scope="the contract's provider, once the contract is rated")
def rating_respond(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = _contract(request, pk)
    call = lambda d: services.rating_respond(actor=request.user, contract=obj, **d)  # noqa: E731
    return _post(request, forms.RespondForm, call, success=_("Tanggapan dikirim."), back=_contract_back(pk))


@require_POST
@access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the contract's provider, goods contract running")
def delivery(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = _contract(request, pk)
    call = lambda d: services.delivery_record(actor=request.user, contract=obj, **d)  # noqa: E731
    return _post(request, forms.DeliveryForm, call, success=_("Barang dicatat."), back=_contract_back(pk))


@access(*RATING_READERS, scope="staff only: a provider's performance ratings from every contract")
def provider_ratings(request: AuthedRequest, provider_id: int) -> HttpResponse:
    provider = selectors.provider_or_404(provider_id)
    return render(
        request,
        "contracts/provider_ratings.html",
        {
            "provider": provider,
            "ratings": selectors.provider_ratings(provider.pk),
            "summary": selectors.provider_rating_summary(provider.pk),
        },
    )
