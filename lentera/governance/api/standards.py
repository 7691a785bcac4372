"""The 17 LPSE standards register API (F18) and its internal review (standard 17). Thin."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access

from ..standards import selectors, services
from ..standards.models import InternalReview
from .schemas import _In

router = Router(tags=["governance"])
READERS = selectors.READER_ROLES
EDITORS = selectors.EDITOR_ROLES


class StandardOut(Schema):
    number: int
    name: str
    status: str
    sop_id: int | None
    coordinator_decree_id: int | None
    last_review_on: dt.date | None
    note: str
    evidence: list[dict]


class StandardRecordIn(_In):
    agency_id: int
    status: str
    sop_id: int | None = None
    coordinator_decree_id: int | None = None
    note: str = ""


class ReviewIn(_In):
    agency_id: int
    held_on: dt.date


class StandardRatingIn(_In):
    number: int
    result: str
    finding: str = ""


class RatingsIn(_In):
    ratings: list[StandardRatingIn]


class ReviewOut(Schema):
    id: int
    agency_id: int
    held_on: dt.date
    status: str
    score: Decimal | None
    items: dict[int, dict]


def _register(agency) -> list[dict[str, Any]]:
    out = []
    for row in selectors.register(agency):
        r = row.record
        out.append(
            {
                "number": row.standard.number,
                "name": row.standard.name,
                "status": row.status,
                "sop_id": r.sop_id if r else None,
                "coordinator_decree_id": r.coordinator_decree_id if r else None,
                "last_review_on": r.last_review_on if r else None,
                "note": r.note if r else "",
                "evidence": [
                    {"id": e.pk, "title": e.title, "link": e.link, "document": bool(e.document)}
                    for e in row.evidence
                ],
            }
        )
    return out


def _review(review: InternalReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "agency_id": review.agency_id,
        "held_on": review.held_on,
        "status": review.status,
        "score": review.score,
        "items": {n: {"result": res, "finding": f} for n, (res, f) in selectors.review_items(review).items()},
    }


@router.get("/standards", response=list[StandardOut], summary="The 17 LPSE standards register of an agency")
@api_access(*READERS, scope="an agency the caller works for (auditor: all)")
def standard_register(request: AuthedRequest, agency_id: int | None = None):
    return _register(selectors.agency_visible_to(user=request.user, pk=agency_id))


@router.post("/standards/{number}", response=list[StandardOut], summary="Update a standard's record")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def standard_update(request: AuthedRequest, number: int, payload: StandardRecordIn):
    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    services.record_update(
        actor=request.user,
        agency=agency,
        standard=selectors.standard(number),
        sop=selectors.sop_of(agency=agency, pk=payload.sop_id),
        coordinator_decree=selectors.decree_of(agency=agency, pk=payload.coordinator_decree_id),
        status=payload.status,
        note=payload.note,
    )
    return _register(agency)


@router.post("/standards/{number}/evidence", response={201: list[StandardOut]}, summary="Attach evidence")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def evidence_add(
    request: AuthedRequest,
    number: int,
    agency_id: Form[int],
    title: Form[str],
    link: Form[str] = "",
    document: File[UploadedFile | None] = None,
):
    agency = selectors.agency_visible_to(user=request.user, pk=agency_id)
    services.evidence_add(
        actor=request.user,
        agency=agency,
        standard=selectors.standard(number),
        title=title,
        link=link,
        document=document,
    )
    return Status(201, _register(agency))


@router.get("/internal-reviews", response=list[ReviewOut], summary="Internal reviews (standard 17)")
@api_access(*READERS, scope="reviews of the agencies the caller works for (auditor: all)")
def review_list(request: AuthedRequest):
    return [_review(r) for r in selectors.reviews_visible_to(request.user)[:200]]


@router.post("/internal-reviews", response={201: ReviewOut}, summary="Start an internal review")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def review_start(request: AuthedRequest, payload: ReviewIn):
    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    return Status(
        201, _review(services.review_start(actor=request.user, agency=agency, held_on=payload.held_on))
    )


@router.get(
    "/internal-reviews/{review_id}", response=ReviewOut, summary="An internal review with its checklist"
)
@api_access(*READERS, scope="a review of the caller's agencies (auditor: all)")
def review_detail(request: AuthedRequest, review_id: int):
    return _review(selectors.review_visible_to(user=request.user, pk=review_id))


@router.post("/internal-reviews/{review_id}/ratings", response=ReviewOut, summary="Rate standards")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency; a review in progress")
def review_rate(request: AuthedRequest, review_id: int, payload: RatingsIn):
    review = selectors.review_visible_to(user=request.user, pk=review_id)
    ratings = [(selectors.standard(r.number), r.result, r.finding) for r in payload.ratings]
    return _review(services.review_rate(actor=request.user, review=review, ratings=ratings))


@router.post("/internal-reviews/{review_id}/complete", response=ReviewOut, summary="Complete the review")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency; a review in progress")
def review_complete(request: AuthedRequest, review_id: int):
    review = selectors.review_visible_to(user=request.user, pk=review_id)
    return _review(services.review_complete(actor=request.user, review=review))


class RiskIn(_In):
    agency_id: int
    threat: str
    vulnerability: str
    likelihood: int
    impact: int
    treatment: str
    owner_id: int
    review_on: dt.date


class RiskOut(Schema):
    id: int
    threat: str
    vulnerability: str
    likelihood: int
    impact: int
    exposure: int
    treatment: str
    owner_id: int
    review_on: dt.date


def _risk(r) -> dict[str, Any]:
    return {
        "id": r.pk, "threat": r.threat, "vulnerability": r.vulnerability, "likelihood": r.likelihood,
        "impact": r.impact, "exposure": r.exposure, "treatment": r.treatment, "owner_id": r.owner_id,
        "review_on": r.review_on,
    }  # fmt: skip


@router.get("/risks", response=list[RiskOut], summary="The risk register of an agency (standard 4)")
@api_access(*READERS, scope="an agency the caller works for (auditor: all)")
def risk_list(request: AuthedRequest, agency_id: int | None = None):
    agency = selectors.agency_visible_to(user=request.user, pk=agency_id)
    return [_risk(r) for r in selectors.risks_of(user=request.user, agency=agency)]


@router.post("/risks", response={201: RiskOut}, summary="Record a risk")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def risk_create(request: AuthedRequest, payload: RiskIn):
    from .. import selectors as governance_selectors

    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    risk = services.risk_record(
        actor=request.user, agency=agency, threat=payload.threat, vulnerability=payload.vulnerability,
        likelihood=payload.likelihood, impact=payload.impact, treatment=payload.treatment,
        owner=governance_selectors.person_for(user=request.user, pk=payload.owner_id), review_on=payload.review_on,
    )  # fmt: skip
    return Status(201, _risk(risk))
