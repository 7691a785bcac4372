"""URLs. Each app brings `web/urls.py` (pages) and `api/routes.py` (a ninja router under /api/v1/)."""

from __future__ import annotations

import importlib

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language

from lentera.core import views as core_views
from lentera.core.access import access
from lentera.core.api import api
from lentera.core.api_routes import router as core_router


def _superuser_with_second_factor(request) -> bool:
    """Django admin: superusers only, and only after TOTP verification."""
    user = request.user
    return bool(user.is_active and user.is_superuser and getattr(user, "is_verified", lambda: False)())


admin.site.has_permission = _superuser_with_second_factor  # type: ignore[method-assign]
admin.site.site_header = "Lentera — admin"

api.add_router("/", core_router)

WEB_APPS = [
    "accounts",
    "providers",
    "planning",
    "tendering",
    "bidding",
    "contracts",
    "servicedesk",
    "governance",
    "training",
    "catalog",
    "opendata",
    "reporting",
    "public",
    "operations",
]

app_urlpatterns = []
for _app in WEB_APPS:
    try:
        _web = importlib.import_module(f"lentera.{_app}.web.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"lentera.{_app}.web.urls":
            raise
    else:
        prefix = getattr(_web, "PREFIX", f"{_app}/")
        app_urlpatterns.append(path(prefix, include((_web.urlpatterns, _app), namespace=_app)))
    try:
        _routes = importlib.import_module(f"lentera.{_app}.api.routes")
    except ModuleNotFoundError as exc:
        if exc.name != f"lentera.{_app}.api.routes":
            raise
    else:
        api.add_router(getattr(_routes, "PREFIX", f"/{_app}/"), _routes.router)
        # an app may serve a few operations at another prefix (e.g. public: GET /api/v1/notices)
        for _prefix, _extra in getattr(_routes, "EXTRA_ROUTERS", ()):
            api.add_router(_prefix, _extra)


def _grouped(urls: tuple[list, str, str]) -> tuple[list, str, str]:
    """The API's URL patterns grouped under their first path segment ("opendata/", "tendering/", ...).

    django-ninja gives one flat list (134 patterns) that Django tries one by one; a request for the last router
    paid ~120 regex matches (a quarter of a cached feed page's time). Grouped, a request is matched against the
    dozen prefixes and then its own router's patterns. Names stay in the api's namespace (the groups have none).
    """
    patterns, app_name, namespace = urls
    grouped: list = []
    groups: dict[str, list] = {}
    for pattern in patterns:
        head, slash, rest = str(pattern.pattern).partition("/")
        if not slash or not rest or "<" in head:
            grouped.append(pattern)
            continue
        if head not in groups:
            groups[head] = []
            grouped.append(path(f"{head}/", include(groups[head])))
        groups[head].append(path(rest, pattern.callback, pattern.default_args, name=pattern.name))
    return grouped, app_name, namespace


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/openapi.json", core_views.openapi_json, name="openapi"),
    path("api/v1/", _grouped(api.urls)),
    # The language switch is in every page's header. It carries no CSRF token for anonymous visitors, so public
    # pages set no cookie and stay cacheable by shared caches; forcing someone's language is harmless.
    path("i18n/setlang/", access(public=True)(csrf_exempt(set_language)), name="set_language"),
    path("i18n/js/", access(public=True)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("healthz", core_views.healthz, name="healthz"),
    path("transparansi/audit/", core_views.audit_head, name="audit-head"),
    *app_urlpatterns,
]
