from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Password rule: letters in upper and lower case and at least one digit."""

    def validate(self, password: str, user=None) -> None:
        if not (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            raise ValidationError(
                _("Kata sandi harus memuat huruf besar, huruf kecil, dan angka."), code="password_classes"
            )

    def get_help_text(self) -> str:
        return _("Kata sandi harus memuat huruf besar, huruf kecil, dan angka.")
