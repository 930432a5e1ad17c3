"""Workspace tokens at rest: the cipher the installation store's secret columns use.

Storage implements the encryption as a column type (ARCHITECTURE: Encryption as a
column type); the Slack edge builds its installation store with these.
"""

from storage.secrets import EncryptedText, TokenCipher, TokenKeyError, new_key

__all__ = ["EncryptedText", "TokenCipher", "TokenKeyError", "new_token_key"]


def new_token_key() -> str:
    """A fresh key for FOLLOWTHROUGH_TOKEN_KEYS (Fernet, url-safe base64)."""
    return new_key()
