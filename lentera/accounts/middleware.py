from __future__ import annotations

from .selectors import acting_role_for

ACTING_ROLE_SESSION_KEY = "lentera_acting_role"


class ActingRoleMiddleware:
    """Sets ``request.acting_role``: the role the user chose to act in (kept in the session), if still held."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.acting_role = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.acting_role = acting_role_for(user, request.session.get(ACTING_ROLE_SESSION_KEY))
        return self.get_response(request)
