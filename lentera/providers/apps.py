from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "lentera.providers"
    label = "providers"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core.menu import MenuEntry

        from .dashboard import dashboard_items

        dashboard.register(dashboard_items)
        menu.register(
            MenuEntry("providers", _("Profil penyedia"), "providers:profile", 10),
            MenuEntry("providers", _("Dokumen kualifikasi"), "providers:documents", 20),
            MenuEntry("lpse", _("Antrean verifikasi"), "providers:queue", 10),
            MenuEntry("lpse", _("Perubahan identitas penyedia"), "providers:identity_queue", 15),
            MenuEntry("lpse", _("Pendaftaran di loket"), "providers:staff_register", 20),
            MenuEntry("lpse", _("Akun penyedia"), "providers:accounts", 30),
            MenuEntry("lpse", _("Arsip dokumen"), "providers:archive_index", 40),
            MenuEntry("oversight", _("Kelola daftar hitam"), "providers:blacklist_manage", 30),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=20)
