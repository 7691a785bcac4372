from lentera.core.errors import LenteraError


class GovernanceError(LenteraError):
    """A refusal of the governance app (stable code, message in Indonesian, English through the catalogue)."""
