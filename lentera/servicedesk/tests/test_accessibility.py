"""The desk's pages pass axe-core's WCAG 2.1 A/AA rules in a real browser (reporter, officer, visitor)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from lentera.core.roles import Role
from lentera.servicedesk import services
from lentera.servicedesk.enums import Category
from lentera.testing import axe_violations, login_client


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_desk_pages_pass_axe_wcag_21_aa(live_server, browser, settings, provider, officer):
    ticket = services.ticket_create(
        actor=provider, category=Category.TECH_APPLICATION, subject="Galat", description="Galat 500"
    )
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_note(actor=officer, ticket=ticket, body="Catatan")
    pages = {
        None: [reverse("servicedesk:help")],
        (provider, Role.PENYEDIA): [
            reverse("servicedesk:help"),
            reverse("servicedesk:mine"),
            reverse("servicedesk:mine_detail", args=[ticket.pk]),
        ],
        (officer, Role.HELPDESK): [
            reverse("servicedesk:queue"),
            reverse("servicedesk:desk_detail", args=[ticket.pk]),
            reverse("servicedesk:log"),
        ],
    }
    failures = {}
    host = urlsplit(live_server.url)
    for who, paths in pages.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        if who is not None:
            client = login_client(*who)
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                  "domain": host.hostname, "path": "/"}]
            )  # fmt: skip
        page = context.new_page()
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            found = axe_violations(page)
            if found:
                failures[path] = found
        context.close()
    assert not failures, failures
