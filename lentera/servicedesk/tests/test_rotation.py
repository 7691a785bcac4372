"""Round-robin assignment of new tickets among the officers on duty: the head of the LPSE sub-unit sets the
rotation (page and API); each new ticket takes the next officer inside its creation transaction."""

import pytest
from django.core import mail as outbox
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.audit import AuditEvent
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.servicedesk import rotation, rules, services
from lentera.servicedesk.enums import Category
from lentera.servicedesk.models import DeskRotation, RotationMember, TicketMessage
from lentera.servicedesk.states import Status
from lentera.testing import api_headers, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied


def test_next_in_rotation_takes_turns_and_wraps_round():
    assert rules.next_in_rotation(members=[], last=None) is None
    assert rules.next_in_rotation(members=[7, 3, 5], last=None) == 3
    assert rules.next_in_rotation(members=[3, 5, 7], last=3) == 5
    assert rules.next_in_rotation(members=[3, 5, 7], last=7) == 3
    assert rules.next_in_rotation(members=[3, 5, 7], last=4) == 5  # the last one left the rotation
    assert rules.next_in_rotation(members=[3], last=3) == 3


def _new(provider, subject="Tanya"):
    return services.ticket_create(actor=provider, category=Category.OTHER, subject=subject, description="?")


def test_new_tickets_go_round_the_officers_on_duty(
    at_setup, provider, officer, kasubag, django_capture_on_commit_callbacks
):
    second = user_with_role(Role.HELPDESK)
    off_duty = user_with_role(Role.HELPDESK)
    assert _new(provider).status == Status.NEW  # nobody on duty: manual assignment
    rotation.rotation_set(actor=kasubag, user_ids=[officer.pk, second.pk])
    outbox.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first, then, again = _new(provider, "a"), _new(provider, "b"), _new(provider, "c")
    assert [t.assignee_id for t in (first, then, again)] == sorted([officer.pk, second.pk]) + [
        min(officer.pk, second.pk)
    ]
    assert first.status == Status.ASSIGNED and off_duty.pk not in {
        t.assignee_id for t in (first, then, again)
    }
    assert TicketMessage.objects.filter(ticket=first, kind="EVENT", body__contains="giliran").exists()
    assert AuditEvent.objects.filter(action="servicedesk.ticket.auto_assign").count() == 3
    assert DeskRotation.objects.get(pk=1).last_assigned_id == again.assignee_id
    told = [m for m in outbox.outbox if "ditugaskan kepada Anda" in m.subject]
    assert len(told) == 3  # each officer hears of the ticket given to them (after the commit)
    # a member who no longer holds a desk role today is skipped
    second.role_assignments.all().delete()
    assert _new(provider, "d").assignee_id == officer.pk


def test_rotation_set_refusals_change_nothing(at_setup, officer, kasubag, provider):
    before = db_fingerprint()
    with pytest.raises(LenteraError):
        rotation.rotation_set(actor=officer, user_ids=[officer.pk])  # only the head of the sub-unit
    with pytest.raises(LenteraError) as not_officer:
        rotation.rotation_set(actor=kasubag, user_ids=[provider.pk])
    assert not_officer.value.code == "NOT_AN_OFFICER"
    assert db_fingerprint() == before


def test_rotation_page_from_the_menu(at_setup, officer, kasubag, provider):
    head = login_client(kasubag, Role.KASUBAG_LPSE)
    url = reverse("servicedesk:rotation")
    assert url in head.get(reverse("servicedesk:queue")).content.decode()  # the menu links it
    page = head.get(url).content.decode()
    assert 'name="members"' in page and "Simpan rotasi" in page
    assert head.post(url, {"members": [officer.pk]}).status_code == 302
    assert list(RotationMember.objects.values_list("user_id", flat=True)) == [officer.pk]
    desk = login_client(officer, Role.HELPDESK)
    seen = desk.get(url).content.decode()
    assert "disabled" in seen and "Simpan rotasi" not in seen
    before = db_fingerprint()
    desk.post(url, {"members": []})
    assert db_fingerprint() == before
    assert login_client(provider, Role.PENYEDIA).get(url).status_code in (403, 404)


@allowed("GET /api/v1/servicedesk/desk/rotation", "PUT /api/v1/servicedesk/desk/rotation")
@denied("GET /api/v1/servicedesk/desk/rotation", "PUT /api/v1/servicedesk/desk/rotation")
def test_api_rotation(at_setup, officer, kasubag, provider):
    path = "/api/v1/servicedesk/desk/rotation"
    head, desk, reporter = (
        api_headers(kasubag, Role.KASUBAG_LPSE),
        api_headers(officer, Role.HELPDESK),
        api_headers(provider, Role.PENYEDIA),
    )
    before = db_fingerprint()
    assert Client().get(path, **reporter).status_code == 403
    refused = Client().put(path, {"member_ids": [officer.pk]}, content_type="application/json", **desk)
    assert refused.status_code == 403 and db_fingerprint() == before
    done = Client().put(path, {"member_ids": [officer.pk]}, content_type="application/json", **head)
    assert done.status_code == 200
    rows = {o["id"]: o["in_rotation"] for o in done.json()["officers"]}
    assert rows[officer.pk] is True and rows[kasubag.pk] is False
    assert Client().get(path, **desk).json()["officers"] == done.json()["officers"]
