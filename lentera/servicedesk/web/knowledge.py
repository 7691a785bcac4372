"""Knowledge-base pages: the public list (search, pages) and article, the desk's list, new and edit forms, and
"turn this resolved ticket into an article". Thin: a form in, one service call, a redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError

from .. import knowledge, selectors, services
from . import forms
from .views import _found

DESK = services.OFFICER_ROLES


@access(public=True, scope="anyone: published articles only")
def article_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    page = selectors.published_articles_page(query, request.GET.get("halaman", 1))
    return TemplateResponse(request, "servicedesk/kb_list.html", {"page": page, "q": query})


@access(public=True, scope="anyone: a published article (a draft answers 404)")
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = _found(selectors.published_article_or_404, slug)
    return TemplateResponse(request, "servicedesk/kb_detail.html", {"article": article})


def _data(form: forms.ArticleForm) -> dict[str, Any]:
    d = form.cleaned_data
    return {k: d[k] for k in ("category", "title_id", "title_en", "body_id", "body_en", "published")}


@access(*DESK, scope="the LPSE's help desk: every article, drafts included")
@require_http_methods(["GET", "POST"])
def manage(request: AuthedRequest) -> HttpResponse:
    form = forms.ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = knowledge.article_create(actor=request.user, **_data(form))
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Artikel tersimpan."))
            return redirect("servicedesk:kb_edit", article.pk)
    return TemplateResponse(
        request, "servicedesk/kb_manage.html", {"form": form, "articles": selectors.desk_articles()}
    )


@access(*DESK, scope="the LPSE's help desk: any article")
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    article = _found(selectors.desk_article_or_404, pk=pk)
    initial = {
        "category": article.category,
        "title_id": article.title_id,
        "title_en": article.title_en,
        "body_id": article.body_id,
        "body_en": article.body_en,
        "published": article.published,
    }
    form = forms.ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            knowledge.article_update(actor=request.user, article=article, **_data(form))
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Artikel tersimpan."))
            return redirect("servicedesk:kb_edit", article.pk)
    return TemplateResponse(request, "servicedesk/kb_edit.html", {"form": form, "article": article})


@access(*DESK, scope="the LPSE's help desk: a resolved ticket becomes a draft article")
@require_POST
def from_ticket(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _found(selectors.desk_ticket_or_404, pk)
    try:
        article = knowledge.article_from_ticket(actor=request.user, ticket=ticket)
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect("servicedesk:desk_detail", ticket.pk)
    messages.success(request, _("Draf artikel dibuat dari tiket; periksa sebelum menerbitkannya."))
    return redirect("servicedesk:kb_edit", article.pk)
