"""The role x action matrix for the desk's pages and API operations (lentera.testing.run_matrix): a role not
allowed is refused and the database does not change; plus the reporter's scope (only their own tickets)."""

import pytest
from django.test import Client
from django.urls import reverse

from lentera.core.roles import Role
from lentera.servicedesk import services
from lentera.servicedesk.enums import Category
from lentera.servicedesk.models import Ticket
from lentera.servicedesk.states import Status
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import denied

DESK = frozenset({Role.HELPDESK, Role.KASUBAG_LPSE})
EVERYONE = frozenset(Role.values)


@pytest.fixture
def ticket(at_setup, provider):
    return services.ticket_create(
        actor=provider, category=Category.CONSULTATION, subject="Tanya", description="Bagaimana?"
    )


@denied(
    "GET /api/v1/servicedesk/tickets",
    "GET /api/v1/servicedesk/desk/queue",
    "GET /api/v1/servicedesk/desk/tickets/{ticket_id}",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/messages",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/transitions",
)
def test_desk_pages_and_operations_follow_the_matrix(ticket, users_by_role):
    def get(name, *args):
        url = reverse(f"servicedesk:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"servicedesk:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    def api(method, path, body=None):
        def run(c, h):
            return getattr(c, method)(
                "/api/v1/servicedesk" + path, data=body or {}, content_type="application/json", **h
            )

        return run

    from lentera.servicedesk import tokens

    anonymous = services.ticket_create(
        actor=None, category=Category.OTHER, subject="s", description="d", reporter_name="A",
        reporter_email="a@example.com",
    )  # fmt: skip
    link, digest = tokens.new_link_secret(anonymous.pk)
    Ticket.objects.filter(pk=anonymous.pk).update(follow_up_hash=digest)
    from lentera.accounts.tests.factories import user_with_role
    from lentera.servicedesk import knowledge

    writer = user_with_role(Role.HELPDESK)
    published = knowledge.article_create(
        actor=writer, category="ACCOUNT", title_id="Terbit", body_id="isi", published=True
    )
    draft = knowledge.article_create(actor=writer, category="ACCOUNT", title_id="Draf", body_id="isi")
    article_body = {"category": "ACCOUNT", "title_id": "t", "body_id": "b"}
    actions = [
        Action("kb.get", EVERYONE, get("kb"), anonymous_allowed=True),
        Action("kb_article.get", EVERYONE, get("kb_article", published.slug), anonymous_allowed=True),
        Action("kb_manage.get", DESK, get("kb_manage")),
        Action("kb_manage.post", DESK, post("kb_manage", data={"category": "ACCOUNT"})),
        Action("kb_edit.get", DESK, get("kb_edit", draft.pk)),
        Action("kb_edit.post", DESK, post("kb_edit", draft.pk, data={"category": "ACCOUNT"})),
        Action("kb_from_ticket.post", DESK, post("kb_from_ticket", ticket.pk)),
        Action("api.articles", EVERYONE, api("get", "/articles"), api=True, anonymous_allowed=True),
        Action("api.desk_articles", DESK, api("get", "/desk/articles"), api=True),
        Action("api.article_create", DESK, api("post", "/articles", article_body), api=True),
        Action("api.article_update", DESK, api("put", f"/articles/{draft.slug}", article_body), api=True),
        Action("api.ticket_article", DESK, api("post", f"/desk/tickets/{ticket.pk}/article"), api=True),
        Action("help.get", EVERYONE, get("help"), anonymous_allowed=True),
        Action("follow.get", EVERYONE, get("follow", link), anonymous_allowed=True),
        Action("mine.get", EVERYONE, get("mine")),
        Action("queue.get", DESK, get("queue")),
        Action("stats.get", frozenset({Role.KASUBAG_LPSE}), get("stats")),
        Action("api.stats", frozenset({Role.KASUBAG_LPSE}), api("get", "/desk/stats?year=2026"), api=True),
        Action("desk_detail.get", DESK, get("desk_detail", ticket.pk)),
        Action("desk_action.note", DESK, post("desk_action", ticket.pk, "note", data={"body": "x"})),
        Action("log.post", DESK, post("log", data={"channel": "PHONE"})),
        Action("api.list", EVERYONE, api("get", "/tickets"), api=True),
        Action("api.queue", DESK, api("get", "/desk/queue"), api=True),
        Action("api.desk_detail", DESK, api("get", f"/desk/tickets/{ticket.pk}"), api=True),
        Action(
            "api.desk_note",
            DESK,
            api("post", f"/desk/tickets/{ticket.pk}/messages", {"kind": "NOTE", "body": "x"}),
            api=True,
        ),
        Action(
            "desk_action.escalate",
            DESK,
            post("desk_action", ticket.pk, "escalate", data={"to_tier": "LPSE", "reason": "x"}),
        ),
        Action("api.escalations", DESK, api("get", f"/desk/tickets/{ticket.pk}/escalations"), api=True),
        Action(
            "api.escalate",
            DESK,
            api("post", f"/desk/tickets/{ticket.pk}/escalations", {"to_tier": "LPSE", "reason": "x"}),
            api=True,
        ),
        Action(
            "api.desk_transition",
            DESK,
            api("post", f"/desk/tickets/{ticket.pk}/transitions", {"action": "OPEN"}),
            api=True,
        ),
    ]
    assert run_matrix(actions, users_by_role) == []


@denied("GET /api/v1/servicedesk/tickets/{ticket_id}", "POST /api/v1/servicedesk/tickets/{ticket_id}/reply")
def test_reporter_sees_only_own_tickets(ticket, provider, make_user):
    other = make_user(Role.PENYEDIA)
    client = login_client(other, Role.PENYEDIA)
    assert client.get(reverse("servicedesk:mine_detail", args=[ticket.pk])).status_code == 404
    assert (
        client.post(reverse("servicedesk:mine_action", args=[ticket.pk, "reply"]), {"body": "x"}).status_code
        == 404
    )
    assert ticket.number not in client.get(reverse("servicedesk:mine")).content.decode()
    headers = api_headers(other, Role.PENYEDIA)
    response = Client().get(f"/api/v1/servicedesk/tickets/{ticket.pk}", **headers)
    assert response.status_code == 404 and response.json()["error"]["code"] == "TICKET_NOT_FOUND"
    response = Client().post(
        f"/api/v1/servicedesk/tickets/{ticket.pk}/reply",
        {"body": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert Client().get("/api/v1/servicedesk/tickets", **headers).json() == []
    # api_headers minted a token, so the ticket's own rows are compared rather than the whole database
    assert Ticket.objects.get(pk=ticket.pk).messages.count() == 1
    own = Client().get("/api/v1/servicedesk/tickets", **api_headers(provider, Role.PENYEDIA)).json()
    assert [t["number"] for t in own] == [ticket.number]


@denied("POST /api/v1/servicedesk/tickets", "POST /api/v1/servicedesk/tickets/{ticket_id}/transitions")
def test_anonymous_cannot_list_or_read(ticket):
    client = Client()
    response = client.get(reverse("servicedesk:mine"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client.get("/api/v1/servicedesk/tickets").status_code == 401
    assert client.get(f"/api/v1/servicedesk/tickets/{ticket.pk}").status_code == 401
    assert client.get("/api/v1/servicedesk/desk/queue").status_code == 401
    before = db_fingerprint()
    opened = client.post(
        "/api/v1/servicedesk/tickets",
        {"category": "OTHER", "subject": "x", "description": "y"},
        content_type="application/json",
    )
    closed = client.post(
        f"/api/v1/servicedesk/tickets/{ticket.pk}/transitions",
        {"action": "CLOSE"},
        content_type="application/json",
    )
    assert (opened.status_code, closed.status_code) == (401, 401)
    assert db_fingerprint() == before


@denied("POST /api/v1/servicedesk/desk/tickets/{ticket_id}/assign")
def test_provider_cannot_act_as_officer_on_their_own_ticket(ticket, provider):
    headers = api_headers(provider, Role.PENYEDIA)
    before = db_fingerprint()
    for path, body in [
        (f"/desk/tickets/{ticket.pk}/assign", {}),
        (f"/desk/tickets/{ticket.pk}/transitions", {"action": "OPEN"}),
        (f"/desk/tickets/{ticket.pk}/messages", {"kind": "NOTE", "body": "x"}),
    ]:
        response = Client().post(
            "/api/v1/servicedesk" + path, body, content_type="application/json", **headers
        )
        assert response.status_code == 403, path
    # the reporter's own close is refused too while the ticket is not resolved (the table says so)
    response = Client().post(
        f"/api/v1/servicedesk/tickets/{ticket.pk}/transitions",
        {"action": "CLOSE"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "TRANSITION_NOT_ALLOWED"
    assert db_fingerprint() == before
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
