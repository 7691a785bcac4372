from lentera.core.errors import LenteraError


class CatalogError(LenteraError):
    """A refusal of the catalogue (stable code, message in Indonesian, English through the catalogue)."""
