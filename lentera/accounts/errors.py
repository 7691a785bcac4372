from lentera.core.errors import LenteraError


class AccountsError(LenteraError):
    """A refusal by the accounts app (codes like USER_ID_TAKEN, EMAIL_TAKEN, NIP_INVALID)."""
