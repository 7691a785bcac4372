"""Helpers shared by the providers views: the applicant's session, file responses, absolute links."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.clickjacking import xframe_options_sameorigin

from lentera.accounts import selectors as account_selectors
from lentera.accounts.models import User

from ... import selectors
from ...models import Document, Provider

APPLICANT_SESSION_KEY = "lentera_providers_applicant"


def base_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for the links put into e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def applicant_login(request: HttpRequest, user: User) -> None:
    """Remember the applicant in this browser session. This is not a login: the account stays PENDING."""
    request.session.cycle_key()
    request.session[APPLICANT_SESSION_KEY] = user.pk


def current_applicant(request: HttpRequest) -> tuple[User, Provider] | None:
    """The pending applicant of this session with their provider profile, or None."""
    pk = request.session.get(APPLICANT_SESSION_KEY)
    if not pk:
        return None
    user = account_selectors.pending_user_by_pk(pk)
    provider = selectors.provider_for_user(user) if user else None
    if user is None or provider is None:
        request.session.pop(APPLICANT_SESSION_KEY, None)
        return None
    return user, provider


def document_response(request: HttpRequest, doc: Document, *, download: bool = False) -> HttpResponseBase:
    """Stream a stored document with the type detected at upload; framed only by our own pages."""
    name = doc.file.name
    assert name is not None  # a stored Document always has its file
    filename = f"{doc.kind.lower()}-v{doc.version}.{name.rsplit('.', 1)[-1]}"
    return stored_file_response(
        request, name=name, content_type=doc.content_type, filename=filename, download=download
    )


@xframe_options_sameorigin
def stored_file_response(
    request: HttpRequest, *, name: str, content_type: str, filename: str, download: bool = False
) -> HttpResponseBase:
    """Stream a private stored file with the type detected at upload; framed only by our own pages."""
    handle = default_storage.open(name, "rb")
    response = FileResponse(handle, content_type=content_type, as_attachment=download, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Shown in an iframe of our own verification page: framed by 'self' only (the site CSP says 'none').
    response._csp_replace = {"frame-ancestors": ["'self'"]}  # type: ignore[attr-defined]
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
