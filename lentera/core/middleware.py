from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from . import request_context


class RequestContextMiddleware:
    """Records the client IP and channel for the audit log of whatever this request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = request_context.set_current(
            request_context.RequestContext(
                client_ip=request_context.client_ip_of(request),
                role=getattr(request, "acting_role", None),
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Indonesian first: web pages are Indonesian unless the person chose English with the language switch.

    The browser's Accept-Language is not used for pages (most browsers in Indonesian offices say "en-US"); the
    API follows Accept-Language, so a client gets its errors in the language it asks for.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if request.path.startswith("/api/"):
            language = _from_accept_language(request) or language
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # Do not leave this request's language active in the thread for whatever runs next in it.
        translation.deactivate()
        return response


def _from_accept_language(request) -> str | None:
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class SharedCacheGuardMiddleware:
    """A response a shared cache may keep sets no cookie and is for nobody in particular (#12 1.5).

    Outermost after SecurityMiddleware, so it sees the cookies every inner middleware added (CSRF, session,
    messages, language). A response marked ``public`` that sets a cookie, or that answers a signed-in person,
    becomes ``private, no-store``. A public one varies on Cookie, because the page language comes from a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if "public" not in cache_control:
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and getattr(user, "is_authenticated", False)
        if response.cookies or signed_in:
            del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_vary_headers(response, ["Cookie"])
        return response


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.LENTERA_PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "LENTERA_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
