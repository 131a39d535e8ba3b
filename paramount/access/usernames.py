"""One spelling per account: the canonical form of a username (SECURITY 6).

Signing in, the lockout, creating accounts and finding them all go through
:func:`username_canonical`, so "Mentor", "ｍentor" (full-width) and "𝐦entor" (mathematical bold)
are one account with one failure counter. Usernames are stored canonical and limited to a plain
set of characters, which also rules out look-alikes that Unicode does not fold together (a
Cyrillic "е" in place of a Latin "e"). The database refuses any other username too (migration
``access.0006_usernames_canonical``).
"""

from __future__ import annotations

import re
import unicodedata

ALLOWED_CHARACTERS = "lower-case letters a to z, digits, and . - _ @"
MAX_LENGTH = 150  # Django's username column
_ALLOWED = re.compile(r"[a-z0-9._@-]+")


def username_canonical(username: str | None) -> str:
    """The form a username is stored, looked up and counted in: Unicode NFKC, case-folded, NFKC
    again (case folding can undo the first normalisation), without surrounding space."""
    folded = unicodedata.normalize("NFKC", username or "").casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def username_problem(canonical: str) -> str | None:
    """Why this canonical username cannot be given to an account, or None if it can."""
    if not canonical:
        return "Enter a username."
    if len(canonical) > MAX_LENGTH:
        return f"A username is at most {MAX_LENGTH} characters."
    if not _ALLOWED.fullmatch(canonical):
        return f"A username may use only {ALLOWED_CHARACTERS}."
    return None
