from lentera.core.errors import LenteraError


class ReportingError(LenteraError):
    """A refusal of the reporting app (stable code, message in Indonesian, English through the catalogue)."""
