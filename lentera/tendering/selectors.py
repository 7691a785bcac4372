"""Every read of the tendering app that needs scoping (filled in below)."""

from .timeline import current_stage, stage_window

__all__ = ["current_stage", "stage_window"]
