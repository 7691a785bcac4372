"""The work queue: an opening waiting for a Pokja member's passphrase, with its deadline, reaches them even when
they act in another role they hold (issue #20 item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lentera.accounts.tests.factories import RoleAssignmentFactory
from lentera.bidding.services import tender_keys_create
from lentera.core import dashboard
from lentera.core.roles import Role
from lentera.tendering.enums import Stage
from lentera.testing import login_client

from .factories import clock_at, give_opening_keys, make_tender, submit_bid

pytestmark = pytest.mark.django_db


def _opening_waits():
    world = make_tender(members=3, providers=1)
    give_opening_keys(world.members)
    tender_keys_create(actor=world.members[0], tender=world.tender)
    submit_bid(world, 0)
    return world


def test_opening_waiting_for_my_share_is_in_my_queue_with_its_deadline(media_root):
    world = _opening_waits()
    member = world.members[1]
    with clock_at(world.deadline + dt.timedelta(minutes=5)):
        items = dashboard.items_for(member, Role.POKJA)
        opening = [i for i in items if i.url == reverse("bidding:opening_index")]
        assert len(opening) == 1 and opening[0].count == 1
        assert opening[0].deadline == world.schedule[Stage.OPENING][1]
        assert world.tender.code in opening[0].hint
        page = login_client(member, Role.POKJA).get(reverse("accounts:dashboard")).content.decode()
    assert "Pembukaan penawaran menunggu kata sandi Anda" in page
    assert "Batas waktu" in page and world.tender.code in page


def test_pokja_member_acting_as_pengelola_pbj_sees_the_opening_and_can_switch_to_it(media_root):
    world = _opening_waits()
    member = world.members[1]
    RoleAssignmentFactory(user=member, role=Role.PENGELOLA_PBJ, work_unit=None)
    client = login_client(member, Role.PENGELOLA_PBJ)
    with clock_at(world.deadline + dt.timedelta(minutes=5)):
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Menunggu Anda dalam peran lain" in page
        assert "Pembukaan penawaran menunggu kata sandi Anda" in page
        assert "Kerjakan sebagai Anggota Pokja Pemilihan" in page
        switched = client.post(
            reverse("accounts:role_switch"),
            {"role": Role.POKJA, "next": reverse("bidding:opening_index")},
        )
        assert switched["Location"] == reverse("bidding:opening_index")
        assert client.get(reverse("bidding:opening_index")).status_code == 200


def test_nothing_from_other_roles_when_no_opening_waits(media_root):
    world = _opening_waits()
    member = world.members[1]
    RoleAssignmentFactory(user=member, role=Role.PENGELOLA_PBJ, work_unit=None)
    # before the deadline nothing waits: bids are still coming in
    with clock_at(world.deadline - dt.timedelta(minutes=5)):
        page = login_client(member, Role.PENGELOLA_PBJ).get(reverse("accounts:dashboard")).content.decode()
    assert "Menunggu Anda dalam peran lain" not in page
