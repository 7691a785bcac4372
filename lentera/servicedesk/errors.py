from lentera.core.errors import LenteraError


class ServiceDeskError(LenteraError):
    """A refusal of the service desk (stable code, message in Indonesian, English through the catalogue)."""
