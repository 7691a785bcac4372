"""A short server-side cache of whole public pages for anonymous visitors.

Public pages show public facts only, identical for every anonymous visitor except for the CSRF token of the
language switcher in base.html. The cached body keeps a placeholder where that token was; each response gets
the visitor's own token (and cookie) put back, so no token is ever shared. Logged-in users, requests carrying
messages, and non-200 answers are never cached. Entries live `PUBLIC_PAGE_CACHE_SECONDS` (default 15 s; 0
disables), keyed by the full path and the language; after that one request refreshes the copy while the
others are still served the previous one for at most `STALE_SECONDS` more (no stampede).
"""

from __future__ import annotations

import functools
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

PLACEHOLDER = "__LENTERA_CSRF_TOKEN__"
_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')
STALE_SECONDS = 30
HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Vary")


def ttl() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 15))


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"public:page:{get_language()}:{digest}"


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or ttl() <= 0:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not request.COOKIES.get(settings.SESSION_COOKIE_NAME)


def _respond(request: HttpRequest, entry: tuple[bytes, dict[str, str]]) -> HttpResponse:
    body, headers = entry
    if PLACEHOLDER.encode() in body:  # only a page with a form gets (and sets the cookie of) a CSRF token
        body = body.replace(PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


def cached_page(view):
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            fresh_until, body, headers = entry
            # Past its freshness, one request (the one that wins the refresh lock) renders a new copy while
            # the others keep getting the copy in hand for up to STALE_SECONDS: no stampede on a popular page.
            if fresh_until > time.time() or not cache.add(f"{key}:refresh", 1, 30):
                return _respond(request, (body, headers))
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        body = _TOKEN_FIELD.sub(rb"\1" + PLACEHOLDER.encode() + rb'"', response.content)
        headers = {name: response[name] for name in HEADERS if name in response}
        cache.set(key, (time.time() + ttl(), body, headers), ttl() + STALE_SECONDS)
        cache.delete(f"{key}:refresh")
        return response

    return wrapper
