"""Every write of the code of ethics and its cases (Permendagri 53/2021 Pasal 22): a code version, a staff
member's integrity pact, a case reported, opened (the read is audited), examined by the majelis, dismissed or
decided. Keyword-only, one transaction, one audit event each; the audit entries carry no case content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from ..errors import GovernanceError
from . import rules, selectors, states
from .models import EthicsCase, EthicsCode, Hearing, IntegrityPact, MajelisMember


def _ensure_head(actor: User, agency_id: int) -> None:
    ensure_role(actor, *selectors.HEAD_ROLES)
    scope = selectors.head_agency_ids(actor)
    if scope is not None and agency_id not in scope:
        raise GovernanceError(
            "OUT_OF_SCOPE", _("Hanya Kepala UKPBJ instansi ini yang dapat melakukannya."), status=403
        )


@transaction.atomic
def code_publish(*, actor: User, agency: Agency, title: str, body: str, effective_on: dt.date) -> EthicsCode:
    """The head of UKPBJ sets a new version of the code of ethics (Pasal 22 ayat (1))."""
    _ensure_head(actor, agency.pk)
    if not title.strip() or not body.strip():
        raise GovernanceError("CODE_FIELDS_REQUIRED", _("Judul dan isi kode etik wajib diisi."))
    last = selectors.codes_of(agency).select_for_update().order_by("-version").first()
    if last is not None and effective_on < last.effective_on:
        raise GovernanceError(
            "CODE_EFFECTIVE_ORDER", _("Versi baru tidak boleh berlaku sebelum versi sebelumnya."), status=409
        )
    code = EthicsCode.objects.create(
        agency=agency, version=(last.version + 1) if last else 1, title=title.strip(), body=body.strip(),
        effective_on=effective_on, created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, action="governance.ethics.code", obj=code,
        after={"version": code.version, "effective_on": str(effective_on)},
    )  # fmt: skip
    return code


@transaction.atomic
def pact_sign(*, actor: User, code: EthicsCode) -> IntegrityPact:
    """A staff member signs the integrity pact of the version in force (rules.check_pact_signer)."""
    ensure_role(actor, *selectors.STAFF_ROLES)
    current = selectors.code_in_force(code.agency, on=local_date(db_now()))
    rules.check_pact_signer(
        is_staff=selectors.is_staff_of(actor, code.agency_id),
        in_force=current is not None and current.pk == code.pk,
    )
    if selectors.has_signed(code, actor):
        raise GovernanceError(
            "ALREADY_SIGNED", _("Anda sudah menandatangani pakta integritas ini."), status=409
        )
    pact = IntegrityPact.objects.create(code=code, person=actor, signed_at=db_now())
    audit.record(actor=actor, action="governance.ethics.pact", obj=pact, after={"code": code.pk})
    return pact


@transaction.atomic
def case_report(*, actor: User, agency: Agency, subject: User, allegation: str) -> EthicsCase:
    """A staff member reports a suspected breach of the code by a colleague; the reporter does not see the case
    afterwards (only the head of UKPBJ and the auditor do)."""
    ensure_role(actor, *selectors.STAFF_ROLES)
    if not selectors.is_staff_of(actor, agency.pk):
        raise GovernanceError(
            "NOT_AGENCY_STAFF", _("Hanya pegawai instansi ini yang dapat melapor."), status=403
        )
    if not allegation.strip():
        raise GovernanceError("ALLEGATION_REQUIRED", _("Uraian dugaan pelanggaran wajib diisi."))
    case = EthicsCase.objects.create(
        agency=agency, reporter=actor, subject=subject, allegation=allegation.strip(), reported_at=db_now()
    )
    audit.record(actor=actor, action="governance.ethics.case_report", obj=case, after={"status": case.status})
    return case


@transaction.atomic
def case_open(*, actor: User, case: EthicsCase) -> EthicsCase:
    """Read a case: every read of a confidential case is an audit event (who, when; no content)."""
    ensure_role(actor, *selectors.CASE_READER_ROLES)
    audit.record(actor=actor, action="governance.ethics.case_read", obj=case)
    return case


def _locked(case: EthicsCase, actor: User, action: str) -> tuple[EthicsCase, str]:
    _ensure_head(actor, case.agency_id)
    case = EthicsCase.objects.select_for_update().get(pk=case.pk)
    return case, states.transition(case.status, action, states.HEAD)


@transaction.atomic
def case_examine(
    *, actor: User, case: EthicsCase, members: Sequence[tuple[str, str, bool]], note: str = ""
) -> EthicsCase:
    """Send the case to the majelis pertimbangan kode etik, formed of ``members`` (name, unit, is_chair):
    rules.check_majelis_composition."""
    case, to = _locked(case, actor, states.Action.EXAMINE)
    if any(not name.strip() for name, _u, _c in members):
        raise GovernanceError("MAJELIS_NAME_REQUIRED", _("Nama anggota majelis wajib diisi."))
    rules.check_majelis_composition(members=[(unit, chair) for _n, unit, chair in members])
    for name, unit, chair in members:
        MajelisMember.objects.create(case=case, name=name.strip(), unit=unit, is_chair=chair)
    before = case.status
    case.status, case.screening_note = to, note.strip()
    case.save(update_fields=["status", "screening_note"])
    audit.record(
        actor=actor, action="governance.ethics.case_examine", obj=case,
        before={"status": before}, after={"status": to, "majelis": len(members)},
    )  # fmt: skip
    return case


@transaction.atomic
def case_dismiss(*, actor: User, case: EthicsCase, reason: str) -> EthicsCase:
    """Stop a report that does not warrant examination, with the reason."""
    case, to = _locked(case, actor, states.Action.DISMISS)
    if not reason.strip():
        raise GovernanceError("REASON_REQUIRED", _("Alasan wajib diisi."))
    before = case.status
    case.status, case.screening_note, case.decided_at = to, reason.strip(), db_now()
    case.save(update_fields=["status", "screening_note", "decided_at"])
    audit.record(
        actor=actor, action="governance.ethics.case_dismiss", obj=case, before={"status": before},
        after={"status": to},
    )  # fmt: skip
    return case


@transaction.atomic
def case_decide(
    *, actor: User, case: EthicsCase, decision: str, reasoning: str, sanction: str = ""
) -> EthicsCase:
    """Record the majelis's decision and sanction (rules.check_case_decision)."""
    case, to = _locked(case, actor, states.Action.DECIDE)
    rules.check_case_decision(decision=decision, reasoning=reasoning, sanction=sanction)
    before = case.status
    case.status, case.decision, case.reasoning, case.sanction, case.decided_at = (
        to, decision, reasoning.strip(), sanction.strip(), db_now()
    )  # fmt: skip
    case.save(update_fields=["status", "decision", "reasoning", "sanction", "decided_at"])
    audit.record(
        actor=actor, action="governance.ethics.case_decide", obj=case, before={"status": before},
        after={"status": to, "decision": decision},
    )  # fmt: skip
    return case


