from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """The regency's e-catalogue and e-purchasing (issue #15; docs/catalog.md)."""

    name = "lentera.catalog"
    label = "catalog"
    verbose_name = "Katalog elektronik"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu, panels
        from lentera.core import demo as core_demo
        from lentera.core.menu import MenuEntry

        from . import demo as app_demo
        from . import purchases
        from .dashboard import catalog_items

        dashboard.register(catalog_items)
        # the contract page of a Surat Pesanan names the catalogue order it was issued for
        panels.register("contract.detail", purchases.contract_panel)

        menu.register(
            MenuEntry("public", _("Katalog elektronik"), "catalog:search", 30),
            MenuEntry("selection", _("Etalase katalog"), "catalog:categories", 70),
            MenuEntry("selection", _("Permohonan etalase"), "catalog:admissions", 71),
            MenuEntry("selection", _("Kurasi produk katalog"), "catalog:curation", 72),
            MenuEntry("selection", _("Statistik katalog"), "catalog:statistics", 76),
            MenuEntry("providers", _("Etalase saya"), "catalog:my_admissions", 60),
            MenuEntry("providers", _("Produk katalog saya"), "catalog:my_products", 61),
            MenuEntry("providers", _("Pesanan katalog masuk"), "catalog:provider_orders", 62),
            MenuEntry("selection", _("Pesanan katalog (PPK)"), "catalog:ppk_orders", 73),
            MenuEntry("selection", _("Mini-kompetisi katalog"), "catalog:competitions", 74),
            MenuEntry("providers", _("Undangan mini-kompetisi"), "catalog:my_quotations", 63),
            MenuEntry(
                "selection", _("Pemberitahuan e-purchasing"), "catalog:notices", 75, frozenset({"PPK"})
            ),
            MenuEntry(
                "providers", _("Pemberitahuan e-purchasing"), "catalog:notices", 64, frozenset({"PENYEDIA"})
            ),
        )
        # after planning and providers (their demo users and packages)
        core_demo.register(app_demo.load, order=48)
