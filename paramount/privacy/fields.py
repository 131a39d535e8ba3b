"""A text field encrypted at rest (SECURITY 21), for the highest-risk free text.

The database holds a Fernet token (AES-128-CBC with HMAC-SHA256, a timestamp and a random IV);
Python sees the text. Equal texts encrypt differently, so the database cannot search, compare or
constrain the content: lookups other than ``isnull`` are refused rather than silently never
matching. Use it for screening rationale now and session notes later.
"""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from django.core.exceptions import FieldError
from django.db import models

from paramount.privacy import keys


class EncryptionError(RuntimeError):
    """A stored value cannot be decrypted with any configured key."""


def encrypt(text: str) -> str:
    return keys.fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return keys.fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as error:
        # Never put the stored value in the message: it could be plain text from before encryption.
        raise EncryptionError(
            "an encrypted value cannot be read with any configured key: check "
            f"{keys.ENVIRONMENT_VARIABLE} (or the key file) still holds the key it was written with"
        ) from error


def rotate(token: str) -> str:
    """The same text under the current key (``MultiFernet.rotate``)."""
    return keys.fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: the database cannot "
                f"'{lookup_name}' it; filter on other fields and read it in Python"
            )
        return super().get_lookup(lookup_name)
