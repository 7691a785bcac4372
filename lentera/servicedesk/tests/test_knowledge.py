"""The knowledge base: officers write, edit and publish bilingual articles (audited); the public list searches
published articles in both languages and pages them; the article shows in the active language with a fallback,
its body escaped; a desk reply cites an article and the reporter sees the link; a resolved ticket becomes a
draft without internal notes or personal data."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.core.errors import AccessDenied
from lentera.servicedesk import knowledge, selectors, services
from lentera.servicedesk.enums import ArticleStatus, Category
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import Article
from lentera.tendering.tests.factories import clock
from lentera.testing import db_fingerprint, login_client

FRIDAY_9 = dt.datetime(2026, 7, 3, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def friday(db):
    with clock(FRIDAY_9):
        yield FRIDAY_9


def _article(actor, **kw):
    kw.setdefault("category", Category.ACCOUNT)
    kw.setdefault("title_id", "Cara mengganti kata sandi")
    kw.setdefault("body_id", "Buka menu Akun, pilih Ganti kata sandi.")
    return knowledge.article_create(actor=actor, **kw)


def test_officer_writes_a_draft_then_publishes_it_every_write_audited(friday, officer):
    article = _article(officer, title_en="How to change the password", body_en="Open Account.")
    assert article.status == ArticleStatus.DRAFT and article.slug == "cara-mengganti-kata-sandi"
    assert list(selectors.published_articles()) == []
    twin = _article(officer)
    assert twin.slug == "cara-mengganti-kata-sandi-2"
    published = knowledge.article_update(
        actor=officer,
        article=article,
        category=Category.ACCOUNT,
        title_id="Cara mengganti kata sandi",
        body_id="Buka menu Akun.",
        title_en="How to change the password",
        published=True,
    )
    assert published.status == ArticleStatus.PUBLISHED and published.published_at == FRIDAY_9
    assert published.slug == article.slug  # links keep working
    assert published.body_en == ""  # cleared by the edit
    actions = list(
        AuditEvent.objects.filter(action__startswith="servicedesk.article.").values_list("action", flat=True)
    )
    assert actions == [
        "servicedesk.article.create",
        "servicedesk.article.create",
        "servicedesk.article.publish",
    ]


def test_only_officers_write_articles_and_a_refusal_changes_nothing(friday, provider, officer):
    before = db_fingerprint()
    with pytest.raises(AccessDenied):
        _article(provider)
    with pytest.raises(ServiceDeskError) as empty:
        _article(officer, title_id="  ")
    assert empty.value.code == "FIELD_REQUIRED"
    assert db_fingerprint() == before


def test_public_search_covers_both_languages_and_pages(friday, officer):
    _article(officer, title_id="Lupa kata sandi", title_en="Forgotten password", published=True)
    _article(
        officer,
        category=Category.TECH_APPLICATION,
        title_id="Unggah dokumen penawaran",
        body_id="Ukuran berkas paling besar 100 MB.",
        body_en="The largest file is 100 MB.",
        published=True,
    )
    _article(officer, title_id="Draf rahasia tentang password")  # a draft is never found
    titles = lambda q: [a.title_id for a in selectors.published_articles(q)]  # noqa: E731
    assert titles("password") == ["Lupa kata sandi"]
    assert titles("LARGEST file") == ["Unggah dokumen penawaran"]
    assert titles("berkas 100") == ["Unggah dokumen penawaran"]
    assert titles("") == ["Lupa kata sandi", "Unggah dokumen penawaran"]
    for n in range(selectors.ARTICLES_PER_PAGE):
        _article(officer, title_id=f"Artikel {n:02d}", published=True)
    page = Client().get(reverse("servicedesk:kb"), {"halaman": 2})
    assert page.status_code == 200
    assert page.context["page"].number == 2 and len(page.context["page"].object_list) == 2
    found = Client().get(reverse("servicedesk:kb"), {"q": "forgotten"}).content.decode()
    assert "Lupa kata sandi" in found and "Artikel 00" not in found


def test_article_shows_in_the_active_language_with_fallback_and_escaped(friday, officer):
    both = _article(
        officer,
        title_id="Jam layanan",
        body_id="Senin–Jumat\n<script>alert(1)</script>",
        title_en="Service hours",
        body_en="Monday–Friday",
        published=True,
    )
    only_id = _article(officer, title_id="Hanya Indonesia", body_id="Isi", published=True)
    url = reverse("servicedesk:kb_article", args=[both.slug])
    indonesian = Client().get(url).content.decode()
    assert (
        "Jam layanan" in indonesian and "&lt;script&gt;" in indonesian and "<script>alert" not in indonesian
    )
    assert "<br>" in indonesian  # line breaks kept
    in_english = Client()
    in_english.cookies["django_language"] = "en"  # the language switch (web pages ignore Accept-Language)
    english = in_english.get(url).content.decode()
    assert "Service hours" in english and "Monday–Friday" in english
    fallback = in_english.get(reverse("servicedesk:kb_article", args=[only_id.slug]))
    assert "Hanya Indonesia" in fallback.content.decode()


def test_a_draft_answers_404_to_the_public(friday, officer):
    draft = _article(officer)
    assert Client().get(reverse("servicedesk:kb_article", args=[draft.slug])).status_code == 404


def test_help_page_and_public_menu_link_the_knowledge_base(db):
    kb = reverse("servicedesk:kb")
    help_page = Client().get(reverse("servicedesk:help")).content.decode()
    assert f'href="{kb}"' in help_page
    from lentera.core.menu import menu_for

    public = [link.url for section in menu_for(None) for link in section.links]
    assert kb in public


def test_desk_reply_cites_an_article_and_the_reporter_sees_the_link(technical, officer, provider):
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        article = _article(officer, published=True)
        draft = _article(officer, title_id="Belum terbit")
        with pytest.raises(ServiceDeskError) as unpublished:
            services.ticket_reply(actor=officer, ticket=technical, body="Lihat", article=draft)
        assert unpublished.value.code == "ARTICLE_NOT_PUBLISHED"
        with pytest.raises(ServiceDeskError) as reporter:
            services.ticket_reply(actor=provider, ticket=technical, body="Lihat", article=article)
        assert reporter.value.code == "ARTICLE_DESK_ONLY"
        desk = login_client(officer, "HELPDESK")
        desk.post(
            reverse("servicedesk:desk_action", args=[technical.pk, "reply"]),
            {"body": "Silakan baca artikel ini", "article": article.slug},
        )
        page = login_client(provider, "PENYEDIA").get(reverse("servicedesk:mine_detail", args=[technical.pk]))
    assert reverse("servicedesk:kb_article", args=[article.slug]) in page.content.decode()
    event = AuditEvent.objects.filter(action="servicedesk.ticket.reply").last()
    assert event is not None and event.after["article"] == article.slug


def test_redact_takes_out_personal_data():
    text = (
        "Saya Budi Santoso (budi.s@contoh.co.id, 0812-3456-7890), NIK 3201234567890001, "
        "NPWP 01.234.567.8-901.000, tautan /bantuan/ikuti/abc.def:ghi/ gagal."
    )
    out = knowledge.redact(text, known=["Budi Santoso", "", "x"])
    for secret in ("Budi", "budi.s@", "0812", "3201234567890001", "01.234.567", "abc.def"):
        assert secret not in out
    assert out.startswith("Saya […] (") and "gagal." in out
    assert knowledge.redact("Versi 4.5 pada 12 Mei", known=[]) == "Versi 4.5 pada 12 Mei"


def test_a_resolved_ticket_becomes_a_draft_without_notes_or_personal_data(db, provider, officer):
    provider.full_name = "Siti Rahma"
    provider.save(update_fields=["full_name"])
    with clock(FRIDAY_9):
        ticket = services.ticket_create(
            actor=provider,
            category=Category.TECH_APPLICATION,
            subject="Gagal unggah dokumen (Siti Rahma)",
            description=f"Saya {provider.full_name}, HP 081234567890, email {provider.email}: unggahan gagal.",
        )
        services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
        with pytest.raises(ServiceDeskError) as early:
            knowledge.article_from_ticket(actor=officer, ticket=ticket)
        assert early.value.code == "TICKET_NOT_RESOLVED"
        services.ticket_note(actor=officer, ticket=ticket, body="CATATAN-INTERNAL server 10.0.0.5 mati")
        services.ticket_reply(actor=officer, ticket=ticket, body="Jawaban sementara")
        services.ticket_reply(actor=provider, ticket=ticket, body="PESAN-PELAPOR masih gagal")
        services.ticket_resolve(
            actor=officer, ticket=ticket, body="Kosongkan cache peramban, lalu unggah lagi."
        )
        client = login_client(officer, "HELPDESK")
        response = client.post(reverse("servicedesk:kb_from_ticket", args=[ticket.pk]))
    article = Article.objects.get(source_ticket=ticket)
    assert response.status_code == 302 and response["Location"] == reverse(
        "servicedesk:kb_edit", args=[article.pk]
    )
    assert article.status == ArticleStatus.DRAFT and article.category == Category.TECH_APPLICATION
    assert article.title_id == "Gagal unggah dokumen ([…])"
    text = article.title_id + article.body_id
    assert "unggahan gagal" in text and "Kosongkan cache peramban" in text
    for leaked in ("Siti", "0812", provider.email, "CATATAN-INTERNAL", "PESAN-PELAPOR", "Jawaban sementara"):
        assert leaked not in text
    assert AuditEvent.objects.filter(action="servicedesk.article.create", object_id=str(article.pk)).exists()
    assert list(selectors.published_articles()) == []  # a draft until an officer publishes it
