from lentera.core.errors import LenteraError


class TenderingError(LenteraError):
    """A refusal by the tendering app, with a stable code (STAGE_CLOSED, NOT_POKJA_MEMBER, BID_ABOVE_HPS, ...)."""
