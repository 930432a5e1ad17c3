"""Errors whose message is meant for the user, word for word."""

from storage.errors import SchemaOutOfDate

__all__ = ["PermanentError", "SchemaOutOfDate", "UserError"]


class UserError(Exception):
    """Bad input: the message says what was wrong and what to do; nothing was written."""


class PermanentError(Exception):
    """A failure that trying again cannot fix (Slack refused for good): the job that
    raised it fails at once, its reason recorded, instead of retrying."""
