from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import User


class UserIdBackend(ModelBackend):
    """Log in by User ID, case-insensitively; deactivated or unverified accounts cannot log in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.filter(user_id__iexact=username.strip()).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle on User IDs
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user) -> bool:
        return bool(getattr(user, "can_log_in", False))


def axes_username(request, credentials: dict | None) -> str:
    """The User ID django-axes counts failures against: trimmed and lower-cased, like the login itself."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").strip().lower()
