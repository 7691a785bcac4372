"""The governance services: decrees with their scan checked by content, appointments granting roles that end with
the decree, the Perbup Pasal 3 field limit, revocation, certificates, the Pokja certificate guard; all audited."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.accounts.models import RoleAssignment
from lentera.accounts.tests.factories import user_with_role
from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.governance import services
from lentera.governance.enums import CertificateLevel, DecreeKind, LpseField, Position
from lentera.governance.errors import GovernanceError
from lentera.governance.models import Appointment, Certificate, Decree
from lentera.planning import services as planning_services
from lentera.planning.models import PokjaMember
from lentera.planning.tests.factories import build_world, members, nip
from lentera.tendering.tests.factories import pdf_upload
from lentera.testing import db_fingerprint

from .conftest import TODAY


def _decree(head, agency, **kw):
    base = {
        "kind": DecreeKind.UKPBJ_STAFF,
        "number": "800/1/SK/2026",
        "title": "Penugasan pegawai UKPBJ",
        "signed_on": TODAY,
        "valid_from": TODAY,
        "valid_until": None,
        "scan": pdf_upload(),
    }
    return services.decree_create(actor=head, agency=agency, **(base | kw))


def test_decree_create_records_the_scan_and_audits(at_setup, head, ukpbj):
    decree = _decree(head, ukpbj.agency)
    assert decree.scan_type == "application/pdf" and decree.scan.name.endswith(".pdf")
    event = AuditEvent.objects.filter(action="governance.decree.create").get()
    assert event.object_id == str(decree.pk) and event.after["number"] == "800/1/SK/2026"


def test_decree_create_judges_the_scan_by_content(at_setup, head, ukpbj):
    before = db_fingerprint()
    fake = SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(GovernanceError) as exc:
        _decree(head, ukpbj.agency, scan=fake)
    assert exc.value.code == "FILE_TYPE_NOT_ALLOWED"
    with pytest.raises(GovernanceError) as exc:
        _decree(head, ukpbj.agency, scan=SimpleUploadedFile("sk.pdf", b"", content_type="application/pdf"))
    assert exc.value.code == "EMPTY_FILE"
    assert db_fingerprint() == before


def test_decree_create_refusals(at_setup, head, ukpbj):
    with pytest.raises(GovernanceError) as exc:
        _decree(head, ukpbj.agency, signed_on=TODAY + dt.timedelta(days=1))
    assert exc.value.code == "DECREE_DATE_FUTURE"
    with pytest.raises(GovernanceError) as exc:
        _decree(head, ukpbj.agency, valid_until=TODAY - dt.timedelta(days=1))
    assert exc.value.code == "PERIOD_INVALID"
    _decree(head, ukpbj.agency)
    with pytest.raises(GovernanceError) as exc:
        _decree(head, ukpbj.agency, number="800/1/sk/2026")
    assert exc.value.code == "DECREE_NUMBER_TAKEN"


def test_decree_create_only_by_the_agencys_head_or_admin(at_setup, head, ukpbj):
    other_head = user_with_role(Role.KEPALA_UKPBJ)  # another agency
    with pytest.raises(GovernanceError) as exc:
        _decree(other_head, ukpbj.agency)
    assert exc.value.code == "OUT_OF_SCOPE" and exc.value.status == 403
    with pytest.raises(AccessDenied):
        _decree(user_with_role(Role.KASUBAG_LPSE, work_unit=ukpbj), ukpbj.agency)
    admin = user_with_role(Role.ADMIN_UKPBJ, work_unit=ukpbj)
    assert _decree(admin, ukpbj.agency).created_by == admin


def test_appointment_grants_the_role_for_the_decrees_period(team_decree, head, staff, lpse_unit):
    person = staff[0]
    appointment = services.appointment_create(
        actor=head,
        decree=team_decree,
        person=person,
        position=Position.LPSE_MEMBER,
        lpse_field=LpseField.SERVICE,
        role=Role.HELPDESK,
        work_unit=lpse_unit,
    )
    ra = appointment.role_assignment
    assert ra is not None and ra.role == Role.HELPDESK and ra.user == person
    assert (ra.starts_on, ra.ends_on) == (team_decree.valid_from, team_decree.valid_until)
    assert ra.decree_number == team_decree.number and ra.decree_date == team_decree.signed_on
    assert ra.is_active_on(dt.date(2026, 12, 31)) and not ra.is_active_on(dt.date(2027, 1, 1))
    assert AuditEvent.objects.filter(action="accounts.role.assign", object_id=str(ra.pk)).exists()
    assert AuditEvent.objects.filter(action="governance.appointment.create").count() == 1


def test_appointment_fifth_member_of_a_field_refused(team_decree, head, staff):
    for person in staff[:4]:
        services.appointment_create(
            actor=head,
            decree=team_decree,
            person=person,
            position=Position.LPSE_MEMBER,
            lpse_field=LpseField.SYSTEM,
        )
    before = db_fingerprint()
    with pytest.raises(GovernanceError) as exc:
        services.appointment_create(
            actor=head,
            decree=team_decree,
            person=staff[4],
            position=Position.LPSE_MEMBER,
            lpse_field=LpseField.SYSTEM,
            role=Role.SYSADMIN,
        )
    assert exc.value.code == "LPSE_FIELD_FULL" and "Perbup PPU 2/2021 Pasal 3" in str(exc.value)
    assert db_fingerprint() == before
    services.appointment_create(
        actor=head,
        decree=team_decree,
        person=staff[4],
        position=Position.LPSE_MEMBER,
        lpse_field=LpseField.SERVICE,
    )


def test_appointment_refused_on_a_lapsed_decree_and_twice(at_setup, head, ukpbj, staff):
    decree = _decree(head, ukpbj.agency, valid_from=dt.date(2025, 1, 1), signed_on=dt.date(2025, 1, 1),
                     valid_until=dt.date(2025, 12, 31))  # fmt: skip
    with pytest.raises(GovernanceError) as exc:
        services.appointment_create(
            actor=head, decree=decree, person=staff[0], position=Position.STAFF, role=Role.HELPDESK
        )
    assert exc.value.code == "DECREE_NOT_IN_FORCE"
    current = _decree(head, ukpbj.agency, number="800/2/SK/2026")
    services.appointment_create(
        actor=head, decree=current, person=staff[0], position=Position.STAFF, role=Role.HELPDESK
    )
    with pytest.raises(GovernanceError) as exc:
        services.appointment_create(
            actor=head, decree=current, person=staff[0], position=Position.STAFF, role=Role.HELPDESK
        )
    assert exc.value.code == "ALREADY_APPOINTED"


def test_decree_revoke_revokes_the_roles_it_granted(team_decree, head, staff):
    services.appointment_create(
        actor=head,
        decree=team_decree,
        person=staff[0],
        position=Position.LPSE_MEMBER,
        lpse_field=LpseField.REGISTRATION,
        role=Role.VERIFIKATOR,
    )
    assert staff[0].has_role(Role.VERIFIKATOR)
    with pytest.raises(GovernanceError):
        services.decree_revoke(actor=head, decree=team_decree, reason=" ")
    services.decree_revoke(actor=head, decree=team_decree, reason="Diganti SK baru")
    assert not RoleAssignment.objects.active().filter(user=staff[0], role=Role.VERIFIKATOR).exists()
    assert Decree.objects.get(pk=team_decree.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="governance.decree.revoke").count() == 1
    with pytest.raises(GovernanceError) as exc:
        services.decree_revoke(actor=head, decree=team_decree, reason="lagi")
    assert exc.value.code == "ALREADY_REVOKED"
    with pytest.raises(GovernanceError) as exc:
        services.appointment_create(
            actor=head, decree=team_decree, person=staff[1], position=Position.LPSE_SECRETARIAT
        )
    assert exc.value.code == "DECREE_NOT_IN_FORCE"
    assert Appointment.objects.count() == 1


def _certificate(head, agency, person, **kw):
    base = {
        "level": CertificateLevel.BASIC,
        "number": "LKPP-L1-1",
        "issued_on": dt.date(2024, 1, 1),
        "expires_on": dt.date(2027, 1, 1),
    }
    return services.certificate_record(actor=head, agency=agency, person=person, **(base | kw))


def test_certificate_record_and_refusals(at_setup, head, ukpbj, staff):
    c = _certificate(head, ukpbj.agency, staff[0], scan=pdf_upload("sertifikat.pdf"))
    assert c.scan_type == "application/pdf"
    assert AuditEvent.objects.filter(action="governance.certificate.record").count() == 1
    with pytest.raises(GovernanceError) as exc:
        _certificate(head, ukpbj.agency, staff[1], number="lkpp-l1-1")
    assert exc.value.code == "CERTIFICATE_NUMBER_TAKEN" and exc.value.status == 409
    with pytest.raises(GovernanceError) as exc:
        _certificate(head, ukpbj.agency, staff[1], number="N2", issued_on=TODAY + dt.timedelta(days=1))
    assert exc.value.code == "ISSUED_IN_FUTURE"
    with pytest.raises(GovernanceError) as exc:
        _certificate(head, ukpbj.agency, staff[1], number="N3", expires_on=dt.date(2023, 1, 1))
    assert exc.value.code == "PERIOD_INVALID"
    with pytest.raises(GovernanceError) as exc:
        _certificate(user_with_role(Role.ADMIN_UKPBJ), ukpbj.agency, staff[1], number="N4")
    assert exc.value.code == "OUT_OF_SCOPE"
    assert Certificate.objects.count() == 1


@pytest.fixture
def small_world(db):
    return build_world(pengelola=2)


def _certified_entry(w, number):
    user = user_with_role(Role.PPK, work_unit=w.dinkes, nip=nip())
    return user, planning_services.MemberInput(
        user=user,
        qualification=PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT,
        certificate_number=number,
        coordination_note="Surat Kadinkes 800/12",
        coordinated_on=dt.date.today(),
    )


def _form(w, entry):
    return planning_services.pokja_form(
        actor=w["kepala"],
        name="Pokja Uji",
        decree_number="027/9/SK/2026",
        decree_date=dt.date.today(),
        members=[*members(w.pengelola(2)), entry],
    )


def test_pokja_role_guard_refuses_a_lapsed_registered_certificate(small_world):
    w = small_world
    user, entry = _certified_entry(w, "LKPP-L1-LAPSED")
    today = dt.date.today()
    services.certificate_record(
        actor=w["kepala"], agency=w.agency, person=user, level=CertificateLevel.BASIC,
        number="LKPP-L1-LAPSED", issued_on=today - dt.timedelta(days=900), expires_on=today - dt.timedelta(days=1),
    )  # fmt: skip
    before = db_fingerprint()
    with pytest.raises(GovernanceError) as exc:
        _form(w, entry)
    assert exc.value.code == "POKJA_CERTIFICATE_EXPIRED" and "Pasal 15 ayat (3)" in str(exc.value)
    assert db_fingerprint() == before


def test_pokja_role_guard_refuses_another_persons_certificate_and_passes_a_valid_one(small_world):
    w = small_world
    today = dt.date.today()
    holder, entry = _certified_entry(w, "LKPP-L1-OK")
    services.certificate_record(
        actor=w["kepala"], agency=w.agency, person=holder, level=CertificateLevel.BASIC,
        number="LKPP-L1-OK", issued_on=today - dt.timedelta(days=10), expires_on=None,
    )  # fmt: skip
    _other, stolen = _certified_entry(w, "LKPP-L1-OK")
    with pytest.raises(GovernanceError) as exc:
        _form(w, stolen)
    assert exc.value.code == "POKJA_CERTIFICATE_OF_ANOTHER"
    pokja = _form(w, entry)
    assert RoleAssignment.objects.active().filter(user=holder, role=Role.POKJA).exists()
    assert pokja.active_members().count() == 3
