from __future__ import annotations

from django.conf import settings


def lentera(request):
    from lentera.core.menu import menu_for
    from lentera.core.notices import active_notices

    user = getattr(request, "user", None)
    roles = []
    if user is not None and user.is_authenticated:
        roles = user.active_role_codes()
    return {
        "site_name": settings.LENTERA_SITE_NAME,
        "acting_role": getattr(request, "acting_role", None),
        "held_roles": roles,
        "main_menu": menu_for(getattr(request, "acting_role", None), request.path),
        "service_notices": active_notices(),
    }
