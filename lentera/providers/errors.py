from lentera.core.errors import LenteraError


class ProvidersError(LenteraError):
    """A refusal by the providers app, with a stable code (NPWP_TAKEN, EMAIL_TAKEN, PROVIDER_BLACKLISTED, ...)."""
