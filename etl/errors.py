"""Errors that carry a message meant for the analyst, never a traceback."""


class DexstatError(Exception):
    """Base class: the message is complete and shown to the user as it is."""


class InvalidValue(DexstatError, ValueError):
    """A single value (a date, an amount, a unit) could not be understood."""


class FileRejected(DexstatError):
    """A whole input file cannot be loaded (unreadable, wrong shape, a required column missing)."""


class RefreshRefused(DexstatError):
    """The refresh cannot start or cannot publish (another refresh runs, a check failed, disk full)."""
