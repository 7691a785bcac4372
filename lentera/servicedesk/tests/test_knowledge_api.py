"""The knowledge base and attachments through the API: the public list and article (published only, in the
language asked for), the desk's writes (POST, PUT publishes), the draft from a resolved ticket, a reply citing an
article, and replies with files (multipart, the same checks as the web form) with their downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lentera.core.roles import Role
from lentera.servicedesk import knowledge, services
from lentera.servicedesk.enums import Category
from lentera.servicedesk.models import Article, TicketAttachment
from lentera.testing import api_headers, db_fingerprint, pdf
from lentera.testing_routes import allowed, denied

API = "/api/v1/servicedesk"
BODY = {"category": "ACCOUNT", "title_id": "Lupa kata sandi", "body_id": "Gunakan tautan pemulihan."}


def call(method, path, headers=None, body=None):
    return getattr(Client(), method)(
        API + path, data=body or {}, content_type="application/json", **(headers or {})
    )


@pytest.fixture
def heads(at_setup, provider, officer):
    return api_headers(provider, Role.PENYEDIA), api_headers(officer, Role.HELPDESK)


@allowed(
    f"POST {API}/articles",
    f"PUT {API}/articles/{{slug}}",
    f"GET {API}/articles",
    f"GET {API}/articles/{{slug}}",
    f"GET {API}/desk/articles",
)
def test_api_articles_written_by_the_desk_read_by_anyone(heads):
    _reporter, desk = heads
    made = call("post", "/articles", desk, {**BODY, "title_en": "Forgotten password"})
    assert made.status_code == 201 and made.json()["status"] == "DRAFT"
    slug = made.json()["slug"]
    assert call("get", "/articles").json()["count"] == 0
    assert [a["slug"] for a in call("get", "/desk/articles", desk).json()] == [slug]
    put = call(
        "put", f"/articles/{slug}", desk, {**BODY, "title_en": "Forgotten password", "published": True}
    )
    assert put.status_code == 200 and put.json()["status"] == "PUBLISHED"
    listed = Client().get(API + "/articles", {"q": "forgotten"}).json()
    assert listed["count"] == 1 and listed["pages"] == 1 and listed["items"][0]["slug"] == slug
    english = Client().get(f"{API}/articles/{slug}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "Forgotten password" and english["body"] == "Gunakan tautan pemulihan."


@denied(
    f"POST {API}/articles",
    f"PUT {API}/articles/{{slug}}",
    f"GET {API}/articles/{{slug}}",
    f"GET {API}/desk/articles",
)
def test_api_article_refusals(heads, officer):
    reporter, _desk = heads
    draft = knowledge.article_create(actor=officer, **BODY)
    before = db_fingerprint()
    assert call("post", "/articles", reporter, BODY).status_code == 403
    assert call("post", "/articles", None, BODY).status_code == 401
    assert call("put", f"/articles/{draft.slug}", reporter, {**BODY, "published": True}).status_code == 403
    assert call("get", "/desk/articles", reporter).status_code == 403
    hidden = call("get", f"/articles/{draft.slug}")
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "ARTICLE_NOT_FOUND"
    assert db_fingerprint() == before
    assert Article.objects.get(pk=draft.pk).status == "DRAFT"


@allowed(f"POST {API}/desk/tickets/{{ticket_id}}/article", f"POST {API}/desk/tickets/{{ticket_id}}/messages")
def test_api_reply_cites_an_article_and_a_resolved_ticket_becomes_a_draft(heads, officer, provider):
    reporter, desk = heads
    article = knowledge.article_create(actor=officer, published=True, **BODY)
    ticket = services.ticket_create(
        actor=provider, category=Category.ACCOUNT, subject="Lupa", description="?"
    )
    cited = call(
        "post",
        f"/desk/tickets/{ticket.pk}/messages",
        desk,
        {"body": "Baca ini", "article_slug": article.slug},
    )
    assert cited.status_code == 200
    seen = call("get", f"/tickets/{ticket.pk}", reporter).json()["messages"]
    assert seen[-1]["article_slug"] == article.slug
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_resolve(actor=officer, ticket=ticket, body="Gunakan tautan pemulihan di halaman masuk.")
    made = call("post", f"/desk/tickets/{ticket.pk}/article", desk)
    assert made.status_code == 201 and made.json()["status"] == "DRAFT"
    assert "Gunakan tautan pemulihan di halaman masuk." in made.json()["body_id"]


@denied(f"POST {API}/desk/tickets/{{ticket_id}}/article")
def test_api_draft_from_ticket_refused_to_the_reporter(heads, provider):
    reporter, _desk = heads
    ticket = services.ticket_create(
        actor=provider, category=Category.ACCOUNT, subject="Lupa", description="?"
    )
    before = db_fingerprint()
    assert call("post", f"/desk/tickets/{ticket.pk}/article", reporter).status_code == 403
    assert db_fingerprint() == before


def _file(body=b"bukti", name="bukti.pdf"):
    return SimpleUploadedFile(name, pdf(body), content_type="application/pdf")


@allowed(
    f"POST {API}/tickets/{{ticket_id}}/attachments",
    f"GET {API}/tickets/{{ticket_id}}/attachments/{{attachment_id}}",
    f"POST {API}/desk/tickets/{{ticket_id}}/attachments",
    f"GET {API}/desk/tickets/{{ticket_id}}/attachments/{{attachment_id}}",
)
def test_api_replies_with_files_and_downloads(heads, provider, media_root):
    reporter, desk = heads
    ticket = services.ticket_create(actor=provider, category=Category.OTHER, subject="Layar", description="?")
    sent = Client().post(
        f"{API}/tickets/{ticket.pk}/attachments", {"body": "Tangkapan layar", "files": [_file()]}, **reporter
    )
    assert sent.status_code == 200, sent.content
    files = sent.json()["messages"][-1]["attachments"]
    assert [(f["name"], f["content_type"]) for f in files] == [("bukti.pdf", "application/pdf")]
    got = Client().get(f"{API}/tickets/{ticket.pk}/attachments/{files[0]['id']}", **reporter)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    answered = Client().post(
        f"{API}/desk/tickets/{ticket.pk}/attachments",
        {"body": "Panduan", "files": [_file(b"p", "panduan.pdf")]},
        **desk,
    )
    assert answered.status_code == 200
    desk_file = answered.json()["messages"][-1]["attachments"][0]
    assert (
        Client().get(f"{API}/desk/tickets/{ticket.pk}/attachments/{desk_file['id']}", **desk).status_code
        == 200
    )
    # the web form's checks: a renamed zip is refused and nothing is written
    before = db_fingerprint()
    zipped = SimpleUploadedFile("x.pdf", b"PK\x03\x04 zip", content_type="application/pdf")
    refused = Client().post(
        f"{API}/tickets/{ticket.pk}/attachments", {"body": "x", "files": [zipped]}, **reporter
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "FILE_TYPE_NOT_ALLOWED"
    assert db_fingerprint() == before


@denied(
    f"POST {API}/tickets/{{ticket_id}}/attachments",
    f"GET {API}/tickets/{{ticket_id}}/attachments/{{attachment_id}}",
    f"POST {API}/desk/tickets/{{ticket_id}}/attachments",
    f"GET {API}/desk/tickets/{{ticket_id}}/attachments/{{attachment_id}}",
)
def test_api_files_stay_in_their_scope(heads, provider, officer, make_user, media_root):
    reporter, desk = heads
    ticket = services.ticket_create(
        actor=provider, category=Category.OTHER, subject="Layar", description="?", attachments=[_file()]
    )
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_reply(actor=officer, ticket=ticket, body="x")
    report_file = TicketAttachment.objects.get(ticket=ticket)
    other = api_headers(make_user(Role.PENYEDIA), Role.PENYEDIA)
    before = db_fingerprint()
    assert (
        Client()
        .post(f"{API}/tickets/{ticket.pk}/attachments", {"body": "x", "files": [_file()]}, **other)
        .status_code
        == 404
    )
    assert Client().get(f"{API}/tickets/{ticket.pk}/attachments/{report_file.pk}", **other).status_code == 404
    assert (
        Client()
        .post(f"{API}/desk/tickets/{ticket.pk}/attachments", {"body": "x", "files": [_file()]}, **reporter)
        .status_code
        == 403
    )
    assert (
        Client().get(f"{API}/desk/tickets/{ticket.pk}/attachments/{report_file.pk}", **reporter).status_code
        == 403
    )
    assert db_fingerprint() == before


@pytest.fixture
def linked(at_setup, media_root):
    from django.core.cache import cache

    from lentera.servicedesk import tokens
    from lentera.servicedesk.models import Ticket

    cache.clear()  # the follow-up link's rate limit counts in the cache
    ticket = services.ticket_create(
        actor=None, category=Category.OTHER, subject="Tamu", description="?", reporter_name="Budi",
        reporter_email="budi@example.com", attachments=[_file()],
    )  # fmt: skip
    link, digest = tokens.new_link_secret(ticket.pk)
    Ticket.objects.filter(pk=ticket.pk).update(follow_up_hash=digest)
    return ticket, link


@allowed(
    f"POST {API}/follow/{{token}}/attachments", f"GET {API}/follow/{{token}}/attachments/{{attachment_id}}"
)
def test_api_follow_link_replies_with_files(linked, media_root):
    ticket, link = linked
    sent = Client().post(
        f"{API}/follow/{link}/attachments", {"body": "Ini buktinya", "files": [_file(b"b", "b.pdf")]}
    )
    assert sent.status_code == 200, sent.content
    mine = sent.json()["messages"][-1]["attachments"]
    assert [f["name"] for f in mine] == ["b.pdf"]
    got = Client().get(f"{API}/follow/{link}/attachments/{mine[0]['id']}")
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")


@denied(
    f"POST {API}/follow/{{token}}/attachments", f"GET {API}/follow/{{token}}/attachments/{{attachment_id}}"
)
def test_api_follow_link_files_refuse_a_forged_link(linked, media_root):
    ticket, link = linked
    report_file = TicketAttachment.objects.get(ticket=ticket)
    forged = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    before = db_fingerprint()
    assert (
        Client().post(f"{API}/follow/{forged}/attachments", {"body": "x", "files": [_file()]}).status_code
        == 404
    )
    assert Client().get(f"{API}/follow/{forged}/attachments/{report_file.pk}").status_code == 404
    assert db_fingerprint() == before
    assert Client().get(f"{API}/follow/{link}/attachments/{report_file.pk}").status_code == 200
