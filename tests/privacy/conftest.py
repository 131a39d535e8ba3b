"""Each privacy test gets its own encryption key, so none depends on a key file left behind."""

import pytest
from cryptography.fernet import Fernet

from paramount.privacy import keys


@pytest.fixture(autouse=True)
def encryption_key(monkeypatch):
    key = Fernet.generate_key().decode("ascii")
    monkeypatch.setenv(keys.ENVIRONMENT_VARIABLE, key)
    keys.reset()
    yield key
    keys.reset()