@transaction.atomic
def case_report_public(
    *, agency: Agency, subject_name: str, allegation: str, contact: str = ""
) -> EthicsCase:
    """A member of the public reports a suspected breach without an account and without a name (the contact is
    optional and, like a staff reporter's identity, shown to nobody). The caller has passed the rate limit
    (``throttle.check``). Audited with no actor, no content and no client address."""
    rules.check_public_report(subject_name=subject_name, allegation=allegation)
    case = EthicsCase.objects.create(
        agency=agency, channel=EthicsCase.Channel.PUBLIC, subject_name=subject_name.strip(),
        allegation=allegation.strip(), reporter_contact=contact.strip()[:200], reported_at=db_now(),
    )  # fmt: skip
    audit.record(
        actor=None,
        action="governance.ethics.case_report_public",
        obj=case,
        after={"status": case.status},
        anonymous=True,
    )
    return case


@transaction.atomic
def hearing_record(
    *, actor: User, case: EthicsCase, held_on: dt.date, attendees: str, minutes: str
) -> Hearing:
    """Record a hearing of the majelis on a case under examination (rules.check_hearing)."""
    _ensure_head(actor, case.agency_id)
    case = EthicsCase.objects.select_for_update().get(pk=case.pk)
    rules.check_hearing(
        status=case.status, held_on=held_on, today=local_date(db_now()), attendees=attendees, minutes=minutes
    )
    hearing = Hearing.objects.create(
        case=case, held_on=held_on, attendees=attendees.strip(), minutes=minutes.strip(), recorded_by=actor
    )
    audit.record(actor=actor, action="governance.ethics.hearing", obj=case, after={"held_on": str(held_on)})
    return hearing


@transaction.atomic
def case_appeal(*, actor: User, case: EthicsCase, grounds: str) -> EthicsCase:
    """Record the reported person's appeal against the decision, inside the appeal window (rules.check_appeal,
    read against the database clock)."""
    case, to = _locked(case, actor, states.Action.APPEAL)
    assert case.decided_at is not None  # a DECIDED case has its decision time
    rules.check_appeal(decided_on=local_date(case.decided_at), today=local_date(db_now()), grounds=grounds)
    before = case.status
    case.status, case.appeal_grounds, case.appealed_at = to, grounds.strip(), db_now()
    case.save(update_fields=["status", "appeal_grounds", "appealed_at"])
    audit.record(
        actor=actor, action="governance.ethics.case_appeal", obj=case, before={"status": before},
        after={"status": to},
    )  # fmt: skip
    return case


@transaction.atomic
def case_decide_appeal(
    *, actor: User, case: EthicsCase, outcome: str, reasoning: str, sanction: str = ""
) -> EthicsCase:
    """Record the appeal's outcome (rules.check_appeal_decision); an amended sanction replaces the first one,
    an overturned decision clears it."""
    case, to = _locked(case, actor, states.Action.DECIDE_APPEAL)
    rules.check_appeal_decision(
        outcome=outcome, reasoning=reasoning, sanction=sanction, first_decision=case.decision
    )
    before = case.status
    case.status, case.appeal_outcome, case.appeal_reasoning, case.appeal_decided_at = (
        to, outcome, reasoning.strip(), db_now()
    )  # fmt: skip
    if outcome == EthicsCase.AppealOutcome.AMENDED:
        case.sanction = sanction.strip()
    elif outcome == EthicsCase.AppealOutcome.OVERTURNED:
        case.sanction = ""
    case.save(update_fields=["status", "appeal_outcome", "appeal_reasoning", "appeal_decided_at", "sanction"])
    audit.record(
        actor=actor, action="governance.ethics.case_decide_appeal", obj=case, before={"status": before},
        after={"status": to, "outcome": outcome},
    )  # fmt: skip
    return case
