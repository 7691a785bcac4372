from lentera.core.errors import LenteraError


class TrainingError(LenteraError):
    """A refusal of the training service or the room bookings (stable code, message in Indonesian, English
    through the catalogue)."""
