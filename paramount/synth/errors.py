"""The mistakes and variations that real records carry, applied one record at a time.

Every function takes the generator's own ``random.Random`` so output stays reproducible.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from unidecode import unidecode

from paramount.synth.names import NICKNAMES, VARIANT_GROUPS
from paramount.synth.places import STREET_ABBREVIATIONS

_KEYBOARD_NEIGHBOURS = {
    "a": "qwsz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}

VARIANTS: dict[str, tuple[str, ...]] = {}
for _group in VARIANT_GROUPS:
    for _name in _group:
        VARIANTS[_name] = tuple(v for v in _group if v != _name)


@dataclass(frozen=True, slots=True)
class RecordProfile:
    """How careful one kind of record is: the chance of each variation on that record."""

    nickname: float  # uses the person's habitual short name, when they have one
    variant: float  # another spelling of a transliterated or often misspelt name
    typo: float  # one keying error in the first or last name
    middle_present: float
    previous_names_field: float  # fills previous_last_names when the person has them
    stale_surname: float  # still uses a previous surname although the change was recorded
    dob_present: float
    dob_error: float  # day/month swap, wrong year digit or wrong day
    upper_case: float
    ascii_only: float  # accents and special letters dropped
    sex_present: float
    phone: float
    address_missing: float
    postcode_missing: float


def ascii_fold(text: str, _cache: dict[str, str] = {}) -> str:  # noqa: B006 - memo
    folded = _cache.get(text)
    if folded is None:
        folded = unidecode(text)
        _cache[text] = folded
    return folded


def typo(rng: random.Random, text: str) -> str:
    """One keying error: substitution (often a neighbouring key), insertion, deletion or
    transposition of adjacent letters."""
    if len(text) < 3:
        return text
    position = rng.randrange(1, len(text))  # first letter is usually right
    op = rng.random()
    char = text[position]
    lower = char.lower()
    if op < 0.35:
        neighbours = _KEYBOARD_NEIGHBOURS.get(lower, "aeiou")
        new = rng.choice(neighbours)
        new = new.upper() if char.isupper() else new
        return text[:position] + new + text[position + 1 :]
    if op < 0.55:
        new = lower if rng.random() < 0.6 else rng.choice("aeiouhnrst")
        return text[:position] + new + text[position:]
    if op < 0.8:
        return text[:position] + text[position + 1 :]
    if position == len(text) - 1:
        position -= 1
    if position < 1:
        return text
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


def nickname_for(rng: random.Random, first: str) -> str | None:
    nicknames = NICKNAMES.get(first)
    if not nicknames:
        return None
    return rng.choice(nicknames)


def surname_variation(rng: random.Random, last: str) -> tuple[str, str | None]:
    """Punctuation and spelling variations that clerks make in surnames.

    Returns the surname and the name of the variation made (or None).
    """
    if "'" in last:
        roll = rng.random()
        if roll < 0.22:
            return last.replace("'", "\u2019"), "apostrophe"
        if roll < 0.36:
            return last.replace("'", ""), "apostrophe"
        if roll < 0.40:
            return last.replace("'", " "), "apostrophe"
        return last, None
    if "-" in last and not last.startswith(("Al-", "El-")):
        roll = rng.random()
        parts = last.split("-")
        if roll < 0.16:
            return parts[-1], "hyphenated_one_part"
        if roll < 0.22:
            return parts[0], "hyphenated_one_part"
        if roll < 0.30:
            return " ".join(parts), "hyphenated_space"
        return last, None
    if last.startswith(("Al-", "El-")) and rng.random() < 0.3:
        return (last[3:] if rng.random() < 0.5 else last[:2] + " " + last[3:]), "prefix"
    if " " in last and rng.random() < 0.15:
        return last.replace(" ", ""), "space"
    return last, None


def case_variation(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.75:
        return text.upper()
    if roll < 0.9:
        return text.lower()
    return text.title()  # McDonald -> Mcdonald, O'Neill stays


def date_error(rng: random.Random, born: date, latest: date) -> tuple[date, str]:
    """A date of birth as someone mis-keyed it: day and month swapped, a wrong year digit,
    a wrong day, or an unknown day recorded as the first."""
    roll = rng.random()
    year, month, day = born.year, born.month, born.day
    kind = "swapped_day_month"
    try:
        if roll < 0.4 and day <= 12 and day != month:
            result = date(year, day, month)
        elif roll < 0.7:
            kind = "wrong_year_digit"
            if rng.random() < 0.5:
                new_year = year + rng.choice((-1, 1))
            else:
                tens, units = divmod(year % 100, 10)
                new_year = year - year % 100 + units * 10 + tens  # 1987 -> 1978
                if new_year == year:
                    new_year = year + rng.choice((-10, 10))
            result = date(new_year, month, min(day, 28 if month == 2 else day))
        elif roll < 0.9:
            kind = "wrong_day"
            new_day = day + rng.choice((-1, 1, 10, -10))
            if not 1 <= new_day <= 28:
                new_day = (day % 28) + 1
            result = date(year, month, new_day)
        else:
            kind = "unknown_day"
            result = date(year, month, 1) if day != 1 else date(year, 1, 1)
    except ValueError:
        return born, ""
    if result > latest or result == born:
        return born, ""
    return result, kind


def street_variation(rng: random.Random, line: str) -> str:
    roll = rng.random()
    if roll < 0.5:
        head, _, last_word = line.rpartition(" ")
        short = STREET_ABBREVIATIONS.get(last_word)
        if short and head:
            return f"{head} {short}"
        return line
    if roll < 0.7:
        return line.upper()
    if roll < 0.85:
        number, _, rest = line.partition(" ")
        if number.isdigit():
            return f"{number}, {rest}"
        return line
    return line.lower()


def postcode_variation(rng: random.Random, postcode: str) -> str:
    roll = rng.random()
    if roll < 0.55:
        return postcode.replace(" ", "")
    if roll < 0.8:
        return postcode.lower()
    if roll < 0.9:
        return postcode.replace(" ", "  ")
    return postcode.lower().replace(" ", "")
