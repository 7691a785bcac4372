"""The desk's pages: render in Indonesian and English, and the forms do what they say."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lentera.core.menu import menu_for
from lentera.core.roles import Role
from lentera.servicedesk import services
from lentera.servicedesk.enums import Category, Channel
from lentera.servicedesk.models import Ticket, TicketMessage
from lentera.servicedesk.states import Status
from lentera.testing import login_client


@pytest.fixture
def ticket(at_setup, provider):
    return services.ticket_create(
        actor=provider, category=Category.TECH_APPLICATION, subject="Galat unggah", description="Galat 500"
    )


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_help_link_in_the_public_menu_and_for_signed_in_people(db):
    def labels(role):
        return [str(link.label) for section in menu_for(role) for link in section.links]

    assert "Bantuan / Help" in labels(None)
    assert "Bantuan / Help" in labels(Role.PENYEDIA) and "Bantuan / Help" in labels(Role.PPK)
    assert "Antrean helpdesk" in labels(Role.HELPDESK)
    assert "Antrean helpdesk" not in labels(Role.PENYEDIA)


def test_anonymous_visitor_opens_a_ticket_from_the_help_page(at_setup):
    client = Client()
    page = client.get(reverse("servicedesk:help"))
    assert "Bantuan / Help desk LPSE" in page.content.decode()
    response = client.post(
        reverse("servicedesk:help"),
        {
            "category": Category.ACCOUNT,
            "subject": "Lupa kata sandi",
            "description": "Email pemulihan tidak masuk",
            "reporter_name": "Budi",
            "reporter_email": "budi@example.com",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 200 and ticket.number in response.content.decode()
    assert ticket.reporter is None and ticket.channel == Channel.WEB
    refused = client.post(reverse("servicedesk:help"), {"category": Category.ACCOUNT, "subject": "x"})
    assert refused.status_code == 200 and Ticket.objects.count() == 1


def test_help_page_in_english(at_setup):
    page = _english(Client()).get(reverse("servicedesk:help"))
    text = page.content.decode()
    assert "Help / LPSE help desk" in text and "Send the ticket" in text


def test_signed_in_reporter_lists_reads_and_replies(ticket, provider):
    client = login_client(provider, Role.PENYEDIA)
    mine = client.get(reverse("servicedesk:mine")).content.decode()
    assert ticket.number in mine
    detail = client.get(reverse("servicedesk:mine_detail", args=[ticket.pk])).content.decode()
    assert "Galat 500" in detail and "Percakapan" in detail
    client.post(reverse("servicedesk:mine_action", args=[ticket.pk, "reply"]), {"body": "Masih galat"})
    assert ticket.messages.filter(kind=TicketMessage.Kind.REPLY, body="Masih galat").exists()
    english = _english(client).get(reverse("servicedesk:mine_detail", args=[ticket.pk])).content.decode()
    assert "Conversation" in english and "Technical problem: application" in english


def test_officer_queue_detail_and_actions(ticket, officer):
    client = login_client(officer, Role.HELPDESK)
    queue = client.get(reverse("servicedesk:queue")).content.decode()
    assert ticket.number in queue and "Sisa waktu" in queue
    assert "Time left" not in queue
    client.post(reverse("servicedesk:desk_action", args=[ticket.pk, "assign"]), {"assignee": officer.pk})
    client.post(reverse("servicedesk:desk_action", args=[ticket.pk, "note"]), {"body": "Rahasia desk"})
    client.post(reverse("servicedesk:desk_action", args=[ticket.pk, "resolve"]), {"body": "Sudah beres"})
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED and ticket.assignee == officer
    detail = client.get(reverse("servicedesk:desk_detail", args=[ticket.pk])).content.decode()
    assert "Rahasia desk" in detail
    english = _english(client).get(reverse("servicedesk:desk_detail", args=[ticket.pk])).content.decode()
    assert "Internal note" in english and "Reopen" in english
    # the reporter never sees the internal note
    reporter_page = login_client(ticket.reporter, Role.PENYEDIA).get(
        reverse("servicedesk:mine_detail", args=[ticket.pk])
    )
    assert "Rahasia desk" not in reporter_page.content.decode()


def test_refused_action_shows_the_reason_and_changes_nothing(ticket, officer):
    client = login_client(officer, Role.HELPDESK)
    response = client.post(
        reverse("servicedesk:desk_action", args=[ticket.pk, "resolve"]), {"body": "x"}, follow=True
    )
    assert "tidak dapat dilakukan" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_officer_logs_a_phone_ticket(at_setup, officer, provider):
    client = login_client(officer, Role.HELPDESK)
    assert client.get(reverse("servicedesk:log")).status_code == 200
    response = client.post(
        reverse("servicedesk:log"),
        {
            "channel": Channel.PHONE,
            "priority": "HIGH",
            "category": Category.COMPLAINT,
            "subject": "Layanan lambat",
            "description": "Penelepon mengeluh antrean verifikasi",
            "reporter_name": "Pak Joko",
            "reporter_phone": "0812",
            "reporter_user_id": provider.user_id,
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.channel == Channel.PHONE and ticket.logged_by == officer and ticket.reporter == provider
    assert ticket.priority == "HIGH"


def test_attachments_are_judged_by_content_and_only_their_ticket_reaches_them(
    ticket, provider, officer, media_root, make_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lentera.testing import pdf

    client = login_client(provider, Role.PENYEDIA)
    url = reverse("servicedesk:mine_action", args=[ticket.pk, "reply"])
    fake = SimpleUploadedFile("tangkapan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"body": "Lampiran", "attachments": [fake]}, follow=True)
    assert "tidak diterima" in response.content.decode()
    assert ticket.messages.count() == 1 and not ticket.attachments.exists()
    good = SimpleUploadedFile("layar.pdf", pdf(b"layar"), content_type="application/pdf")
    client.post(url, {"body": "Lampiran", "attachments": [good]})
    attachment = ticket.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.message.body == "Lampiran"
    download = client.get(reverse("servicedesk:mine_attachment", args=[ticket.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    desk = login_client(officer, Role.HELPDESK)
    assert (
        desk.get(reverse("servicedesk:desk_attachment", args=[ticket.pk, attachment.pk])).status_code == 200
    )
    other = login_client(make_user(Role.PENYEDIA), Role.PENYEDIA)
    assert (
        other.get(reverse("servicedesk:mine_attachment", args=[ticket.pk, attachment.pk])).status_code == 404
    )
    # the reporter cannot use the desk's door
    assert (
        client.get(reverse("servicedesk:desk_attachment", args=[ticket.pk, attachment.pk])).status_code == 403
    )
