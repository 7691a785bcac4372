"""Every write of the LPSE team's work programme: the programme of a year, its activities, the realisation of an
activity. Keyword-only, one transaction, one audit event each (Perbup PPU 2/2021 Pasal 4 huruf b angka 1-2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.money import to_money

from ..errors import GovernanceError
from ..models import Decree
from . import rules, selectors
from .models import ProgrammeActivity, Realisation, WorkProgramme


def _ensure_edits(actor: User, agency_id: int) -> None:
    ensure_role(actor, *selectors.EDITOR_ROLES)
    scope = selectors.edited_agency_ids(actor)
    if scope is not None and agency_id not in scope:
        raise GovernanceError(
            "OUT_OF_SCOPE", _("Anda hanya dapat mengelola program kerja instansi Anda sendiri."), status=403
        )


@transaction.atomic
def programme_create(
    *, actor: User, agency: Agency, year: int, title: str, team_decree: Decree | None = None
) -> WorkProgramme:
    """Draw up the team's programme of work for a year (Pasal 4 huruf b angka 1); one per agency and year."""
    _ensure_edits(actor, agency.pk)
    if not title.strip():
        raise GovernanceError("TITLE_REQUIRED", _("Judul program kerja wajib diisi."))
    if team_decree is not None and (team_decree.agency_id != agency.pk or team_decree.revoked_at is not None):
        raise GovernanceError("ORGANISATION_MISMATCH", _("SK Tim LPSE harus milik instansi yang sama."))
    if not 2000 <= year <= local_date(db_now()).year + 1:
        raise GovernanceError("YEAR_INVALID", _("Tahun program kerja tidak valid."))
    if WorkProgramme.objects.filter(agency=agency, year=year).exists():
        raise GovernanceError(
            "PROGRAMME_EXISTS", _("Program kerja tahun %(year)s sudah ada."), status=409, year=year
        )
    programme = WorkProgramme.objects.create(
        agency=agency, year=year, title=title.strip(), team_decree=team_decree, created_by=actor
    )
    audit.record(actor=actor, action="governance.programme.create", obj=programme, after={"year": year})
    return programme


@transaction.atomic
def activity_add(
    *,
    actor: User,
    programme: WorkProgramme,
    name: str,
    target: str,
    target_quantity: int,
    unit: str,
    budget: Decimal,
    planned_start: dt.date,
    planned_end: dt.date,
    person_in_charge: User,
    lpse_field: str = "",
) -> ProgrammeActivity:
    """Add an activity with its target, budget line and planned dates (rules.check_activity_plan)."""
    _ensure_edits(actor, programme.agency_id)
    if not name.strip() or not target.strip() or not unit.strip():
        raise GovernanceError("ACTIVITY_FIELDS_REQUIRED", _("Kegiatan, sasaran dan satuan wajib diisi."))
    if not selectors.people_of(programme.agency_id).filter(pk=person_in_charge.pk).exists():
        raise GovernanceError("PERSON_NOT_STAFF", _("Penanggung jawab harus pegawai instansi ini."))
    budget = to_money(budget)
    rules.check_activity_plan(
        year=programme.year,
        planned_start=planned_start,
        planned_end=planned_end,
        target_quantity=target_quantity,
        budget=budget,
    )
    activity = ProgrammeActivity.objects.create(
        programme=programme, lpse_field=lpse_field, name=name.strip(), target=target.strip(),
        target_quantity=target_quantity, unit=unit.strip(), budget=budget, planned_start=planned_start,
        planned_end=planned_end, person_in_charge=person_in_charge, created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="governance.programme.activity_add",
        obj=activity,
        after={"programme": programme.pk, "budget": str(budget), "target": target_quantity},
    )
    return activity


@transaction.atomic
def realisation_record(
    *,
    actor: User,
    activity: ProgrammeActivity,
    realised_on: dt.date,
    quantity: int,
    spent: Decimal,
    note: str = "",
) -> Realisation:
    """Record what was done of an activity on a day and what it cost (rules.check_realisation, against the
    database's date and the budget left, both read inside this transaction)."""
    activity = ProgrammeActivity.objects.select_for_update().select_related("programme").get(pk=activity.pk)
    _ensure_edits(actor, activity.programme.agency_id)
    spent = to_money(spent)
    rules.check_realisation(
        year=activity.programme.year,
        realised_on=realised_on,
        today=local_date(db_now()),
        spent_before=selectors.spent_on(activity),
        spent=spent,
        budget=activity.budget,
    )
    realisation = Realisation.objects.create(
        activity=activity, realised_on=realised_on, quantity=quantity, spent=spent, note=note.strip(),
        recorded_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="governance.programme.realisation",
        obj=realisation,
        after={"activity": activity.pk, "on": str(realised_on), "quantity": quantity, "spent": str(spent)},
    )
    return realisation
