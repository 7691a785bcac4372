from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """The LPSE's training service (MISSION.md F17; Perbup PPU 2/2021 Pasal 4 huruf e angka 5) and its service
    rooms (Permendagri 53/2021 Lampiran 2.5.2 a-b) (issue #16; docs/training.md)."""

    name = "lentera.training"
    label = "training"
    verbose_name = "Pelatihan dan ruang layanan LPSE"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core import demo as core_demo
        from lentera.core.menu import MenuEntry
        from lentera.core.roles import Role

        from . import demo as app_demo
        from .dashboard import training_items

        dashboard.register(training_items)

        menu.register(
            MenuEntry("lpse", _("Kelola pelatihan"), "training:manage", 20),
            MenuEntry("lpse", _("Statistik pelatihan"), "training:stats", 21),
            MenuEntry("lpse", _("Jadwal ruang layanan"), "training:schedule", 22),
            MenuEntry("lpse", _("Pesan ruang layanan"), "training:bookings", 23),
            MenuEntry("lpse", _("Kalender verifikasi"), "training:verification_calendar", 25),
            MenuEntry("lpse", _("Pelatihan saya"), "training:mine", 24, roles=frozenset({Role.PENYEDIA})),
            MenuEntry("public", _("Pelatihan SPSE"), "training:index", 91),
            MenuEntry("public", _("Periksa sertifikat pelatihan"), "training:verify_form", 92),
        )
        # after servicedesk (47): the demo trainer is the helpdesk officer named by governance's decree (35)
        core_demo.register(app_demo.load, order=49)
