"""Permanent redirects from retired page addresses to the one page that replaced them.

Each public page exists once; an old address answers 301 to the new one and keeps its query string, so
bookmarks and links from elsewhere (including filtered searches) still land on the same result. A parameter
the new page calls by another name can be renamed on the way (``rename={"fiscal_year": "tahun"}``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import reverse

from .access import access


def moved_permanently(to: str, *, rename: dict[str, str] | None = None) -> Callable[..., HttpResponse]:
    """A public view answering 301 to the URL named `to` (path arguments passed through), query kept."""

    @access(public=True)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        target = reverse(to, args=args, kwargs=kwargs)
        query = QueryDict(mutable=True)
        for key, values in request.GET.lists():
            query.setlist((rename or {}).get(key, key), values)
        if query:
            target = f"{target}?{query.urlencode()}"
        return HttpResponsePermanentRedirect(target)

    view.__name__ = f"moved_to_{to.replace(':', '_')}"
    return view
