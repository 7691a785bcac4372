"""Reads the tendering pages and API routes need (views and routes hold no ORM queries: docs/architecture.md).

Functions ending in ``_or_404`` raise Django's Http404 when the object does not exist or is outside the scope
given, so a view or route answers 404 without a query of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from lentera.core.roles import Role
from lentera.planning.models import Method, Package
from lentera.providers.models import Provider

from ..models import (
    Appeal,
    AuctionParticipant,
    Objection,
    Offer,
    OfficialRecord,
    Question,
    ReverseAuction,
    ScheduleEntry,
    Tender,
    TenderDocument,
)


def packages_to_start(*, user: Any, role: str | None) -> list[Package]:
    """Packages waiting for a tender from the acting operator: assigned to their Pokja (POKJA) or to them as
    Pejabat Pengadaan; for a PPK, their own swakelola / darurat packages to record."""
    if role == Role.PPK:
        return list(
            Package.objects.filter(
                ppk=user,
                method__in=[Method.SWAKELOLA, Method.DARURAT],
                status__in=[Package.Status.READY, Package.Status.ASSIGNED],
            )
        )
    return list(_assigned_packages(user=user, role=role))


def _assigned_packages(*, user: Any, role: str | None) -> QuerySet[Package]:
    qs = Package.objects.filter(status=Package.Status.ASSIGNED)
    if role == Role.POKJA:
        return qs.filter(pokja__members__user=user, pokja__members__left_at__isnull=True).distinct()
    if role == Role.PROCUREMENT_OFFICIAL:
        return qs.filter(procurement_official=user).distinct()
    return qs.none()


def assigned_package_or_404(*, user: Any, role: str | None, package_id: int) -> Package:
    return get_object_or_404(_assigned_packages(user=user, role=role), pk=package_id)


def ppk_package_or_404(*, user: Any, package_id: int) -> Package:
    return get_object_or_404(Package, pk=package_id, ppk=user)


def provider_by_npwp(npwp: str | None) -> Provider | None:
    npwp = (npwp or "").strip()
    return Provider.objects.filter(npwp=npwp).first() if npwp else None


def tender_or_404(pk: int) -> Tender:
    return get_object_or_404(Tender.objects.select_related("package", "package__work_unit"), pk=pk)


def documents_of(tender: Tender) -> QuerySet[TenderDocument]:
    return TenderDocument.objects.filter(tender=tender).order_by("uploaded_at", "pk")


def document_or_404(*, tender_id: int, document_id: int) -> TenderDocument:
    return get_object_or_404(
        TenderDocument.objects.select_related("tender"), pk=document_id, tender_id=tender_id
    )


def record_or_404(*, tender_id: int, record_id: int) -> OfficialRecord:
    return get_object_or_404(
        OfficialRecord.objects.select_related("tender"), pk=record_id, tender_id=tender_id
    )


def records_of(tender: Tender) -> QuerySet[OfficialRecord]:
    return OfficialRecord.objects.filter(tender=tender).order_by("created_at")


def schedule_windows(tender: Tender) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {e.stage: (e.starts_at, e.ends_at) for e in ScheduleEntry.objects.filter(tender=tender)}


def operator_panel(tender: Tender) -> dict[str, Any]:
    """What the Pokja / Pejabat Pengadaan panel of a tender lists: questions, registrations, objections, the
    running round's auction."""
    return {
        "questions_admin": Question.objects.filter(tender=tender).order_by("number"),
        "registrations": tender.registrations.select_related("provider").order_by("registered_at"),
        "objections_admin": Objection.objects.filter(tender=tender)
        .prefetch_related("attachments")
        .order_by("filed_at"),
        "auction": ReverseAuction.objects.filter(tender=tender, round=tender.evaluation_round).first(),
    }


def appeals_of(tender: Tender) -> QuerySet[Appeal]:
    return Appeal.objects.filter(tender=tender).order_by("filed_at")


def provider_auction(tender: Tender, provider: Provider) -> tuple[ReverseAuction, AuctionParticipant] | None:
    """The open e-reverse auction of the tender's running round and the provider's place in it, if any."""
    auction = ReverseAuction.objects.filter(
        tender=tender, round=tender.evaluation_round, closed_at=None
    ).first()
    if auction is None:
        return None
    me = AuctionParticipant.objects.filter(auction=auction, offer__provider=provider).first()
    return (auction, me) if me is not None else None


def question_or_404(*, tender: Tender, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, tender=tender)


def offer_or_404(*, tender: Tender, offer_id: int) -> Offer:
    return get_object_or_404(Offer, pk=offer_id, tender=tender)


def objection_or_404(*, tender: Tender, objection_id: int) -> Objection:
    return get_object_or_404(Objection, pk=objection_id, tender=tender)


def appeal_or_404(*, tender: Tender, appeal_id: int) -> Appeal:
    return get_object_or_404(Appeal, pk=appeal_id, tender=tender)


def registered_provider_or_404(*, tender: Tender, provider_id: int) -> Provider:
    return get_object_or_404(Provider, pk=provider_id, tender_registrations__tender=tender)


def newest_first(qs: QuerySet[Tender]) -> QuerySet[Tender]:
    return qs.order_by("-created_at")


def one_or_404(qs: QuerySet, pk: int):
    """One object of a selector's queryset (already scoped to the acting user), or 404."""
    return get_object_or_404(qs, pk=pk)


def package_or_404(package_id: int) -> Package:
    """Any package by id (the service then decides whether the actor may act on it: 403, not 404)."""
    return get_object_or_404(Package, pk=package_id)


def provider_or_404(provider_id: int) -> Provider:
    return get_object_or_404(Provider, pk=provider_id)


def public_tender(pk: int) -> Tender | None:
    from . import public_tenders

    return public_tenders().filter(pk=pk).first()


def ranked_results(decision: Any) -> QuerySet:
    """An evaluation decision's results in rank order, with each offer's provider."""
    return decision.results.select_related("offer__provider").order_by("rank", "pk")


def auction_participants(auction: ReverseAuction) -> QuerySet[AuctionParticipant]:
    return auction.participants.all()


def auction_rounds(auction: ReverseAuction) -> QuerySet:
    return auction.rounds.all()


def registrations_of(tender: Tender) -> QuerySet:
    """Every provider registered for the tender (the Pokja's shortlist form)."""
    return tender.registrations.all()
