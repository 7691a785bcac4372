"""Every write of the tendering app. Import from here: ``from lentera.tendering import services``."""

from ..timeline import require_stage

__all__ = ["require_stage"]
