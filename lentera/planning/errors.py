from lentera.core.errors import LenteraError


class PlanningError(LenteraError):
    """A refusal by the planning app. The message names the rule (regulation and article) it enforces."""
