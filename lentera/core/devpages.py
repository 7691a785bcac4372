"""Development only: the real 404 page instead of Django's English debug page.

With DEBUG on, Django answers an unknown address (or an Http404) with its technical page, in English, listing
every URL pattern. That is what a developer wants while debugging URLs and what a person trying the demo should
not meet. settings/dev.py installs this middleware unless ``LENTERA_DEBUG_404=1``: a 404 that Django rendered as
its debug page is replaced by templates/404.html (Indonesian and English, like every page). Production runs with
DEBUG off and gets the same page from Django itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

_DEBUG_MARK = b"DEBUG = True"


class FriendlyNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and _DEBUG_MARK in response.content
        ):
            page = TemplateResponse(request, "404.html", status=404)
            return page.render()
        return response
