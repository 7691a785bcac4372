from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "lentera.planning"
    label = "planning"
