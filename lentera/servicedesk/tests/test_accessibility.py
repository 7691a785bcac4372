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
def test_desk_pages_pass_axe_wcag_21_aa(live_server, browser, settings, provider, officer, kasubag):
    from lentera.servicedesk import escalations, tokens
    from lentera.servicedesk.enums import LkppBasis, Tier
    from lentera.servicedesk.models import Ticket

    ticket = services.ticket_create(
        actor=provider, category=Category.TECH_APPLICATION, subject="Galat", description="Galat 500"
    )
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_note(actor=officer, ticket=ticket, body="Catatan")
    escalations.ticket_escalate(
        actor=kasubag, ticket=ticket, to_tier=Tier.LKPP, reason="x", lkpp_basis=LkppBasis.UNSOLVED,
        lkpp_reference="LKPP-1",
    )  # fmt: skip
    done = services.ticket_create(actor=provider, category=Category.OTHER, subject="Selesai", description="d")
    services.ticket_assign(actor=officer, ticket=done, assignee=officer)
    services.ticket_resolve(actor=officer, ticket=done, body="Beres")
    visitor = services.ticket_create(
        actor=None, category=Category.OTHER, subject="Tamu", description="d", reporter_name="Budi",
        reporter_email="budi@example.com",
    )  # fmt: skip
    link, digest = tokens.new_link_secret(visitor.pk)
    Ticket.objects.filter(pk=visitor.pk).update(follow_up_hash=digest)
    from lentera.servicedesk import knowledge

    article = knowledge.article_create(
        actor=officer, category=Category.ACCOUNT, title_id="Lupa sandi", body_id="Baris 1\nBaris 2",
        published=True,
    )  # fmt: skip
    pages = {
        None: [
            reverse("servicedesk:help"),
            reverse("servicedesk:follow", args=[link]),
            reverse("servicedesk:kb") + "?q=sandi",
            reverse("servicedesk:kb_article", args=[article.slug]),
        ],
        (provider, Role.PENYEDIA): [
            reverse("servicedesk:help"),
            reverse("servicedesk:mine"),
            reverse("servicedesk:mine_detail", args=[ticket.pk]),
            reverse("servicedesk:mine_detail", args=[done.pk]),
        ],
        (kasubag, Role.KASUBAG_LPSE): [
            reverse("servicedesk:stats"),
            reverse("servicedesk:desk_detail", args=[ticket.pk]),
        ],
        (officer, Role.HELPDESK): [
            reverse("servicedesk:queue"),
            reverse("servicedesk:desk_detail", args=[ticket.pk]),
            reverse("servicedesk:log"),
            reverse("servicedesk:kb_manage"),
            reverse("servicedesk:kb_edit", args=[article.pk]),
            reverse("servicedesk:desk_detail", args=[done.pk]),
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
