from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lentera.core"
    label = "core"
    verbose_name = "Lentera core"

    def ready(self) -> None:
        from django import forms
        from django.utils.translation import gettext_lazy as _

        # A list's empty choice says what to do ("— Pilih —"), never Django's "---------". Set once here as
        # the default of every ModelChoiceField (a field may still pass its own empty_label).
        kwdefaults = forms.ModelChoiceField.__init__.__kwdefaults__
        if kwdefaults is not None:
            kwdefaults["empty_label"] = _("— Pilih —")
