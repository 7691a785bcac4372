"""The visitor's journey in a real browser: a ticket from the help page without an account, the follow-up link
from the e-mail, a reply, the desk's resolution and the visitor's rating."""

import re

import pytest
from django.core import mail as outbox
from django.core.cache import cache

from lentera.servicedesk import services
from lentera.servicedesk.models import Ticket, TicketRating
from lentera.servicedesk.states import Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_follows_replies_and_rates_by_the_link(live_server, browser, officer):
    cache.clear()
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/bantuan/")
    page.select_option("#id_category", "ACCOUNT")
    page.fill("#id_subject", "Akun terkunci")
    page.fill("#id_description", "Saya tidak bisa masuk sejak kemarin.")
    page.fill("#id_reporter_name", "Budi Santoso")
    page.fill("#id_reporter_email", "budi@example.com")
    page.click("text=Kirim tiket")
    assert "budi@example.com" in page.content()
    link = re.search(r"(http\S+/bantuan/ikuti/\S+/)", outbox.outbox[-1].body).group(1)
    ticket = Ticket.objects.get()
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_note(actor=officer, ticket=ticket, body="Cek log masuk")
    services.ticket_wait(actor=officer, ticket=ticket, body="Mohon sebutkan User ID Anda.")
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    assert "Mohon sebutkan User ID Anda." in page.content() and "Cek log masuk" not in page.content()
    page.fill("#id_body", "User ID saya budi01.")
    page.click("text=Kirim balasan")
    assert "User ID saya budi01." in page.content()
    assert Ticket.objects.get().status == Status.ASSIGNED
    services.ticket_resolve(actor=officer, ticket=ticket, body="Akun sudah dibuka kembali.")
    page.reload()
    page.check("#id_score_5")
    page.fill("#id_comment", "Terima kasih")
    page.click("text=Kirim penilaian")
    assert "5 dari 5" in page.content()
    assert TicketRating.objects.get(ticket=ticket).score == 5
