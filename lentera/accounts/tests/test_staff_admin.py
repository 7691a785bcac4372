"""Staff administration by system / UKPBJ admins: accounts, roles by decree (with file), revocation, status."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lentera.accounts import services
from lentera.accounts.errors import AccountsError
from lentera.accounts.models import RoleAssignment, User, WorkUnit
from lentera.accounts.tests.factories import RoleAssignmentFactory, WorkUnitFactory, user_with_role
from lentera.core.dashboard import items_for
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VALID_NIP = "198204052008011004"
ADMINS = frozenset({Role.SYSADMIN, Role.ADMIN_UKPBJ})
_seq = itertools.count(1)


@pytest.fixture
def admin(unit):
    return user_with_role(Role.ADMIN_UKPBJ, work_unit=unit)


@pytest.fixture
def admin_client(admin):
    return login_client(admin, Role.ADMIN_UKPBJ)


@pytest.fixture
def person(unit):
    return user_with_role(Role.PENGELOLA_PBJ, work_unit=unit)


def _assign_data(unit, **overrides):
    data = {
        "role": Role.POKJA,
        "work_unit": unit.pk,
        "starts_on": "2026-02-01",
        "ends_on": "",
        "decree_number": "027/015/SK-POKJA/2026",
        "decree_date": "2026-01-28",
    }
    return data | overrides


def test_admin_creates_a_staff_account_and_the_person_sets_a_password_by_mail(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:person_new"),
            {
                "user_id": "Rina.PPK",
                "full_name": "Rina Kartika",
                "email": "rina@kabuji.go.id",
                "phone": "0812",
                "nip": VALID_NIP,
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:person", args=["Rina.PPK"])
    person = User.objects.get(user_id="Rina.PPK")
    assert person.nip == VALID_NIP and not person.has_usable_password()
    assert AuditEvent.objects.filter(action="accounts.user.create", object_id=str(person.pk)).exists()

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rina@kabuji.go.id"]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/akun/sandi/atur/" in line)
    client = Client()
    form = client.get(link[link.index("/akun/") :], follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "Rahasia-Baru-77x", "new_password2": "Rahasia-Baru-77x"}
    )
    person.refresh_from_db()
    assert person.check_password("Rahasia-Baru-77x")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "12345", "NIP harus 18 digit angka."),
        ("nip", "198213452008011004", "NIP memuat tanggal lahir yang tidak valid."),
        ("nip", "198204052008013004", "NIP memuat kode jenis kelamin yang tidak valid."),
        ("user_id", "a b", "User ID minimal 3 karakter"),
        ("email", "bukan-email", "Masukkan alamat email yang valid."),
    ],
)
def test_invalid_staff_data_is_refused_and_nothing_is_stored(admin_client, field, value, message):
    data = {"user_id": "staf.baru", "full_name": "Staf Baru", "email": "staf@kabuji.go.id", "nip": ""}
    data[field] = value
    before = db_fingerprint()
    response = admin_client.post(reverse("accounts:person_new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert db_fingerprint() == before


def test_user_id_is_unique_case_insensitively(admin_client, person):
    response = admin_client.post(
        reverse("accounts:person_new"),
        {"user_id": person.user_id.upper(), "full_name": "Kembar", "email": "kembar@kabuji.go.id"},
    )
    assert response.status_code == 400
    assert "User ID ini sudah dipakai." in response.content.decode()


def test_admin_assigns_a_role_with_decree_file(admin, admin_client, person, unit):
    data = _assign_data(unit) | {"decree_file": SimpleUploadedFile("sk.pdf", PDF, "application/pdf")}
    response = admin_client.post(reverse("accounts:person_role_assign", args=[person.user_id]), data)
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person, role=Role.POKJA)
    assert assignment.decree_number == "027/015/SK-POKJA/2026"
    assert assignment.decree_date == dt.date(2026, 1, 28) and assignment.agency == unit.agency
    assert assignment.decree_file.read() == PDF
    event = AuditEvent.objects.get(action="accounts.role.assign", object_id=str(assignment.pk))
    assert event.actor_user_id == admin.pk and event.role == Role.ADMIN_UKPBJ
    page = admin_client.get(reverse("accounts:person", args=[person.user_id])).content.decode()
    assert "027/015/SK-POKJA/2026" in page


def test_decree_file_must_be_a_pdf_or_image(admin_client, person, unit):
    data = _assign_data(unit) | {
        "decree_file": SimpleUploadedFile("sk.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf")
    }
    before = db_fingerprint()
    response = admin_client.post(reverse("accounts:person_role_assign", args=[person.user_id]), data)
    assert response.status_code == 400
    assert "isinya bukan PDF, JPEG, PNG" in response.content.decode()
    assert db_fingerprint() == before


def test_decree_number_is_required_and_period_must_be_valid(admin_client, person, unit):
    url = reverse("accounts:person_role_assign", args=[person.user_id])
    before = db_fingerprint()
    assert admin_client.post(url, _assign_data(unit, decree_number="")).status_code == 400
    response = admin_client.post(url, _assign_data(unit, ends_on="2026-01-01"))
    assert response.status_code == 400
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert db_fingerprint() == before


def test_the_same_role_twice_in_an_overlapping_period_is_refused(admin, person, unit):
    services.role_assign(
        actor=admin,
        user=person,
        role=Role.POKJA,
        work_unit=unit,
        starts_on=dt.date(2026, 1, 1),
        decree_number="A",
    )
    with pytest.raises(AccountsError) as exc:
        services.role_assign(
            actor=admin,
            user=person,
            role=Role.POKJA,
            work_unit=unit,
            starts_on=dt.date(2026, 6, 1),
            decree_number="B",
        )
    assert exc.value.code == "ROLE_ALREADY_HELD"


def test_admin_revokes_a_role_with_a_reason(admin_client, person):
    assignment = person.role_assignments.get()
    url = reverse("accounts:person_role_revoke", args=[assignment.pk])
    before = db_fingerprint()
    refused = admin_client.post(url, {"reason": "  "}, follow=True)
    assert "Alasan pencabutan wajib diisi." in refused.content.decode()
    assert db_fingerprint() == before
    response = admin_client.post(url, {"reason": "Mutasi ke dinas lain"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert Role.PENGELOLA_PBJ not in User.objects.get(pk=person.pk).active_role_codes()
    event = AuditEvent.objects.get(action="accounts.role.revoke")
    assert event.after["reason"] == "Mutasi ke dinas lain"


def test_admin_activates_a_pending_account_and_deactivation_needs_a_reason(admin_client, person):
    User.objects.filter(pk=person.pk).update(status=User.Status.PENDING)
    url = reverse("accounts:person_status", args=[person.user_id])
    assert admin_client.post(url, {"status": User.Status.ACTIVE, "reason": ""}).status_code == 302
    person.refresh_from_db()
    assert person.status == User.Status.ACTIVE
    response = admin_client.post(url, {"status": User.Status.DEACTIVATED, "reason": ""})
    assert response.status_code == 400 and "Alasan penonaktifan wajib diisi." in response.content.decode()
    person.refresh_from_db()
    assert person.status == User.Status.ACTIVE


def test_admin_cannot_change_their_own_status(admin, admin_client):
    response = admin_client.post(
        reverse("accounts:person_status", args=[admin.user_id]),
        {"status": User.Status.DEACTIVATED, "reason": "x"},
    )
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.status == User.Status.ACTIVE


def test_agency_admin_sees_and_manages_only_their_own_agency(admin, admin_client, person, unit):
    other_unit = WorkUnitFactory()
    stranger = user_with_role(Role.PPK, work_unit=other_unit)
    listing = admin_client.get(reverse("accounts:people")).content.decode()
    assert person.user_id in listing and stranger.user_id not in listing
    assert admin_client.get(reverse("accounts:person", args=[stranger.user_id])).status_code == 404
    before = db_fingerprint()
    revoke = reverse("accounts:person_role_revoke", args=[stranger.role_assignments.get().pk])
    assert admin_client.post(revoke, {"reason": "x"}).status_code == 404
    # A unit of another agency is not even offered, and the service refuses it too.
    response = admin_client.post(
        reverse("accounts:person_role_assign", args=[person.user_id]), _assign_data(other_unit)
    )
    assert response.status_code == 400
    assert db_fingerprint() == before
    with pytest.raises(AccountsError) as exc:
        services.role_assign(
            actor=admin,
            user=person,
            role=Role.POKJA,
            work_unit=other_unit,
            starts_on=dt.date(2026, 1, 1),
            decree_number="X",
        )
    assert exc.value.code == "OUT_OF_SCOPE"


def test_api_role_assignment_outside_the_admins_agency_is_refused(admin):
    other_unit = WorkUnitFactory()
    target = user_with_role(Role.PPK, work_unit=other_unit)
    before = db_fingerprint()
    response = Client().post(
        f"/api/v1/accounts/users/{target.user_id}/roles",
        {
            "role": Role.POKJA,
            "work_unit_id": other_unit.pk,
            "starts_on": "2026-01-02",
            "decree_number": "X/1",
        },
        content_type="application/json",
        **api_headers(admin, Role.ADMIN_UKPBJ),
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "OUT_OF_SCOPE"
    assert db_fingerprint() != before  # only the token made for the call (api_headers) ...
    assert not target.role_assignments.filter(role=Role.POKJA).exists()  # ... no assignment


def test_system_admin_manages_every_agency(unit):
    sysadmin = user_with_role(Role.SYSADMIN, work_unit=WorkUnitFactory(kind=WorkUnit.Kind.LPSE))
    stranger = user_with_role(Role.PPK, work_unit=WorkUnitFactory())
    client = login_client(sysadmin, Role.SYSADMIN)
    assert client.get(reverse("accounts:person", args=[stranger.user_id])).status_code == 200


def test_provider_accounts_are_not_in_the_staff_list(admin_client):
    provider = user_with_role(Role.PENYEDIA)
    assert provider.user_id not in admin_client.get(reverse("accounts:people")).content.decode()
    assert admin_client.get(reverse("accounts:person", args=[provider.user_id])).status_code == 404


def test_dashboard_tells_admins_about_pending_accounts_and_roles_ending_soon(admin, unit):
    pending = user_with_role(Role.PPK, work_unit=unit)
    User.objects.filter(pk=pending.pk).update(status=User.Status.PENDING)
    RoleAssignmentFactory(
        user=user_with_role(Role.PPK, work_unit=unit),
        role=Role.POKJA,
        work_unit=unit,
        ends_on=timezone.localdate() + dt.timedelta(days=10),
    )
    RoleAssignmentFactory(
        role=Role.POKJA, ends_on=timezone.localdate() + dt.timedelta(days=10)
    )  # other agency
    items = {item.title: item for item in items_for(admin, Role.ADMIN_UKPBJ)}
    assert items["Akun pegawai menunggu aktivasi"].count == 1
    assert items["Penugasan peran berakhir dalam 30 hari"].count == 1
    page = login_client(admin, Role.ADMIN_UKPBJ).get(reverse("accounts:dashboard")).content.decode()
    assert "Akun pegawai menunggu aktivasi" in page
    listing = login_client(admin, Role.ADMIN_UKPBJ).get(reverse("accounts:people") + "?status=PENDING")
    assert [p.user_id for p in listing.context["people"]] == [pending.user_id]


def test_dashboard_for_others_shows_two_factor_and_tokens_only():
    provider = user_with_role(Role.PENYEDIA)
    titles = [item.title for item in items_for(provider, Role.PENYEDIA)]
    assert "Aktifkan verifikasi dua langkah" in titles and "Token API pribadi" in titles
    assert "Akun pegawai menunggu aktivasi" not in titles
    ppk = user_with_role(Role.PPK)
    assert "Aktifkan verifikasi dua langkah" not in [item.title for item in items_for(ppk, Role.PPK)]


def _people_actions(person: User, unit: WorkUnit) -> list[Action]:
    def assign(c, h):
        n = next(_seq)
        data = _assign_data(
            unit, starts_on=f"{2040 + n}-01-01", ends_on=f"{2040 + n}-12-31", decree_number=f"SK/{n}"
        )
        return c.post(reverse("accounts:person_role_assign", args=[person.user_id]), data)

    def create(c, h):
        n = next(_seq)
        data = {"user_id": f"staf{n}", "full_name": "Staf", "email": f"staf{n}@kabuji.go.id"}
        return c.post(reverse("accounts:person_new"), data)

    assignment = person.role_assignments.get()
    return [
        Action("people list", ADMINS, lambda c, h: c.get(reverse("accounts:people"))),
        Action("new person page", ADMINS, lambda c, h: c.get(reverse("accounts:person_new"))),
        Action("create person", ADMINS, create),
        Action("person page", ADMINS, lambda c, h: c.get(reverse("accounts:person", args=[person.user_id]))),
        Action("assign role", ADMINS, assign),
        Action(
            "set status",
            ADMINS,
            lambda c, h: c.post(
                reverse("accounts:person_status", args=[person.user_id]), {"status": "ACTIVE", "reason": ""}
            ),
        ),
        Action(
            "revoke role",
            ADMINS,
            lambda c, h: c.post(
                reverse("accounts:person_role_revoke", args=[assignment.pk]), {"reason": "uji"}
            ),
        ),
    ]


def test_staff_administration_matrix(staff_by_role, unit):
    person = user_with_role(Role.PENGELOLA_PBJ, work_unit=unit)
    assert run_matrix(_people_actions(person, unit), staff_by_role) == []
    assert person.role_assignments.filter(role=Role.POKJA).count() == 2  # both admin roles really assigned
    assert User.objects.filter(user_id__startswith="staf").count() == 2


def test_staff_pages_switch_to_english(admin_client):
    admin_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = admin_client.get(reverse("accounts:people")).content.decode()
    assert "Create a staff account" in page and "Buat akun pegawai" not in page


@pytest.mark.route("POST", "/api/v1/accounts/roles/{assignment_id}/revoke", allowed=True)
def test_api_revoke_needs_a_reason_and_records_it(admin):
    target = user_with_role(Role.POKJA, work_unit=admin.role_assignments.get().work_unit)
    assignment = target.role_assignments.get()
    headers = api_headers(admin, Role.ADMIN_UKPBJ)
    url = f"/api/v1/accounts/roles/{assignment.pk}/revoke"
    refused = Client().post(url, {"reason": ""}, content_type="application/json", **headers)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "REASON_REQUIRED"
    done = Client().post(url, {"reason": "SK dicabut"}, content_type="application/json", **headers)
    assert done.status_code == 200 and done.json()["revoked_at"]
    assert AuditEvent.objects.get(action="accounts.role.revoke").after["reason"] == "SK dicabut"


def test_user_set_status_deactivation_needs_a_reason_and_never_ones_own(admin, person):
    before = db_fingerprint()
    with pytest.raises(AccountsError) as exc:
        services.user_set_status(actor=admin, user=person, status=User.Status.DEACTIVATED, reason="  ")
    assert exc.value.code == "REASON_REQUIRED" and db_fingerprint() == before
    with pytest.raises(AccountsError) as exc:
        services.user_set_status(actor=admin, user=admin, status=User.Status.DEACTIVATED, reason="Uji")
    assert exc.value.code == "OWN_STATUS"
    services.user_set_status(
        actor=admin, user=person, status=User.Status.DEACTIVATED, reason="Melanggar ketentuan"
    )
    person.refresh_from_db()
    assert person.status == User.Status.DEACTIVATED and person.status_reason == "Melanggar ketentuan"
