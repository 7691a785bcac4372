from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """UKPBJ and LPSE governance: decrees and the appointments they make, staff procurement certificates
    (issue #17, first slice; docs/governance.md)."""

    name = "lentera.governance"
    label = "governance"
    verbose_name = "Tata kelola UKPBJ"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.accounts.services import register_role_guard
        from lentera.core import dashboard, menu
        from lentera.core import demo as core_demo
        from lentera.core.menu import MenuEntry

        from . import demo as app_demo
        from .dashboard import governance_items
        from .services import pokja_role_guard

        register_role_guard(pokja_role_guard)
        dashboard.register(governance_items)
        menu.register(
            MenuEntry("admin", _("SK dan Tim LPSE"), "governance:decree_list", 50),
            MenuEntry("admin", _("Sertifikat PBJ pegawai"), "governance:certificate_list", 55),
            MenuEntry("admin", _("Penilaian kematangan UKPBJ"), "governance:assessment_list", 56),
            MenuEntry("admin", _("Register SOP"), "governance:sop_list", 57),
            MenuEntry("admin", _("Register 17 standar LPSE"), "governance:standard_register", 58),
            MenuEntry("admin", _("Program kerja Tim LPSE"), "governance:programme_list", 59),
            MenuEntry("admin", _("Kode etik dan pakta integritas"), "governance:ethics_code", 60),
            MenuEntry("oversight", _("Kasus kode etik"), "governance:ethics_case_list", 70),
            MenuEntry("public", _("SOP layanan pengadaan"), "governance:sop_public", 80),
            MenuEntry("public", _("Pengaduan pelanggaran kode etik"), "governance:ethics_public_report", 81),
        )
        # after planning (30): the demo's certified Pokja members exist
        core_demo.register(app_demo.load, order=35)
