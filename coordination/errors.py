"""Errors whose message is meant for the user, word for word."""


class UserError(Exception):
    """Bad input: the message says what was wrong and what to do; nothing was written."""
