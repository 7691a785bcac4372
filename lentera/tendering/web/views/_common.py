"""Shared helpers of the tendering pages: scoping, running one service, and the role groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from lentera.accounts.http import AuthedRequest
from lentera.core import webactions
from lentera.core.roles import Role

from ... import selectors
from ...models import Tender

OPERATORS = (Role.POKJA, Role.PROCUREMENT_OFFICIAL)
POKJA = (Role.POKJA,)
PROVIDER = (Role.PENYEDIA,)
PPK = (Role.PPK,)
BUDGET_HOLDERS = (Role.PA, Role.KPA)
READERS = (Role.AUDITOR, Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ)
WORKSPACE = (*OPERATORS, *PPK, *BUDGET_HOLDERS, *PROVIDER, *READERS)


def scoped(request: AuthedRequest, pk: int) -> Tender:
    """The tender if the acting role may see it in the workspace, else 404."""
    return selectors.one_or_404(selectors.tenders_visible_to(user=request.user, role=request.acting_role), pk)


def public(pk: int) -> Tender:
    return selectors.one_or_404(selectors.public_tenders(), pk)


def detail_url(tender: Tender) -> str:
    from django.urls import reverse

    return reverse("tendering:detail", args=[tender.pk])


def act(
    request: HttpRequest, tender: Tender, call: Callable[[], Any], ok: str, *, to: str | None = None
) -> HttpResponse:
    """Run one service from a tender page's button and come back to the tender (core.webactions)."""
    return webactions.run_action(request, call, success=ok, back=to or detail_url(tender))


def client_ip(request: HttpRequest) -> str | None:
    from lentera.core import request_context

    return request_context.current().client_ip or request.META.get("REMOTE_ADDR")
