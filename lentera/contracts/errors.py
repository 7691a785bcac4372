from lentera.core.errors import LenteraError


class ContractsError(LenteraError):
    """A refusal by the contracts app, with a stable code (AWARD_LETTER_EXISTS, CONTRACT_VALUE, ...)."""
