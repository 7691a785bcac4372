"""Providers API for the blacklist proposals (after a contract's termination): the officials who enter blacklist
sanctions list them and dismiss an open one with the reason; upholding is ``POST /providers/blacklist`` with
``proposal_id`` (the sanction on the PA/KPA's decree closes the proposal). Thin: the same selectors and services as
the pages (web/views/proposals.py)."""

import datetime as dt

from ninja import Field, Router, Schema

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.core.schemas import InputSchema

from .. import selectors, services
from ..models import BlacklistProposal

router = Router(tags=["providers"])
ROLES = (Role.VERIFIKATOR, Role.ADMIN_UKPBJ, Role.SYSADMIN, Role.PA, Role.KPA)


class ProposalOut(Schema):
    id: int
    npwp: str
    provider_name: str
    category: str
    violation: str
    source: str
    source_url: str
    proposed_at: dt.datetime
    status: str
    decided_at: dt.datetime | None
    decision_note: str
    entry_id: int | None


class DismissIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


def _out(p: BlacklistProposal) -> dict:
    return {
        "id": p.pk,
        "npwp": p.npwp,
        "provider_name": p.provider_name,
        "category": p.category,
        "violation": p.violation,
        "source": p.source,
        "source_url": p.source_url,
        "proposed_at": p.proposed_at,
        "status": p.status,
        "decided_at": p.decided_at,
        "decision_note": p.decision_note,
        "entry_id": p.entry_id,
    }


@router.get("/blacklist/proposals", response=list[ProposalOut], summary="Blacklist proposals (open first)")
@api_access(*ROLES, scope="the officials who enter blacklist sanctions")
def proposals(request: AuthedRequest):
    return [_out(p) for p in selectors.blacklist_proposals()[:200]]


@router.post(
    "/blacklist/proposals/{proposal_id}/dismiss",
    response=ProposalOut,
    summary="Dismiss a blacklist proposal with the reason (the PA/KPA did not impose it)",
)
@api_access(*ROLES, scope="the officials who enter blacklist sanctions; an open proposal")
def dismiss(request: AuthedRequest, proposal_id: int, payload: DismissIn):
    proposal = selectors.blacklist_proposal_or_404(proposal_id)
    return _out(
        services.blacklist_proposal_dismiss(actor=request.user, proposal=proposal, note=payload.reason)
    )
