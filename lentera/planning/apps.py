from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "lentera.planning"
    label = "planning"

    def ready(self) -> None:
        from lentera.accounts.services import register_role_guard
        from lentera.core import dashboard

        from .dashboard import planning_items
        from .services.conflicts import role_guard

        register_role_guard(role_guard)
        dashboard.register(planning_items)
