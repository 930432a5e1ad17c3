"""Secrets at rest: columns whose values are Fernet-encrypted on write, opened on read.

Keys come from the environment as a comma-separated list, newest first
(`FOLLOWTHROUGH_TOKEN_KEYS="new,old"`): MultiFernet encrypts with the first and opens
with any, so a key can be rotated in without downtime and dropped once
`followthrough db rotate-tokens` has re-encrypted every row with the new one.

A stored value that is not a Fernet token (they all begin `gAAAAA`) was written before
encryption was turned on; it is read as written and encrypted by the next rotation.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

FERNET_PREFIX = "gAAAAA"
"""Every Fernet token starts with version byte 0x80 and a timestamp: this, in base64."""


class TokenKeyError(ValueError):
    """The configured keys are missing, malformed, or do not open a stored value."""


def new_key() -> str:
    return Fernet.generate_key().decode()


class TokenCipher:
    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise TokenKeyError("FOLLOWTHROUGH_TOKEN_KEYS holds no key")
        try:
            self._fernet = MultiFernet([Fernet(part) for part in parts])
        except ValueError as error:
            raise TokenKeyError(
                "FOLLOWTHROUGH_TOKEN_KEYS must be Fernet keys (32 url-safe base64 bytes each), "
                "comma-separated, newest first"
            ) from error

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, stored: str) -> str:
        if not is_encrypted(stored):
            return stored
        return self._opened(self._fernet.decrypt, stored)

    def rotate(self, stored: str) -> str:
        """The value encrypted with the newest key, whatever it was stored under."""
        if not is_encrypted(stored):
            return self.encrypt(stored)
        return self._opened(self._fernet.rotate, stored)

    @staticmethod
    def _opened(step: Callable[[bytes], bytes], stored: str) -> str:
        try:
            return step(stored.encode()).decode()
        except InvalidToken as error:
            raise TokenKeyError(
                "a stored token opens with none of FOLLOWTHROUGH_TOKEN_KEYS; was a key "
                "dropped before `followthrough db rotate-tokens` ran?"
            ) from error


def is_encrypted(stored: str) -> bool:
    return stored.startswith(FERNET_PREFIX)


class EncryptedText(TypeDecorator[str]):
    """Text encrypted with the cipher before it is bound, opened when it is read."""

    impl = Text
    cache_ok = False  # each store carries its own cipher

    def __init__(self, cipher: TokenCipher) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else self.cipher.encrypt(value)

    def process_result_value(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else self.cipher.decrypt(value)
