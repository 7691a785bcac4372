"""Builders for tendering tests: an instansi (planning's test world), a Pokja, an assigned package, verified
providers, and a tender with a valid schedule; helpers to travel to a stage and run the steps between."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.planning import services as planning_services
from lentera.planning.models import Method, Package, ProcurementType
from lentera.planning.tests import factories as pf
from lentera.providers.models import BusinessLicence, Provider
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering import rules, services, states
from lentera.tendering.enums import Envelope, EvaluationMethod, Stage
from lentera.tendering.models import ScheduleEntry, Tender

_seq = itertools.count(1)


@contextlib.contextmanager
def clock(when: dt.datetime):
    """Move both clocks to `when`: Python's (time-machine, for SQLite, sessions and TOTP) and the database's
    (`freeze_db_clock`, so `db_now()` agrees on PostgreSQL too). Frozen: time does not tick inside."""
    import time_machine

    from lentera.core.clock import freeze_db_clock

    with time_machine.travel(when, tick=False), freeze_db_clock(when.astimezone(dt.UTC)):
        yield when


#: A Monday 09:00 WIB with no public holiday in the six weeks after it: tests build their world a few days before
#: (inside time_machine.travel) and travel through the stages from here.
BASE = dt.datetime(2026, 7, 6, 9, 0, tzinfo=JAKARTA)
SETUP_AT = BASE - dt.timedelta(days=3)


def pdf_upload(name: str = "dokumen.pdf", text: str = "Lentera") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n% " + text.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@dataclass
class TW:
    """A tendering world."""

    w: pf.World
    package: Package
    members: list
    providers: list[Provider]
    tender: Tender | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ppk(self):
        return self.w["ppk"]

    @property
    def pa(self):
        return self.w["pa"]

    @property
    def chair(self):
        return self.members[0]

    def provider_user(self, i: int = 0):
        return self.providers[i].account

    def refresh(self) -> Tender:
        self.tender.refresh_from_db()
        return self.tender


def licensed_provider(**fields) -> Provider:
    """A verified provider with a valid business licence (qualified for Tender Cepat)."""
    p = make_verified_provider(**fields)
    BusinessLicence.objects.create(
        provider=p,
        kind=BusinessLicence.Kind.NIB,
        number=f"91200{next(_seq):08d}",
        issuer="OSS RBA",
        issued_on=dt.date(2024, 1, 1),
        kbli="41011",
    )
    return p


def build(
    *,
    method: str = Method.TENDER,
    ptype: str = ProcurementType.WORKS,
    pagu: str = "2400000000",
    providers: int = 3,
    members: int = 3,
    hps: str | None = None,
    hps_set_on: dt.date | None = None,
    **package_kw,
) -> TW:
    """An instansi with a package of `method`, assigned to a Pokja (or a Pejabat Pengadaan) and verified providers."""
    w = pf.build_world(pengelola=max(members, 5))
    pkg = pf.package(w, method=method, ptype=ptype, pagu=pagu, hps=hps, ready=False, **package_kw)
    conditions = {"method_justification": "Dasar pemilihan metode sesuai ketentuan"}
    if method == Method.PENUNJUKAN_LANGSUNG:
        conditions["direct_appointment_reason"] = "PATENT_HOLDER"
    if method == Method.TENDER_CEPAT:
        conditions.update(spec_standard=True, providers_qualified=True)
    pkg = planning_services.package_update(actor=w["ppk"], package=pkg, **conditions)
    Package.objects.filter(pk=pkg.pk).update(hps_set_on=hps_set_on or BASE.date())
    pkg.refresh_from_db()
    pkg = planning_services.package_mark_ready(actor=w["ppk"], package=pkg)
    member_users: list = []
    if method == Method.PENGADAAN_LANGSUNG:
        official = w["pokja1"]
        pf.add_role(official, Role.PROCUREMENT_OFFICIAL, pkg.work_unit)
        Package.objects.filter(pk=pkg.pk).update(
            procurement_official=official, status=Package.Status.ASSIGNED
        )
        pkg.refresh_from_db()
        member_users = [official]
    elif method not in (Method.SWAKELOLA, Method.DARURAT):
        pokja = pf.pokja(w, w.pengelola(members))
        pkg = planning_services.package_assign_pokja(actor=w["kepala"], package=pkg, pokja=pokja)
        member_users = [
            m.user for m in pokja.members.filter(left_at__isnull=True).order_by("-is_chair", "pk")
        ]
        for u in member_users:
            if hasattr(u, "_active_role_codes"):
                del u._active_role_codes
    provs = [licensed_provider(name=f"PT Penyedia {next(_seq)}") for _ in range(providers)]
    return TW(w=w, package=pkg, members=member_users, providers=provs)


def create_tender(tw: TW, *, start: dt.datetime = BASE, announce: bool = True, **kw) -> Tender:
    """Create (as the chair / the Pejabat Pengadaan), schedule from `start`, upload the document, announce."""
    actor = tw.members[0]
    if tw.package.method == Method.PENUNJUKAN_LANGSUNG:
        kw.setdefault("invited_provider", tw.providers[0])
        kw.setdefault("invitation_reason", "Keadaan tertentu: satu-satunya pemegang hak paten")
    tender = services.tender_create(actor=actor, package=tw.package, **kw)
    tw.tender = tender
    windows = rules.suggest_schedule(
        tender, states.machine_of(tender).stages, start.astimezone(dt.UTC), tw.w.agency.pk
    )
    tw.extra["windows"] = windows
    services.schedule_set(actor=actor, tender=tender, windows=windows)
    services.document_upload(actor=actor, tender=tender, file=pdf_upload(), title="Dokumen Pemilihan")
    if announce:
        services.tender_announce(actor=actor, tender=tender)
    tender.refresh_from_db()
    return tender


def window(tender: Tender, stage: str) -> tuple[dt.datetime, dt.datetime]:
    e = ScheduleEntry.objects.get(tender=tender, stage=stage)
    return e.starts_at, e.ends_at


def inside(tender: Tender, stage: str, *, seconds: int = 60) -> dt.datetime:
    """A moment just after `stage` opens."""
    return window(tender, stage)[0] + dt.timedelta(seconds=seconds)


def opened(tw: TW, prices: list[str | Decimal], data: list[dict] | None = None) -> list:
    """Register providers, then record their offers as opened (standing in for the bidding app's opening)."""
    t = tw.tender
    with clock(inside(t, Stage.ANNOUNCEMENT)):
        for i in range(len(prices)):
            services.registration_create(actor=tw.provider_user(i), tender=t)
    first_opening = Stage.OPENING if Stage.OPENING in states.machine_of(t).stages else None
    with clock(inside(t, first_opening)):
        offers = services.offers_record_opened(
            actor=tw.chair,
            tender=t,
            offers=[
                services.OpenedOffer(
                    provider=tw.providers[i],
                    read_price=Decimal(str(p)),
                    opened_at=inside(t, first_opening),
                    source_reference=f"test-bid-{i}",
                    data=(data[i] if data else {}),
                )
                for i, p in enumerate(prices)
            ],
        )
    return offers


def evaluate_all(
    tw: TW, offers, *, votes: dict | None = None, members: list | None = None, score: str | None = None
) -> None:
    """Every member (or `members`) passes every offer, except where `votes[(member_index, offer_index)]` says."""
    votes = votes or {}
    for mi, member in enumerate(members if members is not None else tw.members):
        for oi, offer in enumerate(offers):
            v = votes.get((mi, oi), {})
            kwargs = {
                "administrative_pass": True,
                "qualification_pass": True,
                "technical_pass": True,
                "technical_score": score,
                "notes": {},
            }
            kwargs.update(v)
            services.member_evaluation_submit(actor=member, offer=offer, **kwargs)


__all__ = [
    "BASE",
    "TW",
    "Envelope",
    "EvaluationMethod",
    "build",
    "create_tender",
    "evaluate_all",
    "inside",
    "opened",
    "pdf_upload",
    "window",
]
