"""Blacklist proposals (usulan sanksi daftar hitam, after a PPK terminated a contract for the provider's fault):
the officials who enter blacklist sanctions see every proposal and decide an open one: uphold it (the PA/KPA's
decree is entered on the blacklist page, prefilled from the proposal, which closes it) or dismiss it with the
reason (``blacklist_proposal_dismiss``). Thin: one service call per POST."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import NotFound
from lentera.core.webactions import run_action

from ... import selectors, services
from ..forms import ReasonForm
from .admin import BLACKLIST_ROLES


@access(*BLACKLIST_ROLES, scope="the officials who enter blacklist sanctions (PA/KPA, verifier, UKPBJ admin)")
def proposals(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "providers/blacklist_proposals.html", {"proposals": selectors.blacklist_proposals()[:200]}
    )


@access(*BLACKLIST_ROLES, scope="the officials who enter blacklist sanctions (PA/KPA, verifier, UKPBJ admin)")
@require_http_methods(["GET", "POST"])
def proposal(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.blacklist_proposal_or_404(pk)
    except NotFound:
        raise Http404 from None
    if request.method == "POST":
        return run_action(
            request,
            lambda: services.blacklist_proposal_dismiss(
                actor=request.user, proposal=found, note=request.POST.get("reason", "")
            ),
            success=_("Usulan tidak ditindaklanjuti; alasannya tercatat."),
            back=reverse("providers:blacklist_proposal", args=[found.pk]),
        )
    return render(
        request,
        "providers/blacklist_proposal.html",
        {
            "proposal": found,
            "form": ReasonForm(),
            "uphold_url": reverse("providers:blacklist_manage") + f"?usulan={found.pk}",
        },
    )
