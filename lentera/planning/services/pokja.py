"""Pokja Pemilihan: formed, changed and dissolved by decree of the Kepala UKPBJ (Permendagri 53/2021 Pasal 9 a-b),
composed by Pasal 15, free of the conflicts of Pasal 12. Members get the POKJA role while they sit in an active
Pokja, so they can act as Pokja in the application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lentera.accounts import services as accounts_services
from lentera.accounts.models import RoleAssignment, User, WorkUnit
from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import rules
from ..errors import PlanningError
from ..models import Package, Pokja, PokjaMember
from ..scope import ensure_agency_role, ensure_unit_role, home_unit, today
from . import conflicts

POKJA_FIELDS = ("name", "ukpbj", "decree_number", "decree_date", "dissolved_at", "dissolution_decree_number")


@dataclass(frozen=True)
class MemberInput:
    """A proposed member: a Pengelola PBJ, or (Pasal 15 ayat (3)-(4)) a certified civil servant."""

    user: User
    qualification: str = PokjaMember.Qualification.PENGELOLA_PBJ
    is_chair: bool = False
    certificate_number: str = ""
    home_unit: WorkUnit | None = None
    coordination_note: str = ""
    coordinated_on: dt.date | None = None


def _label(user: User) -> str:
    return f"{user.full_name} ({user.user_id})"


def pengelola_count(agency_id: int) -> int:
    """Pengelola PBJ holding the role today in an instansi (Pasal 15 ayat (3): are there enough?)."""
    return (
        RoleAssignment.objects.active(today())
        .filter(role=Role.PENGELOLA_PBJ)
        .filter(Q(agency_id=agency_id) | Q(work_unit__agency_id=agency_id))
        .values("user_id")
        .distinct()
        .count()
    )


def _holds_pengelola(user: User, agency_id: int) -> bool:
    return (
        RoleAssignment.objects.active(today())
        .filter(user=user, role=Role.PENGELOLA_PBJ)
        .filter(Q(agency_id=agency_id) | Q(work_unit__agency_id=agency_id))
        .exists()
    )


def _unit_of(user: User, given: WorkUnit | None) -> WorkUnit | None:
    if given is not None:
        return given
    assignment = (
        RoleAssignment.objects.active(today())
        .filter(user=user)
        .exclude(work_unit=None)
        .select_related("work_unit")
    ).first()
    return assignment.work_unit if assignment else None


def _outside(unit: WorkUnit | None, ukpbj: WorkUnit) -> bool:
    if unit is None:
        return True
    return unit.pk != ukpbj.pk and unit.parent_id != ukpbj.pk


def _facts(entry: MemberInput | PokjaMember, ukpbj: WorkUnit) -> rules.MemberFacts:
    user = entry.user
    unit = _unit_of(user, entry.home_unit)
    return rules.MemberFacts(
        user_id=user.pk,
        label=_label(user),
        qualification=entry.qualification,
        holds_pengelola_role=_holds_pengelola(user, ukpbj.agency_id),
        is_civil_servant=bool((user.nip or "").strip()),
        certificate_number=entry.certificate_number or "",
        outside_ukpbj=_outside(unit, ukpbj),
        coordination_note=entry.coordination_note or "",
        coordinated_on=entry.coordinated_on,
    )


def _check(
    ukpbj: WorkUnit, entries: Sequence[MemberInput | PokjaMember], packages, decree_date: dt.date
) -> None:
    if any(e.qualification not in PokjaMember.Qualification.values for e in entries):
        raise PlanningError("QUALIFICATION_UNKNOWN", _("Kualifikasi anggota tidak dikenal."))
    rules.check_pokja_composition(
        [_facts(e, ukpbj) for e in entries],
        pengelola_in_ukpbj=pengelola_count(ukpbj.agency_id),
        decree_date=decree_date,
    )
    conflicts.check_pokja(None, [e.user for e in entries], packages)


def _decree(decree_number: str, decree_date: dt.date | None) -> tuple[str, dt.date]:
    decree_number = (decree_number or "").strip()
    if not decree_number:
        raise PlanningError(
            "DECREE_REQUIRED", _("Nomor SK Kepala UKPBJ wajib diisi (Permendagri 53/2021 Pasal 9).")
        )
    decree_date = decree_date or today()
    if decree_date > today():
        raise PlanningError("DECREE_DATE_FUTURE", _("Tanggal SK tidak boleh di masa depan."))
    return decree_number, decree_date


def _add_member(
    *, actor: User, pokja: Pokja, entry: MemberInput, decree_number: str, decree_date: dt.date
) -> PokjaMember:
    unit = _unit_of(entry.user, entry.home_unit)
    member = PokjaMember.objects.create(
        pokja=pokja,
        user=entry.user,
        qualification=entry.qualification,
        is_chair=entry.is_chair,
        certificate_number=(entry.certificate_number or "").strip(),
        home_unit=unit,
        coordination_note=(entry.coordination_note or "").strip(),
        coordinated_on=entry.coordinated_on,
        decree_number=decree_number,
    )
    if not RoleAssignment.objects.active(today()).filter(user=entry.user, role=Role.POKJA).exists():
        member.role_assignment = accounts_services.role_assign(
            actor=actor,
            user=entry.user,
            role=Role.POKJA,
            work_unit=pokja.ukpbj,
            starts_on=today(),
            decree_number=decree_number,
            decree_date=decree_date,
            check_actor=False,
        )
        member.save(update_fields=["role_assignment"])
    return member


def _remove_member(*, actor: User, member: PokjaMember, decree_number: str, reason: str, now) -> None:
    member.left_at = now
    member.left_decree_number = decree_number
    member.left_reason = reason
    member.is_chair = False
    member.save(update_fields=["left_at", "left_decree_number", "left_reason", "is_chair"])
    ra = member.role_assignment
    still_member = PokjaMember.objects.filter(
        user=member.user, left_at__isnull=True, pokja__dissolved_at__isnull=True
    ).exists()
    if ra is not None and ra.revoked_at is None and not still_member:
        accounts_services.role_revoke(actor=actor, assignment=ra, reason=reason or decree_number)


def _snapshot(pokja: Pokja) -> dict:
    data = audit.snapshot(pokja, POKJA_FIELDS)
    data["members"] = [
        {"user": m.user.user_id, "qualification": m.qualification, "chair": m.is_chair}
        for m in pokja.active_members().order_by("pk")
    ]
    return data


def _chairs(entries: Sequence[MemberInput]) -> None:
    if sum(1 for e in entries if e.is_chair) > 1:
        raise PlanningError("POKJA_CHAIR_ONE", _("Ketua Pokja hanya satu orang."))


@transaction.atomic
def pokja_form(
    *,
    actor: User,
    name: str,
    decree_number: str,
    decree_date: dt.date | None,
    members: Sequence[MemberInput],
    ukpbj: WorkUnit | None = None,
) -> Pokja:
    """The Kepala UKPBJ forms a Pokja Pemilihan by decree (Permendagri 53/2021 Pasal 9 a), composed per Pasal 15
    and free of the conflicts of Pasal 12.

    Cites: Permendagri 53/2021 Pasal 9 huruf a.
    """
    ukpbj = ukpbj or home_unit(actor, Role.KEPALA_UKPBJ)
    ensure_unit_role(actor, ukpbj, Role.KEPALA_UKPBJ)
    if not (name or "").strip():
        raise PlanningError("NAME_REQUIRED", _("Nama Pokja wajib diisi."))
    decree_number, decree_date = _decree(decree_number, decree_date)
    members = list(members)
    _chairs(members)
    _check(ukpbj, members, [], decree_date)
    pokja = Pokja.objects.create(
        ukpbj=ukpbj, name=name.strip(), decree_number=decree_number, decree_date=decree_date, formed_by=actor
    )
    if members and not any(m.is_chair for m in members):
        members[0] = MemberInput(**{**members[0].__dict__, "is_chair": True})
    for entry in members:
        _add_member(
            actor=actor, pokja=pokja, entry=entry, decree_number=decree_number, decree_date=decree_date
        )
    audit.record(actor=actor, action="planning.pokja.form", obj=pokja, after=_snapshot(pokja))
    return pokja


def _lock(pokja: Pokja) -> Pokja:
    return Pokja.objects.select_for_update().select_related("ukpbj").get(pk=pokja.pk)


@transaction.atomic
def pokja_members_change(
    *,
    actor: User,
    pokja: Pokja,
    decree_number: str,
    decree_date: dt.date | None = None,
    add: Sequence[MemberInput] = (),
    remove: Sequence[User] = (),
    reason: str = "",
) -> Pokja:
    """The Kepala UKPBJ appoints, moves or removes members by decree (Permendagri 53/2021 Pasal 9 b). The
    resulting Pokja must still satisfy Pasal 15, and no member may conflict with its packages (Pasal 12).

    Cites: Permendagri 53/2021 Pasal 9 huruf b.
    """
    pokja = _lock(pokja)
    ensure_agency_role(actor, pokja.ukpbj.agency_id, Role.KEPALA_UKPBJ)
    if pokja.dissolved_at is not None:
        raise PlanningError("POKJA_DISSOLVED", _("Pokja ini sudah dibubarkan."))
    decree_number, decree_date = _decree(decree_number, decree_date)
    current = list(pokja.active_members())
    current_ids = {m.user_id for m in current}
    remove_ids = {u.pk for u in remove}
    if not remove_ids <= current_ids:
        raise PlanningError("NOT_A_MEMBER", _("Yang diberhentikan harus anggota aktif Pokja ini."))
    add = list(add)
    if any(e.user.pk in current_ids - remove_ids for e in add):
        raise PlanningError("POKJA_MEMBER_DUPLICATE", _("Seorang anggota tercantum lebih dari sekali."))
    if not add and not remove_ids:
        raise PlanningError("NO_CHANGE", _("Tidak ada perubahan anggota."))
    kept = [m for m in current if m.user_id not in remove_ids]
    entries: list[MemberInput | PokjaMember] = [*kept, *add]
    _chairs([*[m for m in kept if m.is_chair], *add])  # type: ignore[list-item]
    _check(pokja.ukpbj, entries, conflicts.pokja_packages(pokja), decree_date)
    before = _snapshot(pokja)
    now = db_now()
    for member in current:
        if member.user_id in remove_ids:
            _remove_member(actor=actor, member=member, decree_number=decree_number, reason=reason, now=now)
    for entry in add:
        _add_member(
            actor=actor, pokja=pokja, entry=entry, decree_number=decree_number, decree_date=decree_date
        )
    if not pokja.active_members().filter(is_chair=True).exists():
        first = pokja.active_members().order_by("pk").first()
        if first is not None:
            PokjaMember.objects.filter(pk=first.pk).update(is_chair=True)
    audit.record(
        actor=actor,
        action="planning.pokja.members",
        obj=pokja,
        before=before,
        after=_snapshot(pokja) | {"decree_number": decree_number, "reason": reason},
    )
    return pokja


@transaction.atomic
def pokja_dissolve(*, actor: User, pokja: Pokja, decree_number: str, reason: str) -> Pokja:
    """The Kepala UKPBJ dissolves a Pokja by decree (Permendagri 53/2021 Pasal 9 a). Packages it holds that have
    not gone into selection return to the UKPBJ (status ready); members lose the POKJA role given for it.

    Cites: Permendagri 53/2021 Pasal 9 huruf a.
    """
    pokja = _lock(pokja)
    ensure_agency_role(actor, pokja.ukpbj.agency_id, Role.KEPALA_UKPBJ)
    if pokja.dissolved_at is not None:
        raise PlanningError("POKJA_DISSOLVED", _("Pokja ini sudah dibubarkan."))
    decree_number, _date = _decree(decree_number, None)
    if not (reason or "").strip():
        raise PlanningError("REASON_REQUIRED", _("Alasan pembubaran wajib diisi."))
    if pokja.packages.filter(status=Package.Status.IN_SELECTION).exists():
        raise PlanningError(
            "POKJA_BUSY", _("Pokja masih melaksanakan pemilihan; serahkan paketnya ke Pokja lain dahulu.")
        )
    before = _snapshot(pokja)
    now = db_now()
    returned = []
    for package in pokja.packages.select_for_update().filter(status=Package.Status.ASSIGNED):
        package.pokja = None
        package.status = Package.Status.READY
        package.save(update_fields=["pokja", "status", "updated_at"])
        returned.append(package.code)
    pokja.dissolved_at = now
    pokja.dissolution_decree_number = decree_number
    pokja.dissolution_reason = reason.strip()
    pokja.save(update_fields=["dissolved_at", "dissolution_decree_number", "dissolution_reason"])
    for member in list(pokja.members.filter(left_at__isnull=True).select_related("user", "role_assignment")):
        _remove_member(actor=actor, member=member, decree_number=decree_number, reason=reason, now=now)
    audit.record(
        actor=actor,
        action="planning.pokja.dissolve",
        obj=pokja,
        before=before,
        after=audit.snapshot(pokja, POKJA_FIELDS) | {"returned_packages": returned, "reason": reason},
    )
    return pokja
